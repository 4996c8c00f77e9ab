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
#   tools/fuzz.sh --jobs N results_file parallel fuzzing processes (results_file only)
#   tools/fuzz.sh --triage DIR          sort the results_file findings kept in DIR again
#
# Targets: scenario_loader, units, orders_csv, network_geojson, geojson, results_file
# (tests/fuzz/TARGET.cpp). results_file is seeded with results files made by the fuzz build's
# lastmile from the scenarios in tests/fuzz/results_file.seeds. Each
# run starts from tests/fuzz/corpus/TARGET plus whatever earlier runs added to the working
# corpus build/fuzz/corpus/TARGET (with --fresh, from a new copy of the seeds in
# build/fuzz/fresh-corpus/TARGET). A crash, a sanitizer report, a leak or an exception other
# than InputError stops the run with a non-zero exit and leaves the input in
# build/fuzz/artifacts/TARGET/; reproduce it with `build/fuzz/fuzz_TARGET FILE`, fix it, and
# add the file to tests/fuzz/corpus/TARGET/ so that every later run replays it.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$source_dir/build/fuzz
all_targets=(scenario_loader units orders_csv network_geojson geojson results_file)

build=1
fresh=0
runs=""
jobs=1
triage_dir=""
targets=()
seconds=600
while (($#)); do
  case $1 in
    --build) build=2 ;;
    --no-build) build=0 ;;
    --fresh) fresh=1 ;;
    --runs) runs=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --triage) triage_dir=$2; build=0; shift ;;
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

# Results files for fuzz_results_file's corpus, one per line of tests/fuzz/results_file.seeds.
make_results_seeds() {
  local into=$1 scenario duration options scratch
  scratch=$(mktemp -d)
  while IFS='|' read -r scenario duration options; do
    [[ -z $scenario || $scenario == \#* ]] && continue
    scenario=$(echo $scenario) duration=$(echo $duration)
    cp "$source_dir/tests/fuzz/corpus/scenario_loader/$scenario" "$scratch/$scenario"
    if [[ $duration != - ]]; then
      sed -i -E "s/^(  duration: )\"[^\"]*\"/\1\"$duration\"/" "$scratch/$scenario"
    fi
    # shellcheck disable=SC2086 # options are words
    "$build_dir/lastmile" run -q $options "$scratch/$scenario" -o "$into/seed-${scenario%.yaml}.h5"
  done <"$source_dir/tests/fuzz/results_file.seeds"
  rm -rf "$scratch"
}

# One finding of fuzz_results_file, replayed: prints "hdf5" when it happened inside the HDF5
# library (the first stack frame that is either in libhdf5 or in our sources is in libhdf5),
# "gone" when it does not reproduce, and "ours" otherwise, with the report on stderr. The
# replay allows 20 s where the campaign allowed 2: an input that was merely slow on a busy
# machine is not a hang.
classify_finding() {
  local binary=$1 input=$2 report frame
  if report=$("$binary" -timeout=20 -rss_limit_mb=2560 "$input" 2>&1); then
    echo gone
    return
  fi
  frame=$(grep -E '^ +#[0-9]+ ' <<<"$report" |
    grep -E 'libhdf5|/sim/|/include/lastmile/|/tests/fuzz/' | head -n 1)
  if [[ $frame == *libhdf5* ]]; then
    echo hdf5
  else
    echo ours
    { echo "fuzz: results_file: a finding in LastMile's code: $input"
      grep -E 'ERROR|SUMMARY|fuzz finding|^ +#[0-9]+ ' <<<"$report" | head -n 30; } >&2
  fi
}

# triage_results BINARY ARTIFACTS: sorts every finding in ARTIFACTS, $jobs at a time; fails
# when one is in our code.
triage_results() {
  local binary=$1 artifacts=$2 verdicts ours hdf5 gone
  export -f classify_finding
  verdicts=$(find "$artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' \
    -o -name 'oom-*' -o -name 'leak-*' \) -print0 | sort -z |
    xargs -0 -r -P "$jobs" -n 1 bash -c 'classify_finding "$0" "$1"' "$binary")
  hdf5=$(grep -c '^hdf5$' <<<"$verdicts" || true)
  ours=$(grep -c '^ours$' <<<"$verdicts" || true)
  gone=$(grep -c '^gone$' <<<"$verdicts" || true)
  echo "fuzz: results_file: findings inside the HDF5 library: $hdf5 (contained: the commands" \
    "read such files in a child process); findings in LastMile: $ours; not reproduced: $gone" \
    "($artifacts)"
  ((ours == 0))
}

# fuzz_results_file BINARY CORPUS ARTIFACTS LIMIT: results files reach the HDF5 library's own
# parser before any code of ours, and that parser crashes, loops or leaks on some damaged files
# (HDF5 1.10.8's global heap). The commands contain that: they parse a file from elsewhere only
# in a child process (output::read_untrusted_run_file). So this target runs in libFuzzer's
# fork mode, which goes on after a finding, and each finding is then replayed and sorted by
# where it happened: inside libhdf5 (counted; the commands turn it into exit 2), or in
# LastMile's code (a failure of this run, like any other target's).
fuzz_results_file() {
  local binary=$1 corpus=$2 artifacts=$3 limit=$4 log executions
  artifacts=$artifacts/$(date -u +%Y%m%dT%H%M%S)
  mkdir -p "$artifacts"
  log=$artifacts/fuzz.log
  export LSAN_OPTIONS=suppressions=$source_dir/tests/fuzz/results_file.lsan.supp
  "$binary" "$limit" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -timeout=2 \
    -rss_limit_mb=2560 -max_len=262144 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || true
  executions=$(grep -oE 'fuzzed for [0-9]+ iterations|^#[0-9]+' "$log" | grep -oE '[0-9]+' | tail -n 1)
  echo "fuzz: results_file: ${executions:-0} executions (log: $log)"
  triage_results "$binary" "$artifacts"
}

if [[ -n $triage_dir ]]; then
  export LSAN_OPTIONS=suppressions=$source_dir/tests/fuzz/results_file.lsan.supp
  triage_results "$build_dir/fuzz_results_file" "$triage_dir"
  exit
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
  if [[ -d $source_dir/tests/fuzz/corpus/$target ]]; then
    cp -f "$source_dir/tests/fuzz/corpus/$target/"* "$corpus/"
  fi
  max_len=16384
  if [[ $target == results_file ]]; then
    make_results_seeds "$corpus"
    max_len=262144
  fi
  limit=(-max_total_time="$seconds")
  [[ -n $runs ]] && limit=(-runs="$runs")
  dict=()
  [[ -f $source_dir/tests/fuzz/$target.dict ]] && dict=(-dict="$source_dir/tests/fuzz/$target.dict")
  echo "fuzz: $target ${limit[*]}"
  if [[ $target == results_file ]]; then
    fuzz_results_file "$binary" "$corpus" "$artifacts" "${limit[@]}" || status=1
    continue
  fi
  # -timeout: one input taking longer than 60 s is a finding (a hang: the slowest inputs seen,
  # large generated corridor grids, take seconds under sanitizers); -rss_limit_mb likewise
  # for memory. -print_final_stats gives the execution count and speed at the end.
  if ! "$binary" "${limit[@]}" "${dict[@]}" -timeout=60 -rss_limit_mb=2560 -max_len=$max_len \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus"; then
    echo "fuzz: $target FAILED: the input is in $artifacts/" >&2
    status=1
  fi
done
exit $status
