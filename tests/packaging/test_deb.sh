#!/usr/bin/env bash
# The Debian package end to end: cpack into a temporary directory, check the control data
# (name, version, maintainer, Depends), unpack with dpkg -x into a scratch root and check what
# is inside (programs that run and find the packaged demo model, no source-tree path in them,
# desktop entry, icon, AppStream metadata, copyright, changelog, manual pages), then lintian.
# Registered with ctest by tests/packaging_tests.cmake (label packaging); it builds nothing.
#
#   test_deb.sh --build-dir DIR --source-dir DIR --version X.Y.Z [--cpack CPACK]
#               [--binary PATH]...       (the built programs, to check they exist first)
set -euo pipefail

build="" source="" version="" cpack=cpack binaries=()
while (($#)); do
    case $1 in
        --build-dir) build=$2 ;;
        --source-dir) source=$2 ;;
        --version) version=$2 ;;
        --cpack) cpack=$2 ;;
        --binary) binaries+=("$2") ;;
        *) echo "test_deb.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift 2
done
[[ -n $build && -n $source && -n $version ]] || { echo "test_deb.sh: need --build-dir, --source-dir and --version" >&2; exit 2; }

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

for binary in "${binaries[@]}"; do
    [[ -x $binary ]] || { echo "FAIL: $binary is not built; build the project before this test" >&2; exit 1; }
done
[[ -f $build/CPackConfig.cmake ]] || { echo "FAIL: no CPackConfig.cmake in $build" >&2; exit 1; }
# The package's version: the project's, then the Debian revision (packaging/package.cmake).
revision=$(sed -n 's/^set(CPACK_DEBIAN_PACKAGE_RELEASE "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
deb_version=$version${revision:+-$revision}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/flicker-deb-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# --- build the package (the temporary _CPack_Packages tree goes under $scratch too) -----------
start=$SECONDS
if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1; then
    cat "$scratch/cpack.log" >&2
    echo "FAIL: cpack -G DEB failed" >&2
    exit 1
fi
shopt -s nullglob
debs=("$scratch"/out/flicker_"$deb_version"_*.deb)
shopt -u nullglob
if ((${#debs[@]} != 1)); then
    cat "$scratch/cpack.log" >&2
    ls -l "$scratch/out" >&2
    echo "FAIL: expected one flicker_${deb_version}_<arch>.deb" >&2
    exit 1
fi
deb=${debs[0]}
pass "cpack made $(basename "$deb") ($(du -h "$deb" | cut -f1)) in $((SECONDS - start)) s"

# --- control data ------------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == flicker ]] && pass "Package: flicker" || fail "Package is '$(field Package)'"
[[ $(field Version) == "$deb_version" ]] && pass "Version: $deb_version" || fail "Version is '$(field Version)', want $deb_version"
[[ $(field Maintainer) == *"Flicker developers"* ]] && pass "Maintainer names the Flicker developers" || fail "Maintainer is '$(field Maintainer)'"
[[ -n $(field Description) ]] || fail "no Description"
dpkg-deb -I "$deb" >"$scratch/info.txt" || fail "dpkg-deb -I failed"

depends=$(field Depends)
echo "Depends: $depends"
# The package names in Depends, one per line (alternatives split, versions dropped).
depends_names=$(tr ',|' '\n\n' <<<"$depends" | sed -e 's/(.*)//' -e 's/[[:space:]]//g' -e '/^$/d' | sort -u)
has_dependency() { grep -qxF "$1" <<<"$depends_names"; }
# What must be there whatever dpkg-shlibdeps finds: Qt, QCustomPlot, LibTorch, FFTW, libarchive,
# OpenBLAS and the Qt platform plugins.
for pkg in libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6 libqcustomplot2.1-qt6 \
           libfftw3-double3 libarchive13 libopenblas0-pthread qt6-qpa-plugins; do
    has_dependency "$pkg" && pass "Depends on $pkg" || fail "Depends lacks $pkg"
done
# And every package that owns a library the built programs link directly (dpkg -S), e.g. the
# LibTorch runtime (libtorch1.13 on Debian 12), whatever its name on this system.
owner_of() {
    local path=$1 real
    real=$(readlink -f "$path")
    for candidate in "$path" "$real" "${real#/usr}" "/usr$real"; do
        dpkg -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1 && return 0
    done
    return 1
}
checked=" "
for binary in "${binaries[@]}"; do
    linked=$(ldd "$binary")
    for soname in $(readelf -d "$binary" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
        path=$(awk -v name="$soname" '$1 == name && $2 == "=>" { print $3 }' <<<"$linked")
        [[ -n $path && -e $path ]] || continue # the dynamic loader itself (libc6)
        owner=$(owner_of "$path") || { echo "note: $soname ($path) belongs to no package"; continue; }
        [[ $checked == *" $owner "* ]] && continue
        checked+="$owner "
        has_dependency "$owner" && pass "Depends on $owner ($soname, linked by $(basename "$binary"))" \
            || fail "Depends lacks $owner, which provides $soname linked by $(basename "$binary")"
    done
done

# --- contents ----------------------------------------------------------------------------------
dpkg-deb -c "$deb" >"$scratch/contents.txt"
outside=$(awk '{ print $6 }' "$scratch/contents.txt" | grep -vE '^\./(usr(/.*)?)?$' || true)
[[ -z $outside ]] && pass "every file is under /usr" || fail "files outside /usr: $outside"
root=$scratch/root
dpkg -x "$deb" "$root"
for path in usr/bin/flicker usr/bin/flicker-cli; do
    [[ -x $root/$path ]] && pass "/$path is executable" || fail "/$path missing or not executable"
    # No run path: the system's libraries are found in the loader's default paths.
    if readelf -d "$root/$path" | grep -qE '\((RPATH|RUNPATH)\)'; then
        fail "/$path carries a run path: $(readelf -d "$root/$path" | grep -E 'R(UN)?PATH')"
    fi
done
# The programs carry no path of the source tree (the build's own paths start with it too when
# the build folder is inside it): they find their data relative to themselves.
for path in usr/bin/flicker usr/bin/flicker-cli; do
    count=$(strings -a "$root/$path" | grep -cF "$source" || true)
    ((count == 0)) && pass "/$path names no path under $source" \
        || fail "/$path holds $count string(s) with $source: $(strings -a "$root/$path" | grep -F "$source" | head -n3)"
done
shopt -s nullglob
metainfos=("$root"/usr/share/metainfo/*.metainfo.xml)
shopt -u nullglob
((${#metainfos[@]} == 1)) || fail "expected one file in /usr/share/metainfo, found ${#metainfos[@]}"
metainfo=${metainfos[0]:-$root/usr/share/metainfo/missing.metainfo.xml}
for path in usr/share/applications/flicker.desktop \
            usr/share/icons/hicolor/scalable/apps/flicker.svg \
            "${metainfo#"$root"/}" \
            usr/share/flicker/models/demo.flicker \
            usr/share/doc/flicker/copyright \
            usr/share/doc/flicker/changelog.Debian.gz \
            usr/share/man/man1/flicker.1.gz \
            usr/share/man/man1/flicker-cli.1.gz; do
    [[ -s $root/$path ]] && pass "/$path" || fail "/$path missing or empty"
done
cmp -s "$root/usr/share/flicker/models/demo.flicker" "$source/resources/models/demo.flicker" \
    && pass "the demo model is resources/models/demo.flicker" || fail "the packaged demo model differs from resources/models/demo.flicker"
# The precomputed capacity sweep the sweep page and the classroom show at once.
for file in sweep.json sweep.csv example.json README.md; do
    cmp -s "$root/usr/share/flicker/sweeps/demo-capacity/$file" "$source/resources/sweeps/demo-capacity/$file" \
        && pass "/usr/share/flicker/sweeps/demo-capacity/$file is resources/sweeps/demo-capacity/$file" \
        || fail "/usr/share/flicker/sweeps/demo-capacity/$file missing or not resources/sweeps/demo-capacity/$file"
done

# The programs from the package run, and name the version.
out=$("$root/usr/bin/flicker-cli" --version 2>&1) || fail "flicker-cli --version exited non-zero: $out"
[[ $out == *"$version"* ]] && pass "flicker-cli --version: $out" || fail "flicker-cli --version says '$out', want $version"
out=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/flicker" --version 2>"$scratch/flicker.err") || fail "flicker --version exited non-zero: $out"
[[ $out == *"$version"* ]] && pass "flicker --version: $out" || fail "flicker --version says '$out', want $version"
# The packaged desktop application finds its data beside itself (../share/flicker), not in the
# source or build tree (the hidden --print-resource-dir prints where, opening no window).
if out=$(QT_QPA_PLATFORM=offscreen timeout 60 "$root/usr/bin/flicker" --print-resource-dir \
             2>"$scratch/resource-dir.err") && [[ $out == "$root/usr/share/flicker" ]]; then
    pass "flicker finds the packaged data in /usr/share/flicker"
else
    cat "$scratch/resource-dir.err" >&2
    fail "flicker --print-resource-dir says '$out', want $root/usr/share/flicker"
fi
# The packaged command-line tool loads the packaged model.
if out=$("$root/usr/bin/flicker-cli" evaluate --model "$root/usr/share/flicker/models/demo.flicker" \
             --data demo --demo-reviews 10 --json 2>&1) && [[ $out == *test_accuracy* ]]; then
    pass "flicker-cli evaluates the packaged demo model"
else
    fail "flicker-cli could not evaluate the packaged demo model: $out"
fi

# The desktop entry: valid, starts the packaged program, names the packaged icon.
desktop=$root/usr/share/applications/flicker.desktop
if command -v desktop-file-validate >/dev/null; then
    # Hints (two main categories: Science and Education, on purpose) are not failures.
    if desktop-file-validate "$desktop" >"$scratch/desktop.txt" 2>&1 &&
        ! grep -qE '(error|warning):' "$scratch/desktop.txt"; then
        pass "desktop-file-validate accepts flicker.desktop"
    else
        cat "$scratch/desktop.txt" >&2
        fail "desktop-file-validate rejects flicker.desktop"
    fi
else
    echo "note: desktop-file-validate not installed (package desktop-file-utils); checking keys only"
fi
for line in '[Desktop Entry]' 'Type=Application' 'Name=Flicker' 'Exec=flicker' 'Icon=flicker' \
            'Categories=Science;Education;'; do
    grep -qxF "$line" "$desktop" && pass "flicker.desktop: $line" || fail "flicker.desktop lacks '$line'"
done
[[ -x $root/usr/bin/$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop") ]] || fail "the desktop entry's Exec is not in /usr/bin"

# The icon: an SVG document (scalable), named as the desktop entry says.
icon=$root/usr/share/icons/hicolor/scalable/apps/flicker.svg
grep -q '<svg' "$icon" && grep -q 'viewBox=' "$icon" && pass "flicker.svg is an SVG with a viewBox" || fail "flicker.svg is not an SVG document"
if command -v xmllint >/dev/null; then
    xmllint --noout "$icon" && pass "flicker.svg is well-formed XML" || fail "flicker.svg is not well-formed XML"
fi

# The AppStream metadata: named after its id, valid, GPL, launches the desktop entry, its release
# is this version.
id=$(basename "$metainfo" .metainfo.xml)
grep -qF "<id>$id</id>" "$metainfo" && pass "metainfo file is named after its id ($id)" || fail "metainfo id is not $id (the installed file name)"
[[ $id != org.example.* ]] || fail "metainfo id $id is the placeholder"
grep -q '<project_license>GPL-3.0-or-later</project_license>' "$metainfo" && pass "metainfo's licence is GPL-3.0-or-later" || fail "metainfo's project_license is not GPL-3.0-or-later"
grep -q '<launchable type="desktop-id">flicker.desktop</launchable>' "$metainfo" && pass "metainfo launches flicker.desktop" || fail "metainfo has no launchable flicker.desktop"
grep -q "<release version=\"$version\"" "$metainfo" && pass "metainfo's release is $version" || fail "metainfo has no <release version=\"$version\"> (update packaging/flicker.metainfo.xml)"
if command -v appstreamcli >/dev/null; then
    if appstreamcli validate --no-net "$metainfo" >"$scratch/appstream.txt" 2>&1; then
        pass "appstreamcli validate accepts the metadata"
    else
        cat "$scratch/appstream.txt" >&2
        fail "appstreamcli validate rejects the metadata"
    fi
else
    echo "note: appstreamcli not installed (package appstream); metadata not validated"
fi

# Copyright: machine-readable (DEP-5), GPL-3.0-or-later, pointing to the GPL in common-licenses.
copyright=$root/usr/share/doc/flicker/copyright
grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' "$copyright" &&
    grep -qx 'License: GPL-3.0-or-later' "$copyright" && grep -qF '/usr/share/common-licenses/GPL-3' "$copyright" \
    && pass "copyright is DEP-5, GPL-3.0-or-later" || fail "copyright is not DEP-5 GPL-3.0-or-later"

# Compressed files: gzip -9n (maximum compression, no file name, no time stamp), so that the
# package is the same on every build. Header: flags (byte 3) without FNAME, mtime (4-7) zero,
# XFL (byte 8) 2 = maximum compression.
gzip_header() { od -An -tu1 -j3 -N6 "$1" | tr -s ' ' | sed 's/^ //'; }
for path in usr/share/doc/flicker/changelog.Debian.gz usr/share/man/man1/flicker.1.gz \
            usr/share/man/man1/flicker-cli.1.gz; do
    [[ -f $root/$path ]] || continue
    header=$(gzip_header "$root/$path")
    if gzip -t "$root/$path" && [[ $header == "0 0 0 0 0 2" ]]; then
        pass "/$path is gzip -9n"
    else
        fail "/$path is not gzip -9n (header bytes 3-8: $header)"
    fi
done
# The changelog: its latest entry is this package's version.
changelog=$root/usr/share/doc/flicker/changelog.Debian.gz
if [[ -f $changelog ]]; then
    first=$(zcat "$changelog" | head -n1)
    [[ $first == "flicker ($deb_version) "*"; urgency="* ]] && pass "changelog.Debian: $first" \
        || fail "changelog.Debian's first line is '$first', want flicker ($deb_version) … (add an entry to packaging/debian/changelog)"
    if command -v dpkg-parsechangelog >/dev/null; then
        zcat "$changelog" >"$scratch/changelog"
        [[ $(dpkg-parsechangelog -l "$scratch/changelog" -S Version 2>&1) == "$deb_version" ]] \
            && pass "dpkg-parsechangelog reads version $deb_version" || fail "dpkg-parsechangelog cannot read the changelog"
    fi
fi

# lintian: no error. Everything it reports is printed. The warnings accepted are overridden, each
# with its reason, in packaging/debian/lintian-overrides (installed in the package, so lintian
# applies them; today only initial-upload-closes-no-bugs). Infos seen and accepted (lintian
# 2.116, Debian 12):
#   hardening-no-bindnow, hardening-no-fortify-functions: the build uses the project's flags, not
#     dpkg-buildflags (no -D_FORTIFY_SOURCE, no -z now); adding them is a build decision of its own.
#   binary-has-unneeded-section .comment: CPack strips with plain `strip`, which keeps .comment.
#   spelling-error-in-binary informations (a LibTorch message inlined from its headers) and lengH
#     (bytes of compiled code that happen to spell it): not Flicker's text.
if command -v lintian >/dev/null; then
    lintian --display-info --show-overrides "$deb" >"$scratch/lintian.txt" 2>&1 || true
    sed 's/^/  lintian: /' "$scratch/lintian.txt"
    if grep -q '^E: ' "$scratch/lintian.txt"; then
        fail "lintian reports errors: $(grep -c '^E: ' "$scratch/lintian.txt")"
    elif grep -qE '^(internal error|.*lintian.*(died|aborted))' "$scratch/lintian.txt"; then
        fail "lintian did not finish"
    else
        pass "lintian reports no errors ($(grep -c '^W: ' "$scratch/lintian.txt" || true) warning(s) shown above)"
    fi
else
    echo "note: lintian not installed (package lintian); the package is not linted"
fi

echo "packaging test finished in $SECONDS s"
if ((failures)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all checks passed"
