#!/usr/bin/python3
"""Safety monitoring cost against fleet size.

Builds a city of identical 6.4 km corridor tiles side by side (two depots, 250 drones and
1,500 orders per hour per tile), runs 250, 500, 1,000 and 2,000 drones for four hours each,
and prints flights, leg pairs the separation monitor compared, loss-of-separation events and
wall time. Linear cost shows as a constant number of pair checks per flight.

Usage: tools/bench/safety_scaling.py BUILD/lastmile [OUT_DIR]
"""
import os
import subprocess
import sys
import tempfile
import time

import h5py

TILE_KM = 6.4
LAT0, LON0 = 48.137, 11.575
M_PER_DEG_LON = 111320 * 0.6678  # cos(48.137 deg)
M_PER_DEG_LAT = 111195


def scenario(tiles):
    cols = 8 * tiles + 1
    width_m = 800 * (cols - 1)
    depots, fleets, zones = [], [], []
    for t in range(tiles):
        x0 = -width_m / 2 + t * TILE_KM * 1000
        for k, dx in enumerate((1600, 4800)):  # on grid nodes
            lon = LON0 + (x0 + dx) / M_PER_DEG_LON
            depots.append(f"""  - id: d{t}-{k}
    location: {{lat: {LAT0}, lon: {lon:.6f}}}
    pads: 12
    loading_time: "30 s"
    chargers: {{count: 125, power: "1.5 kW"}}""")
            fleets.append(f"  - {{id: f{t}-{k}, type: quad, depot: d{t}-{k}, count: 125}}")
        west = LON0 + x0 / M_PER_DEG_LON
        east = LON0 + (x0 + TILE_KM * 1000) / M_PER_DEG_LON
        south = LAT0 - 3000 / M_PER_DEG_LAT
        north = LAT0 + 3000 / M_PER_DEG_LAT
        zones.append(f"""    - id: z{t}
      rate: "1500 /h"
      parcel_weight: {{min: "0.3 kg", max: "2.4 kg"}}
      polygon:
        - {{lat: {south:.6f}, lon: {west:.6f}}}
        - {{lat: {south:.6f}, lon: {east:.6f}}}
        - {{lat: {north:.6f}, lon: {east:.6f}}}
        - {{lat: {north:.6f}, lon: {west:.6f}}}""")
    nl = "\n"
    return f"""schema: 1
name: safety-scaling-{tiles}
simulation: {{duration: "4 h", start_time: "10:00", seed: 99}}
frame: {{origin: {{lat: {LAT0}, lon: {LON0}}}}}
depots:
{nl.join(depots)}
drone_types:
  - id: quad
    max_payload: "2.5 kg"
    battery: {{capacity: "500 Wh", usable: "95 %", reserve: "25 %"}}
    cruise_speed: "16 m/s"
    cruise_altitude: "60 m"
    climb_rate: "4 m/s"
    descent_rate: "3 m/s"
    takeoff_time: "10 s"
    landing_time: "10 s"
    drop_time: "40 s"
    energy: {{model: empirical, per_distance: "25 Wh/km", per_takeoff_landing: "8 Wh", hover_power: "800 W"}}
fleets:
{nl.join(fleets)}
demand:
  zones:
{nl.join(zones)}
airspace:
  grid:
    center: {{lat: {LAT0}, lon: {LON0}}}
    rows: 9
    cols: {cols}
    spacing: "800 m"
    lanes:
      east: {{min: "45 m", max: "55 m"}}
      west: {{min: "65 m", max: "75 m"}}
      north: {{min: "85 m", max: "95 m"}}
      south: {{min: "105 m", max: "115 m"}}
    half_width: "10 m"
    speed_limit: "15 m/s"
    separation: "100 m"
  separation: {{horizontal: "50 m", vertical: "10 m", nmac_horizontal: "15 m", nmac_vertical: "5 m", terminal_radius: "150 m"}}
  deconfliction: {{buffer: "1 s", max_ground_delay: "20 min"}}
"""


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="safety-scaling-")
    os.makedirs(out, exist_ok=True)
    print(f"{'drones':>7} {'flights':>8} {'pair checks':>12} {'checks/flight':>14} "
          f"{'LoS':>6} {'wall s':>7} {'ms/flight':>10}")
    for tiles in (1, 2, 4, 8):
        path = os.path.join(out, f"scaling-{tiles}.yaml")
        with open(path, "w") as f:
            f.write(scenario(tiles))
        result = os.path.join(out, f"scaling-{tiles}.h5")
        start = time.perf_counter()
        subprocess.run([binary, "run", path, "-o", result], check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        with h5py.File(result) as h5:
            metric = lambda name: float(h5["metrics"][name][()])
            flights = int((h5["flights"]["leg"] == 0).sum())
            checks = metric("separation_pair_checks")
            los = metric("safety_loss_of_separation")
        print(f"{250 * tiles:>7} {flights:>8} {checks:>12.0f} {checks / flights:>14.1f} "
              f"{los:>6.0f} {wall:>7.2f} {1000 * wall / flights:>10.3f}")


if __name__ == "__main__":
    main()
