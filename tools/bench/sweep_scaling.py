#!/usr/bin/python3
"""Sweep throughput on one worker thread against several.

Two sweeps, each run into fresh directories with -j1 and with -jN, alternating, several times:
- equal-sized runs: 24 replications of scenarios/bvlos-corridors.yaml (a 12-hour corridor
  city, about 0.1 s a run);
- the shipped sweep, scenarios/sweeps/raas-vs-owned.yaml (27 variants x 5 replications of a
  simulated city day, about 35 ms a run, so loading the variants and writing the summary, done
  once, weigh more).
Prints median wall times, runs per second and the speed-up -j1/-jN measured side by side.

Usage: tools/bench/sweep_scaling.py BUILD/lastmile [JOBS] [REPEATS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED = os.path.join(ROOT, "scenarios", "sweeps", "raas-vs-owned.yaml")
EQUAL = f"""schema: 1
name: equal-runs
base: {os.path.join(ROOT, "scenarios", "bvlos-corridors.yaml")}
seed: 1
replications: 24
grid:
  simulation.seed: [1]
"""


def timed(binary, sweep, jobs, work):
    out = os.path.join(work, f"j{jobs}")
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([binary, "sweep", sweep, "-o", out, "-j", str(jobs), "-q"], check=True)
    return time.perf_counter() - started


def measure(binary, name, sweep, runs, jobs, repeats, work):
    walls = {1: [], jobs: []}
    timed(binary, sweep, 1, work)  # warm the page cache and the binary
    for _ in range(repeats):
        for j in (1, jobs):
            walls[j].append(timed(binary, sweep, j, work))
    print(f"{name}: {runs} runs, {repeats} repeats")
    print(f"{'jobs':>5} {'median wall s':>14} {'runs/s':>8}")
    for j in (1, jobs):
        m = statistics.median(walls[j])
        print(f"{j:>5} {m:>14.2f} {runs / m:>8.1f}")
    ratio = statistics.median(walls[1]) / statistics.median(walls[jobs])
    print(f"speed-up -j{jobs} over -j1: {ratio:.2f}x\n")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count() or 2
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with tempfile.TemporaryDirectory(prefix="lastmile-sweep-bench-") as work:
        equal = os.path.join(work, "equal.yaml")
        with open(equal, "w") as f:
            f.write(EQUAL)
        measure(binary, "equal-sized runs (bvlos-corridors x 24)", equal, 24, jobs, repeats, work)
        measure(binary, "shipped sweep (raas-vs-owned)", SHIPPED, 27 * 5, jobs, repeats, work)

if __name__ == "__main__":
    main()
