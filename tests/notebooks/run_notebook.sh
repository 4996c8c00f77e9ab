#!/usr/bin/env bash
# Executes a notebook headless against a fresh run of a scenario; fails if any cell errors or
# if the notebook draws no figure.
# With a sweep file as fifth argument, the sweep is run too and its summary handed over.
# Usage: run_notebook.sh LASTMILE_BINARY NOTEBOOK SCENARIO WORK_DIR [SWEEP]
set -euo pipefail
binary=$1 notebook=$2 scenario=$3 work=$4 sweep=${5:-}

rm -rf "$work"
mkdir -p "$work/figures"
"$binary" run "$scenario" -o "$work/result.h5" --quiet
if [[ -n $sweep ]]; then
  "$binary" sweep "$sweep" -o "$work/sweep" --quiet
  export LASTMILE_SWEEP_SUMMARY="$work/sweep/summary.h5"
fi

# Debian's interpreter and nbconvert: they have h5py, pandas and matplotlib, whatever python3
# comes first on PATH.
LASTMILE_RESULT="$work/result.h5" LASTMILE_FIGURE_DIR="$work/figures" \
  /usr/bin/jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
  --output-dir "$work" --output executed.ipynb "$notebook" 2>"$work/nbconvert.log" || {
  cat "$work/nbconvert.log" >&2
  exit 1
}
figures=$(find "$work/figures" -name '*.png' -size +1k | wc -l)
if [[ $figures -lt 1 ]]; then
  echo "the notebook drew no figure into $work/figures" >&2
  exit 1
fi
echo "executed $(basename "$notebook"): $figures figure(s) in $work/figures"
