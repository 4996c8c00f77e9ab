#!/usr/bin/env bash
# Builds the whole test suite with AddressSanitizer and UndefinedBehaviorSanitizer (preset
# `asan`, build/asan, -fno-sanitize-recover=all) and runs it; any report fails its test.
#
#   tools/asan.sh               configure, build and run the suite (ctest --preset asan)
#   tools/asan.sh --build       only configure and build
#   tools/asan.sh --no-build    only run (the test suite builds once, in a test of its own)
#   tools/asan.sh -- ARGS       extra ctest arguments, e.g. -- -R scenario
#
# The asan test preset leaves out the notebooks (Python over a results file: no C++ of ours
# runs there but the CLI, which the CLI tests cover), the install-and-consume package test (it
# builds a separate project without the sanitizer runtime) and the clang-format check (nothing
# to sanitize). MPI ranks run with LeakSanitizer suppressions for Open MPI's own allocations
# (tools/lsan.supp; the preset hands them to the ranks alone). -Wno-maybe-uninitialized: GCC documents that the sanitizers' instrumentation
# makes that warning give false positives (it does, inside libstdc++'s <regex>); every other
# warning stays an error. -D_GLIBCXX_ASSERTIONS adds libstdc++'s bounds checks.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=1
run=1
extra=()
while (($#)); do
  case $1 in
    --build) run=0 ;;
    --no-build) build=0 ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) sed -n '2,/^set /{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "asan: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

cd "$source_dir"
if ((build)); then
  cmake --preset asan >/dev/null
  cmake --build --preset asan
fi
if ((run)); then
  ctest --preset asan "${extra[@]}"
fi
