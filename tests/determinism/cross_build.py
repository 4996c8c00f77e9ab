#!/usr/bin/python3
"""Cross-build determinism check: the same scenario and seed give the same run on every build.

Runs every shipped scenario (at its own seed), and SEEDS further seeds of a few scenarios, with
each of several builds of `lastmile` (different compilers, optimisation levels and instruction
sets). Passes when, for every (scenario, seed):

  * every build prints the same event digest, and
  * every build's results file passes `lastmile replay --verify` on every other build; for
    the metro day (the benchmark, 3.4 million events), every build's file on the first build
    and the first build's file on the last (a star, so the slow -O0 build re-runs no metro
    day). `--verify` compares the whole file (metrics and tables) with a re-run, so the
    star's passing verifications join every build's file and re-run into one class of
    equals: all pairs would pass too.

Usage:
  cross_build.py --build NAME=BINARY [--build NAME=BINARY ...] --scenarios DIR --out DIR
                 [--seeds N] [--seeded city-mixed-fleet,safety-case] [--jobs N]

Prints one line per disagreement and a closing `N passed, N failed` line; exit 0 when every
check passed, 1 when any failed, 2 on bad usage.
"""

import argparse
import concurrent.futures
import os
import pathlib
import re
import subprocess
import sys

DIGEST_LINE = re.compile(r"^digest\s+([0-9a-f]{16})\s*$", re.MULTILINE)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="append", required=True, metavar="NAME=BINARY",
                        help="a build to compare (at least two)")
    parser.add_argument("--scenarios", required=True, type=pathlib.Path,
                        help="the folder of shipped scenarios (every *.yaml in it is run)")
    parser.add_argument("--out", required=True, type=pathlib.Path,
                        help="where to write the results files")
    parser.add_argument("--seeds", type=int, default=20,
                        help="how many extra seeds (1..N) of each --seeded scenario")
    parser.add_argument("--seeded", default="city-mixed-fleet,safety-case",
                        help="comma-separated scenario names run at the extra seeds")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    builds = []
    for item in args.build:
        name, sep, binary = item.partition("=")
        if not sep or not name or not binary:
            parser.error(f"--build takes NAME=BINARY, found '{item}'")
        if not os.access(binary, os.X_OK):
            parser.error(f"--build {name}: '{binary}' is not an executable")
        builds.append((name, binary))
    if len(builds) < 2:
        parser.error("give at least two --build")
    names = [name for name, _ in builds]
    if len(set(names)) != len(names):
        parser.error(f"--build names must differ, found {', '.join(names)}")
    return args, builds


class Case:
    """One (scenario, seed): a run on every build, then verifications between builds."""

    def __init__(self, scenario, seed, all_pairs):
        self.scenario = scenario
        self.seed = seed  # None: the scenario's own seed
        self.all_pairs = all_pairs  # otherwise the star described above
        self.digests = {}

    @property
    def label(self):
        seed = "own seed" if self.seed is None else f"seed {self.seed}"
        return f"{self.scenario.stem} ({seed})"

    def file_for(self, out, build_name):
        seed = "own" if self.seed is None else str(self.seed)
        return out / build_name / f"{self.scenario.stem}.seed-{seed}.h5"


def run_case(case, build, out):
    name, binary = build
    results = case.file_for(out, name)
    results.parent.mkdir(parents=True, exist_ok=True)
    command = [binary, "run", str(case.scenario), "-o", str(results)]
    if case.seed is not None:
        command += ["--seed", str(case.seed)]
    done = subprocess.run(command, capture_output=True, text=True)
    found = DIGEST_LINE.search(done.stdout)
    if done.returncode != 0 or found is None:
        return f"{case.label}: `{' '.join(command)}` exited {done.returncode}: " \
               f"{done.stderr.strip() or done.stdout.strip()}"
    case.digests[name] = found.group(1)
    return None


def verify(case, writer, checker, out):
    results = case.file_for(out, writer[0])
    command = [checker[1], "replay", str(results), "--verify"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stdout + done.stderr).strip().replace("\n", " | ")
        return f"{case.label}: the {writer[0]} file fails replay --verify on {checker[0]} " \
               f"(exit {done.returncode}): {detail}"
    return None


def main(argv):
    args, builds = parse_args(argv)
    scenarios = sorted(args.scenarios.glob("*.yaml"))
    if not scenarios:
        print(f"cross_build: no *.yaml in {args.scenarios}", file=sys.stderr)
        return 2
    by_name = {s.stem: s for s in scenarios}
    seeded = [n for n in args.seeded.split(",") if n]
    for name in seeded:
        if name not in by_name:
            print(f"cross_build: --seeded names '{name}', not a scenario in {args.scenarios}",
                  file=sys.stderr)
            return 2

    # The metro benchmark is large: its files are verified in a star only.
    cases = [Case(s, None, all_pairs=s.stem != "metro") for s in scenarios]
    cases += [Case(by_name[n], seed, all_pairs=True) for n in seeded
              for seed in range(1, args.seeds + 1)]

    failures = []
    checks = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = [pool.submit(run_case, case, build, args.out) for case in cases for build in builds]
        for future in runs:
            checks += 1
            if (message := future.result()) is not None:
                failures.append(message)

        verifications = []
        for case in cases:
            if len(case.digests) != len(builds):
                checks += 1
                missing = [name for name, _ in builds if name not in case.digests]
                failures.append(f"{case.label}: no digest from {', '.join(missing)}")
                continue
            checks += 1
            if len(set(case.digests.values())) != 1:
                listed = ", ".join(f"{b} {case.digests[b]}" for b, _ in builds)
                failures.append(f"{case.label}: digests differ: {listed}")
                continue
            n = len(builds)
            pairs = [(builds[i], builds[j]) for i in range(n) for j in range(n) if i != j] \
                if case.all_pairs else [(b, builds[0]) for b in builds[1:]] + [(builds[0], builds[-1])]
            verifications += [pool.submit(verify, case, w, c, args.out) for w, c in pairs]
        for future in verifications:
            checks += 1
            if (message := future.result()) is not None:
                failures.append(message)

    for case in cases:
        digests = sorted(set(case.digests.values()))
        print(f"{case.label:<32} {' '.join(digests) if digests else 'no digest'}")
    if not verifications:
        checks += 1
        failures.append("no cross-build verification ran")
    for message in failures:
        print(f"FAILED {message}")
    names = ", ".join(name for name, _ in builds)
    print(f"cross_build: {len(cases)} scenario-seed cases on {len(builds)} builds ({names}); "
          f"{len(runs)} runs, {len(verifications)} cross-build verifications")
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
