#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`, build/fuzz, clang with ASan and UBSan) and runs
# them on a working copy of their seed corpus.
#
#   tools/fuzz.sh                       build, then run every target for 10 minutes
#   tools/fuzz.sh TARGET [SECONDS]      build, then run one target (default 600 s)
#   tools/fuzz.sh --runs N TARGET       build, then run one target for N executions
#   tools/fuzz.sh --build               only build
#   tools/fuzz.sh --no-build TARGET S   run without building (the test suite builds once)
#   tools/fuzz.sh --fresh TARGET S      start from the seeds alone (what the test suite does)
#
# Targets: scenario_loader, units, orders_csv, network_geojson, geojson (tests/fuzz/TARGET.cpp).
# Each
# run starts from tests/fuzz/corpus/TARGET plus whatever earlier runs added to the working
# corpus build/fuzz/corpus/TARGET (with --fresh, from a new copy of the seeds in
# build/fuzz/fresh-corpus/TARGET). A crash, a sanitizer report, a leak or an exception other
# than InputError stops the run with a non-zero exit and leaves the input in
# build/fuzz/artifacts/TARGET/; reproduce it with `build/fuzz/fuzz_TARGET FILE`, fix it, and
# add the file to tests/fuzz/corpus/TARGET/ so that every later run replays it.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$source_dir/build/fuzz
all_targets=(scenario_loader units orders_csv network_geojson geojson)

build=1
fresh=0
runs=""
targets=()
seconds=600
while (($#)); do
  case $1 in
    --build) build=2 ;;
    --no-build) build=0 ;;
    --fresh) fresh=1 ;;
    --runs) runs=$2; shift ;;
    -h | --help) sed -n '2,/^set /{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) seconds=$1 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
((${#targets[@]})) || targets=("${all_targets[@]}")

cd "$source_dir"
if ((build)); then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
  ((build == 2)) && exit 0
fi

status=0
for target in "${targets[@]}"; do
  binary=$build_dir/fuzz_$target
  if [[ ! -x $binary ]]; then
    echo "fuzz: no $binary (targets: ${all_targets[*]})" >&2
    exit 2
  fi
  corpus=$build_dir/corpus/$target
  if ((fresh)); then
    corpus=$build_dir/fresh-corpus/$target
    rm -rf "$corpus"
  fi
  artifacts=$build_dir/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  # The seeds first, so a reproducer added there is replayed even after the working corpus grew.
  cp -f "$source_dir/tests/fuzz/corpus/$target/"* "$corpus/"
  limit=(-max_total_time="$seconds")
  [[ -n $runs ]] && limit=(-runs="$runs")
  dict=()
  [[ -f $source_dir/tests/fuzz/$target.dict ]] && dict=(-dict="$source_dir/tests/fuzz/$target.dict")
  echo "fuzz: $target ${limit[*]}"
  # -timeout: one input taking longer than 10 s is a finding (a hang); -rss_limit_mb likewise
  # for memory. -print_final_stats gives the execution count and speed at the end.
  if ! "$binary" "${limit[@]}" "${dict[@]}" -timeout=10 -rss_limit_mb=2560 -max_len=16384 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus"; then
    echo "fuzz: $target FAILED: the input is in $artifacts/" >&2
    status=1
  fi
done
exit $status
