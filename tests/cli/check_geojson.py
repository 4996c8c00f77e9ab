"""Checks a `lastmile export --geojson` file against the results file it came from.

Usage: check_geojson.py RUN.h5 EXPORT.geojson EPOCH_S
Exits non-zero with a message on the first mismatch. Runs on Debian's python3 (h5py, numpy).
"""
import collections
import json
import sys

import h5py
import numpy as np

run_path, geojson_path, epoch = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(geojson_path) as f:
    doc = json.load(f)
assert doc["type"] == "FeatureCollection", doc["type"]
kinds = collections.Counter(feature["properties"]["kind"] for feature in doc["features"])

with h5py.File(run_path, "r") as run:
    tracks = run["flight_tracks"][:]
    segments = len(run["segments"])
    safety = run["safety"][:]

# One LineString per flight leg, vertex for vertex the recorded track, times and all.
legs = collections.defaultdict(list)
for row in tracks:
    legs[(int(row["flight"]), int(row["leg"]))].append(row)
assert kinds["flight"] == len(legs), (kinds["flight"], len(legs))
for feature in doc["features"]:
    props = feature["properties"]
    if props["kind"] != "flight":
        continue
    points = legs[(props["flight"], props["leg"])]
    coords = np.array(feature["geometry"]["coordinates"], dtype=float)
    assert feature["geometry"]["type"] == "LineString"
    assert coords.shape == (len(points), 4), (coords.shape, len(points))
    times = np.array([p["time_s"] for p in points])
    assert np.allclose(props["times_s"], times, atol=5e-4), props["flight"]
    assert np.all(np.diff(props["times_s"]) >= 0), "times go backwards"
    assert np.allclose(coords[:, 0], [p["lon_deg"] for p in points], atol=1e-7)
    assert np.allclose(coords[:, 1], [p["lat_deg"] for p in points], atol=1e-7)
    assert np.allclose(coords[:, 2], [p["altitude_m"] for p in points], atol=0.05)
    assert np.allclose(coords[:, 3], epoch + times, atol=5e-4), "kepler.gl timestamps"

assert kinds["corridor"] == segments, (kinds["corridor"], segments)
located = int(np.sum(~np.isnan(safety["lat_deg"])))
assert kinds["safety_event"] == located, (kinds["safety_event"], located)
for feature in doc["features"]:
    if feature["properties"]["kind"] == "geofence":
        ring = feature["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1], "geofence ring not closed"
print("ok:", dict(kinds))
