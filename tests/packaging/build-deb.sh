#!/bin/bash
# build-deb.sh OUTDIR: `make deb`. Build enetstl-dkms, libenetstl-bpf-dev and
# enetstl-examples with dpkg-buildpackage -us -uc -b from a copy of the
# source tree (dpkg-buildpackage writes next to the tree), copy the .debs and
# .changes to OUTDIR, then run lintian on them: any error fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mkdir -p "$1" && cd "$1" && pwd)
ver=$(cat VERSION)
work=build/deb
rm -rf "$work"
mkdir -p "$work/enetstl-$ver"
tar --exclude=./build --exclude=./kmod/build --exclude=./.git --exclude=./.ci \
	-cf - . | tar -C "$work/enetstl-$ver" -xf -
(cd "$work/enetstl-$ver" && unset MAKEFLAGS MFLAGS MAKELEVEL &&
	dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
	{ tail -n 30 "$work/build.log" >&2; echo "make deb: dpkg-buildpackage failed; log in $work/build.log" >&2; exit 1; }
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out/"
ls "$out"/*.deb
if command -v lintian >/dev/null; then
	lintian --fail-on error --info "$out"/enetstl_"${ver}"_*.changes
	echo "make deb: lintian found no errors"
else
	echo "make deb: lintian not installed (tests/setup-deps.sh installs it)" >&2
	exit 1
fi
