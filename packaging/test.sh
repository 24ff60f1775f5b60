#!/usr/bin/env bash
# The README's second command: installs what is missing, builds everything, runs the whole
# test suite with ctest (GUI tests offscreen). Exits non-zero on any failure.
#   packaging/test.sh              Release build in build/, every test
#   packaging/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in
#                                  build-sanitize/, every test but the Debian package's (it
#                                  packages the binaries and runs code the other tests cover);
#                                  any finding (memory error, leak, undefined behaviour) fails
# Further arguments go to ctest (e.g. -L core, -R tst_dfa).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
ctest_args=()
if [[ "${1:-}" == "--sanitize" ]]; then
    shift
    ctest_args=(-LE packaging)
    export FLICKER_BUILD_DIR=${FLICKER_SANITIZE_BUILD_DIR:-$root/build-sanitize}
    export FLICKER_CMAKE_ARGS="-DFLICKER_SANITIZE=ON -DFLICKER_BUILD_BENCHMARKS=OFF ${FLICKER_CMAKE_ARGS:-}"
    # shellcheck source=packaging/sanitizer-env.sh
    source "$here/sanitizer-env.sh"
fi
"$here/install-deps.sh"
"$here/build.sh"
build=${FLICKER_BUILD_DIR:-$root/build}
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure -j "${FLICKER_JOBS:-$(nproc)}" "${ctest_args[@]}" "$@"
