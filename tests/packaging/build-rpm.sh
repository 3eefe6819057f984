#!/bin/bash
# build-rpm.sh OUTDIR: `make rpm`. Build enetstl-dkms, enetstl-devel and
# enetstl-examples from rpm/enetstl.spec with rpmbuild (Debian's rpm has an
# empty rpm database, so --nodeps: the BuildRequires cannot be checked here),
# copy the .rpms to OUTDIR and run rpmlint on the spec and them: any error
# fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mkdir -p "$1" && cd "$1" && pwd)
ver=$(cat VERSION)
specver=$(sed -n 's/^Version:[[:space:]]*//p' rpm/enetstl.spec)
[ "$specver" = "$ver" ] ||
	{ echo "make rpm: rpm/enetstl.spec says Version $specver but VERSION says $ver; update the spec (and its %changelog)" >&2; exit 1; }
command -v rpmbuild >/dev/null || { echo "make rpm: rpmbuild missing: run tests/setup-deps.sh" >&2; exit 1; }
top=$PWD/build/rpm
rm -rf "$top"
mkdir -p "$top"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}
tar --exclude=./build --exclude=./kmod/build --exclude=./.git --exclude=./.ci \
	--transform "s|^\./|enetstl-$ver/|" -czf "$top/SOURCES/enetstl-$ver.tar.gz" .
cp rpm/enetstl.spec "$top/SPECS/"
(unset MAKEFLAGS MFLAGS MAKELEVEL &&
	rpmbuild --nodeps --define "_topdir $top" -ba "$top/SPECS/enetstl.spec") >"$top/build.log" 2>&1 ||
	{ tail -n 30 "$top/build.log" >&2; echo "make rpm: rpmbuild failed; log in $top/build.log" >&2; exit 1; }
rm -f "$out"/*.rpm
find "$top/RPMS" "$top/SRPMS" -name '*.rpm' -exec cp {} "$out/" \;
ls "$out"/*.rpm
if command -v rpmlint >/dev/null; then
	rpmlint -r rpm/rpmlintrc rpm/enetstl.spec "$out"/*.rpm
	echo "make rpm: rpmlint found no errors"
else
	echo "make rpm: rpmlint not installed (tests/setup-deps.sh installs it)" >&2
	exit 1
fi
