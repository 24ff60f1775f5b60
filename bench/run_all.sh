#!/usr/bin/env bash
# Runs every benchmark and prints its figures (see BENCHMARKS.md). Needs a built tree
# (packaging/build.sh) and, for the PyTorch comparison, python3-torch. Pass the IMDb archive
# to also time reading, training and studying real data:
#   bench/run_all.sh [BUILD_DIR] [IMDB_ARCHIVE]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../build}
imdb=${2:-}
echo "== DFA throughput (bench_dfa)"; "$build/bench/bench_dfa"
echo; echo "== LSTM training and recording (bench_model)"; "$build/bench/bench_model" --reviews 3000
echo; echo "== Selecting a review in the explorer (bench_explorer)"; "$build/bench/bench_explorer"
echo; echo "== How cost grows: study files, explorer, training memory, study (BENCHMARKS.md)"
"$build/bench/bench_study_file"
"$build/bench/bench_explorer" --growth
"$build/bench/bench_growth" train
"$build/bench/bench_growth" study --reviews 100,300,1000,3000,10000,25000 # about 20 minutes
if command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo; echo "== Training: Flicker vs PyTorch from Python"; "$here/train_vs_pytorch.sh" "$build" 3000
fi
if [[ -n "$imdb" ]]; then
    echo; echo "== Reading the IMDb archive (bench_read)"; "$build/bench/bench_read" "$imdb" --repeat 3
    work=$(mktemp -d)
    echo; echo "== Default model on IMDb (10 epochs)"
    /usr/bin/time -f "%e s wall" "$build/app/cli/flicker-cli" train --data "$imdb" --out "$work/imdb.flicker" --json | grep -E '"(test_accuracy|seconds)"' | tail -2
    echo; echo "== Study of all long IMDb test reviews, seven kinds, no controls"
    /usr/bin/time -f "%e s wall" "$build/app/cli/flicker-cli" study --model "$work/imdb.flicker" --data "$imdb" --no-controls --out "$work/study" | grep -E '^(x|h|internal|external) '
    rm -rf "$work"
fi
