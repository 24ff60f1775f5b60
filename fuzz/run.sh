#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, AddressSanitizer + UBSan, build-fuzz/) and runs each for
# SECONDS seconds, starting from its committed seed corpus (fuzz/corpus/<harness>/), the inputs
# that once found a bug (fuzz/regressions/<harness>/, each also a test in the suite) plus what
# earlier runs found (build-fuzz/corpus/<harness>/). Prints executions and coverage per harness;
# exits 1 when any harness found a crash, leak, timeout or undefined behaviour (the input that
# did it is kept in build-fuzz/findings/<harness>/ and named in the output).
#   fuzz/run.sh SECONDS [HARNESS …]   e.g. fuzz/run.sh 60, fuzz/run.sh 600 fuzz_csv
#   fuzz/run.sh --replay               runs every harness once over its committed corpus only
#                                      (deterministic: what CI could run; exit 1 on a finding)
#   fuzz/run.sh --seeds                remakes fuzz/corpus/ with fuzz_seeds (then commit it)
#   FUZZ_JOBS=N                        harnesses run at once (default: the number of cores)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${FLICKER_FUZZ_BUILD_DIR:-$root/build-fuzz}

if [[ $# -lt 1 ]]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
# clang and its runtimes (libFuzzer, the sanitizers) from Debian, installed when missing
if ! command -v clang++ > /dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a > /dev/null 2>&1; then
    sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    "${sudo[@]}" apt-get install -y clang libclang-rt-14-dev || {
        echo "fuzz/run.sh: clang and libclang-rt-14-dev are needed (apt-get install failed)" >&2
        exit 2
    }
fi
mkdir -p "$build"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLICKER_FUZZ=ON \
        -DCMAKE_CXX_COMPILER=clang++ > "$build/configure.log" 2>&1 || {
        cat "$build/configure.log" >&2
        exit 1
    }
fi
cmake --build "$build" -j "$(nproc)" > "$build/build.log" 2>&1 || {
    tail -40 "$build/build.log" >&2
    echo "fuzz/run.sh: the build failed (whole log: $build/build.log)" >&2
    exit 1
}

# shellcheck source=packaging/sanitizer-env.sh
source "$root/packaging/sanitizer-env.sh"

if [[ "$1" == "--seeds" ]]; then
    rm -rf "$here/corpus"
    "$build/fuzz/fuzz_seeds" "$here/corpus"
    exit 0
fi

if [[ "$1" == "--replay" ]]; then
    status=0
    for source in "$here"/fuzz_*.cpp; do
        name=$(basename "$source" .cpp)
        inputs=("$here/corpus/$name")
        [[ -d "$here/regressions/$name" ]] && inputs+=("$here/regressions/$name")
        if "$build/fuzz/$name" -runs=0 -malloc_limit_mb=1024 -rss_limit_mb=2048 -timeout=10 \
            "${inputs[@]}" > "$build/replay-$name.log" 2>&1; then
            echo "$name: $(find "${inputs[@]}" -type f | wc -l) inputs, ok"
        else
            echo "$name: FAILED (log $build/replay-$name.log)"
            status=1
        fi
    done
    exit $status
fi

seconds=$1
shift
harnesses=("$@")
if [[ ${#harnesses[@]} -eq 0 ]]; then
    for source in "$here"/fuzz_*.cpp; do harnesses+=("$(basename "$source" .cpp)"); done
fi

run_one() {
    local name=$1 seconds=$2 build=$3 here=$4
    local work="$build/corpus/$name" findings="$build/findings/$name" log="$build/logs/$name.log"
    mkdir -p "$work" "$findings" "$(dirname "$log")"
    local seeds=()
    [[ -d "$here/corpus/$name" ]] && seeds=("$here/corpus/$name")
    [[ -d "$here/regressions/$name" ]] && seeds+=("$here/regressions/$name")
    # Inputs up to 64 KB; an allocation over 1 GB, 2 GB of memory in all or 10 s for one
    # input is a finding (the readers' own limits are far below for inputs this size).
    (cd "$findings" && "$build/fuzz/$name" -max_total_time="$seconds" -max_len=65536 \
        -malloc_limit_mb=1024 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$findings/" "$work" "${seeds[@]}") > "$log" 2>&1
    local rc=$?
    local execs cov
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    local verdict=ok
    if [[ $rc -ne 0 ]]; then
        verdict="FOUND: $(ls -t "$findings" | head -1) (log $log)"
    fi
    printf '%-28s %12s %8s  %s\n' "$name" "${execs:-0}" "${cov:-0}" "$verdict"
    [[ $rc -eq 0 ]]
}
export -f run_one

printf '%-28s %12s %8s  %s\n' harness executions edges result
set +e
printf '%s\n' "${harnesses[@]}" |
    xargs -P "${FUZZ_JOBS:-$(nproc)}" -I{} bash -c 'run_one "$@"' _ {} "$seconds" "$build" "$here" |
    tee "$build/last-run.txt"
status=${PIPESTATUS[1]}
set -e
total=$(awk 'NR > 0 && $2 ~ /^[0-9]+$/ { s += $2 } END { print s + 0 }' "$build/last-run.txt")
echo "total executions: $total"
if [[ $status -ne 0 ]]; then
    echo "fuzz/run.sh: findings above; each input is kept in $build/findings/<harness>/" >&2
    exit 1
fi
