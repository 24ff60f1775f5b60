#!/usr/bin/env bash
# Configures and builds Flicker (Release) into build/ (or $FLICKER_BUILD_DIR). Used by run.sh
# and test.sh; extra arguments go to the build (e.g. --target flicker).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FLICKER_BUILD_DIR:-$root/build}
jobs=${FLICKER_JOBS:-$(nproc)}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release ${FLICKER_CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs" "$@"
