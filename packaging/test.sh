#!/usr/bin/env bash
# The README's second command: installs what is missing, builds everything, runs the whole
# test suite with ctest (GUI tests offscreen). Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/install-deps.sh"
"$here/build.sh"
build=${FLICKER_BUILD_DIR:-$here/../build}
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure -j "${FLICKER_JOBS:-$(nproc)}" "$@"
