#!/usr/bin/env bash
# Checks that every C++ source in the repository is formatted with the project's .clang-format
# (Debian's clang-format, listed in debian-packages.txt). Prints the files that are not and
# exits 1; `packaging/check-format.sh --fix` formats them in place instead.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v clang-format >/dev/null || { echo "flicker: clang-format is missing (apt-get install clang-format)" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [[ "${1:-}" == "--fix" ]]; then
    clang-format -i "${files[@]}"
    exit 0
fi
bad=()
for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]})); then
    echo "flicker: ${#bad[@]} file(s) not formatted with .clang-format (run packaging/check-format.sh --fix):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "flicker: all ${#files[@]} C++ files are formatted"
