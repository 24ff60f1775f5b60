#!/usr/bin/env bash
# The fuzz build's compiler launcher: a source that includes LibTorch's headers (which clang 14
# cannot compile in C++20 against libstdc++ 12) is compiled by g++ without the sanitizer and
# fuzzer flags; every other source by the compiler CMake chose (clang). ccache when present.
set -euo pipefail
cache=()
command -v ccache > /dev/null && cache=(ccache)
source=""
prev=""
for arg in "$@"; do
    [[ "$prev" == "-c" ]] && source=$arg
    prev=$arg
done
if [[ "$1" == *clang++* && -n "$source" ]] &&
    grep -q -E '#include <(torch|ATen|c10)/|lstm_classifier_impl\.h' "$source"; then
    args=(g++)
    for arg in "${@:2}"; do
        case "$arg" in
        -fsanitize* | -fno-sanitize*) ;;
        *) args+=("$arg") ;;
        esac
    done
    exec "${cache[@]}" "${args[@]}"
fi
exec "${cache[@]}" "$@"
