#!/usr/bin/env bash
# What SLURM adds to a sweep: the same 3-point tiny sweep run on this computer and through a
# single-node SLURM cluster started for the purpose (tests/support/slurm-cluster.sh), one CPU per
# task like the local run's one thread. Prints the wall time of each, each array task's wait from
# submission to start (scontrol), and whether the two sweep.csv files are identical.
#   bash bench/cluster_overhead.sh [BUILD_DIR]      (default: build)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
cli=$build/app/cli/flicker-cli
work=$(mktemp -d)
trap 'bash "$root/tests/support/slurm-cluster.sh" stop "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export FLICKER_SLURM_PORT=${FLICKER_SLURM_PORT:-23817}
eval "$(bash "$root/tests/support/slurm-cluster.sh" start "$work/cluster")"
sweep=(sweep --data demo --demo-reviews 1000 --hidden 4,8,16 --epochs 2 --reviews 20 --steps 200
       --no-controls --embedding 16)

start=$(date +%s.%N)
"$cli" "${sweep[@]}" --threads 1 --out "$work/local" >/dev/null 2>&1
local_s=$(echo "$(date +%s.%N) - $start" | bc)

start=$(date +%s.%N)
"$cli" "${sweep[@]}" --out "$work/slurm" --slurm --cpus-per-task 1 >/dev/null 2>&1
job=$(python3 -c "import json,sys; print(json.load(open('$work/slurm/plan.json'))['slurm']['jobs'][0])")
while [ -n "$(squeue -h -o %i)" ]; do sleep 0.2; done
slurm_s=$(echo "$(date +%s.%N) - $start" | bc)

echo "3-point sweep (H = 4, 8, 16; 2 epochs on 1,000 + 1,000 demo reviews; 20 reviews studied)"
printf '  on this computer, 1 thread, points one after another: %6.1f s\n' "$local_s"
printf '  through SLURM, 1 CPU per task, up to %s tasks at once:  %6.1f s (submission to collected)\n' "$(nproc)" "$slurm_s"
for k in 0 1 2; do
    line=$(scontrol show job "${job}_$k" 2>/dev/null | tr ' ' '\n' | grep -E '^(SubmitTime|StartTime|EndTime)=' | tr '\n' ' ')
    sub=$(date -d "$(echo "$line" | sed -E 's/.*SubmitTime=([^ ]+).*/\1/')" +%s)
    beg=$(date -d "$(echo "$line" | sed -E 's/.*StartTime=([^ ]+).*/\1/')" +%s)
    end=$(date -d "$(echo "$line" | sed -E 's/.*EndTime=([^ ]+).*/\1/')" +%s)
    echo "  array task $k: waited $((beg - sub)) s from submission to start, ran $((end - beg)) s"
done
if cmp -s "$work/local/sweep.csv" "$work/slurm/sweep.csv"; then
    echo "  sweep.csv: identical"
else
    echo "  sweep.csv: DIFFERENT"; diff "$work/local/sweep.csv" "$work/slurm/sweep.csv" | head
fi
