#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and launches the Flicker app.
# Arguments go to the app (e.g. --screenshot out.png).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/install-deps.sh"
"$here/build.sh" --target flicker flicker-cli
build=${FLICKER_BUILD_DIR:-$here/../build}
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    echo "flicker: no display found; starting the app under Xvfb (xvfb-run)" >&2
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/flicker" "$@"
fi
exec "$build/app/flicker" "$@"
