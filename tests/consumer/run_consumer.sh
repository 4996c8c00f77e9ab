#!/usr/bin/env bash
# Installs the built project into a scratch prefix, builds tests/consumer against it with
# find_package(lastmile), and runs it on a shipped scenario, with LastMile's dispatch policy and
# with one the consumer registers itself.
# Usage: run_consumer.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 source=$2 work=$3
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$source/tests/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer" "$source/scenarios/city-mixed-fleet.yaml"
