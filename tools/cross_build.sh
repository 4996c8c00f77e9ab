#!/usr/bin/env bash
# Cross-build determinism check: builds `lastmile` four ways and requires every shipped
# scenario, and 20 seeds of two of them, to give the same event digest on every build, and
# each build's results files to pass `replay --verify` on the others
# (tests/determinism/cross_build.py says exactly which pairs).
#
#   tools/cross_build.sh                 configure, build, then check
#   tools/cross_build.sh --build         only configure and build
#   tools/cross_build.sh --no-build      only check (the test suite builds once)
#   tools/cross_build.sh --also NAME=BINARY   one more build to compare (the test suite adds
#                                        its own, GCC -O2 -g: RelWithDebInfo)
#   tools/cross_build.sh --seeds N       extra seeds per seeded scenario (default 20)
#
# The builds: GCC -O3 (preset release, build/release: the README's first command), GCC -O0
# (preset cross-gcc-O0), GCC -O3 -march=native (cross-gcc-native: on a processor with FMA and
# AVX-512 it shows that no multiply-add is fused) and Clang -O3 (cross-clang-O3). Results
# files go to build/cross/runs.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=1
run=1
seeds=20
extra=()
while (($#)); do
  case $1 in
    --build) run=0 ;;
    --no-build) build=0 ;;
    --also) extra+=(--build "$2"); shift ;;
    --seeds) seeds=$2; shift ;;
    -h | --help) sed -n '2,/^set /{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cross_build: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

cd "$source_dir"
presets=(cross-gcc-O0 cross-gcc-native cross-clang-O3)
if ((build)); then
  cmake --preset release >/dev/null
  cmake --build --preset release --target lastmile
  for preset in "${presets[@]}"; do
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
  done
fi
if ((run)); then
  if ! grep -qw fma /proc/cpuinfo 2>/dev/null; then
    echo "cross_build: this processor has no FMA: the -march=native build cannot show that no" \
         "multiply-add is fused here" >&2
  fi
  out=build/cross/runs
  rm -rf "$out"
  /usr/bin/python3 tests/determinism/cross_build.py --scenarios scenarios --out "$out" \
    --seeds "$seeds" --jobs 2 \
    --build gcc-O3=build/release/lastmile \
    --build gcc-O0=build/cross/gcc-O0/lastmile \
    --build gcc-native=build/cross/gcc-native/lastmile \
    --build clang-O3=build/cross/clang-O3/lastmile \
    "${extra[@]}"
fi
