#!/usr/bin/python3
"""Metro-scale runs: wall time, peak memory and results file size against demand.

Writes the metro scenario (tools/bench/metro.py) at 25,000, 50,000, 100,000 and 200,000 orders
a day, with the fleet scaled in proportion, runs each REPEATS times with BUILD/lastmile, and
prints the median wall time, peak resident memory and file size of each, with events and
orders per second (for comparing builds), and how each grows relative to the smallest. Writes
the table as CSV and a plot (PNG) into OUT_DIR.

Usage: tools/bench/metro_scaling.py BUILD/lastmile [OUT_DIR] [REPEATS]
"""
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metro  # noqa: E402  (the scenario generator beside this script)

SIZES = (25_000, 50_000, 100_000, 200_000)


def run_once(binary, scenario, result):
    """Wall seconds, peak RSS (MiB) and the run's summary for one run."""
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "run", scenario, "-o", result], stdout=subprocess.PIPE,
                            text=True)
    summary = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{scenario}: lastmile exited with {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, summary


def parse_summary(text):
    events = int(re.search(r"· (\d+) events", text).group(1))
    orders = int(re.search(r"orders\s+(\d+) created", text).group(1))
    digest = re.search(r"digest\s+([0-9a-f]+)", text).group(1)
    return events, orders, digest


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="metro-scaling-")
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    os.makedirs(out, exist_ok=True)
    rows = []
    print(f"{'orders/day':>10} {'drones':>7} {'robots':>7} {'events':>10} {'wall s':>7} "
          f"{'peak MiB':>9} {'file MB':>8} {'events/s':>10} {'orders/s':>9} {'wall ratio':>10}")
    for size in SIZES:
        scenario = os.path.join(out, f"metro-{size}.yaml")
        with open(scenario, "w") as f:
            f.write(metro.scenario(size))
        result = os.path.join(out, f"metro-{size}.h5")
        walls, peaks, digests = [], [], set()
        for _ in range(repeats):
            wall, peak, summary = run_once(binary, scenario, result)
            events, orders, digest = parse_summary(summary)
            walls.append(wall)
            peaks.append(peak)
            digests.add(digest)
        if len(digests) != 1:
            sys.exit(f"metro-{size}: runs gave different digests {sorted(digests)}")
        wall = statistics.median(walls)
        file_mb = os.path.getsize(result) / 1e6
        text = open(scenario).read()
        drones = sum(int(m) for m in re.findall(r"type: quad-2.5kg, depot: \S+, count: (\d+)", text))
        robots = sum(int(m) for m in re.findall(r"type: rover-3, depot: \S+, count: (\d+)", text))
        rows.append(dict(orders_per_day=size, orders=orders, drones=drones, robots=robots,
                         events=events, wall_s=wall, wall_min_s=min(walls),
                         wall_max_s=max(walls), peak_mib=max(peaks), file_mb=file_mb,
                         digest=digests.pop()))
        ratio = wall / rows[0]["wall_s"]
        print(f"{size:>10,} {drones:>7,} {robots:>7,} {events:>10,} {wall:>7.2f} "
              f"{max(peaks):>9.0f} {file_mb:>8.1f} {events / wall:>10.3g} {orders / wall:>9.0f} "
              f"{ratio:>9.2f}x", flush=True)
    with open(os.path.join(out, "metro_scaling.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    plot(rows, os.path.join(out, "metro_scaling.png"))
    print(f"table and plot in {out}")


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["orders_per_day"] / 1000 for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    wall = [r["wall_s"] for r in rows]
    left.errorbar(x, wall, yerr=[[r["wall_s"] - r["wall_min_s"] for r in rows],
                                 [r["wall_max_s"] - r["wall_s"] for r in rows]],
                  marker="o", capsize=3, label="measured (median, range)")
    left.plot(x, [wall[0] * v / x[0] for v in x], "--", color="grey", label="linear from 25k")
    left.set_xlabel("orders per day (thousands)")
    left.set_ylabel("wall time [s]")
    left.legend()
    right.plot(x, [r["peak_mib"] for r in rows], marker="o", label="peak RSS [MiB]")
    right.plot(x, [r["file_mb"] for r in rows], marker="s", label="results file [MB]")
    right.set_xlabel("orders per day (thousands)")
    right.legend()
    fig.suptitle("lastmile run, metro scenario scaled with demand (one core)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
