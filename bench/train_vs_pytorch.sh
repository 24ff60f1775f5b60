#!/usr/bin/env bash
# Training throughput of Flicker's two LSTM layers (the fused one and torch::nn::LSTM, both
# LibTorch from C++) against PyTorch from Python on the same reviews, batching and thread
# counts, all measured in this one run, at the default size (H = 64) and at H = 512.
# PyTorch runs with OpenBLAS at one thread, as Flicker does (configureTorchThreads): left to
# itself OpenBLAS starts its own threads beside torch's and PyTorch is several times slower on
# 2 cores, which would flatter the ratios. Needs python3-torch (Debian) and a built bench_model.
#   bench/train_vs_pytorch.sh [BUILD_DIR] [REVIEWS at H = 64] [REVIEWS at H = 512]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../build}
reviews64=${2:-3000}
reviews512=${3:-300}
data=$(mktemp --suffix=.txt)
ours=$(mktemp) theirs=$(mktemp)
trap 'rm -f "$data" "$ours" "$theirs"' EXIT
for hidden in 64 512; do
    reviews=$reviews64
    [ "$hidden" = 512 ] && reviews=$reviews512
    echo "== H = $hidden, $reviews reviews"
    "$build/bench/bench_model" --reviews "$reviews" --hidden "$hidden" --train-only \
        --write-data "$data" | tee "$ours"
    for t in 1 2; do
        OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/train_pytorch.py" "$data" "$t" \
            --hidden "$hidden"
    done | tee "$theirs"
    for t in 1 2; do
        py=$(grep "threads $t:" "$theirs" | awk '{print $9}')
        for kernel in fused LibTorch; do
            flicker=$(grep "^ *$kernel  *threads $t:" "$ours" | awk '{print $4}')
            awk -v a="$flicker" -v b="$py" -v t="$t" -v k="$kernel" -v h="$hidden" \
                'BEGIN { printf "H = %d, threads %d: Flicker %-8s / PyTorch = %.2f\n",
                         h, t, k, a / b }'
        done
        fused=$(grep "^ *fused  *threads $t:" "$ours" | awk '{print $4}')
        lib=$(grep "^ *LibTorch  *threads $t:" "$ours" | awk '{print $4}')
        awk -v a="$fused" -v b="$lib" -v t="$t" -v h="$hidden" \
            'BEGIN { printf "H = %d, threads %d: fused / torch::nn::LSTM = %.2f\n", h, t, a / b }'
    done
    echo
done
if [ "${PACKED:-0}" = 1 ]; then # the textbook way, for reference (slow)
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/train_pytorch.py" "$data" 1 --packed
fi
