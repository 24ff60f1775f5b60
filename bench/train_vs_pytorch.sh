#!/usr/bin/env bash
# Training throughput of Flicker (LibTorch, C++) against PyTorch from Python on the same
# reviews and the same thread counts. Needs python3-torch (Debian) and a built bench_model.
#   bench/train_vs_pytorch.sh [BUILD_DIR] [REVIEWS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../build}
reviews=${2:-3000}
data=$(mktemp --suffix=.txt)
trap 'rm -f "$data"' EXIT
"$build/bench/bench_model" --reviews "$reviews" --train-only --write-data "$data" | tee /tmp/flicker_train.txt
echo
for t in 1 2; do /usr/bin/python3 "$here/train_pytorch.py" "$data" "$t"; done | tee /tmp/pytorch_train.txt
/usr/bin/python3 "$here/train_pytorch.py" "$data" 1 --packed   # the textbook way, for reference
echo
for t in 1 2; do
    ours=$(grep "threads $t:" /tmp/flicker_train.txt | awk '{print $4}')
    theirs=$(grep "threads $t:" /tmp/pytorch_train.txt | awk '{print $7}')
    awk -v a="$ours" -v b="$theirs" -v t="$t" 'BEGIN { printf "threads %d: Flicker / PyTorch = %.2f\n", t, a / b }'
done
