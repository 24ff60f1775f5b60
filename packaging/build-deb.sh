#!/usr/bin/env bash
# Builds the Debian package: installs the Debian packages that are missing, configures and builds
# Flicker (Release) in BUILD_DIR if needed, runs `cpack -G DEB` there and prints the .deb's path.
#   packaging/build-deb.sh [BUILD_DIR]      (default: $FLICKER_BUILD_DIR, else build/)
# Install it with: sudo apt install ./build/flicker_*.deb
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-${FLICKER_BUILD_DIR:-$root/build}}
mkdir -p "$build"
build=$(cd "$build" && pwd)

# Progress goes to stderr: standard output is the .deb's path alone (deb=$(build-deb.sh)).
"$here/install-deps.sh" >&2
# Configures (Release) and builds the two programs first; cpack then builds whatever else is out
# of date in the tree (its preinstall step) before it installs and packages.
FLICKER_BUILD_DIR=$build "$here/build.sh" --target flicker flicker-cli >&2

# The package's version: the project's, then the Debian revision (packaging/package.cmake).
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
revision=$(sed -n 's/^set(CPACK_DEBIAN_PACKAGE_RELEASE "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
version=$version${revision:+-$revision}
rm -f "$build"/flicker_"$version"_*.deb
(cd "$build" && cpack -G DEB --config CPackConfig.cmake) >&2
shopt -s nullglob
debs=("$build"/flicker_"$version"_*.deb)
if ((${#debs[@]} != 1)); then
    echo "flicker: cpack made no flicker_${version}_*.deb in $build" >&2
    exit 1
fi
echo "${debs[0]}"
