#!/bin/bash
# test-build-deps.sh DEBDIR [SUITE OUTDIR]: the .debs build from a clean
# checkout with only the declared Build-Depends installed, in SUITE (default
# bookworm; trixie builds the packages a Debian 13 fleet installs, with its
# library names), kept in OUTDIR if given. In a fresh debootstrap root (mkroot.sh)
# with build-essential (implied by Debian policy), `apt-get build-dep` reads
# debian/control of the checkout and installs exactly its Build-Depends; then
# dpkg-buildpackage runs as an unprivileged user (Rules-Requires-Root: no).
# The three packages must come out with the same files as those in DEBDIR.
# Prints PASS/FAIL lines and "build-deps: N passed, N failed, N skipped".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
# shellcheck disable=SC2034 # used by lib.sh
STAGE=build-deps
[ $# -eq 1 ] || [ $# -eq 3 ] || { echo "usage: $0 DEBDIR [SUITE OUTDIR]" >&2; exit 2; }
debdir=$(cd "$1" && pwd)
suite=${2:-bookworm} outdir=${3:-}
STAGE="build-deps $suite"
ver=$(cat "$top/VERSION")

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/build-deps.XXXXXX")
root=$work/root
logs=${ENETSTL_TEST_LOGS:-$top/build/packaging}
mkdir -p "$logs" "$root"
trap 'root_remove "$root"; rm -rf "$work"' EXIT

base=$("$here/mkroot.sh" "$suite") || { ko "debootstrap $suite root (mkroot.sh)"; result; exit 1; }
tar -C "$root" -xf "$base" && chmod 755 "$root" || { ko "unpack $base"; result; exit 1; }
root_mount "$root"

# The checkout: tracked files only, as a fresh clone has them.
src=/home/builder/enetstl-$ver
mkdir -p "$root$src"
if [ -e "$top/.git" ]; then
	git -C "$top" ls-files -z | (cd "$top" && tar --null -T - -cf -) | tar -C "$root$src" -xf -
else
	tar -C "$top" --exclude=./build --exclude=./kmod/build -cf - . | tar -C "$root$src" -xf -
fi
declared=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$root$src/debian/control" | sed '$d' |
	sed 's/^Build-Depends://' | tr -d '\n' | tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v '^$' | tr '\n' ' ')
if apt_root "$root" update >"$logs/bd-update.log" 2>&1 &&
   apt_root "$root" install build-essential >"$logs/bd-essential.log" 2>&1; then
	ok "fresh root with build-essential only"
else
	ko "apt-get update / install build-essential"; show "$logs/bd-essential.log"; result; exit 1
fi
if apt_root "$root" build-dep "$src" >"$logs/bd-build-dep.log" 2>&1; then
	ok "apt-get build-dep installed debian/control's Build-Depends: $declared"
else
	ko "apt-get build-dep $src"; show "$logs/bd-build-dep.log"; result; exit 1
fi

in_root "$root" useradd -M -d /home/builder builder &&
	in_root "$root" chown -R builder:builder /home/builder ||
	{ ko "useradd builder in the root"; result; exit 1; }
if in_root "$root" runuser -u builder -- sh -c "cd $src && dpkg-buildpackage -us -uc -b" \
	>"$logs/bd-dpkg-buildpackage.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b as an unprivileged user"
else
	ko "dpkg-buildpackage in the Build-Depends root:"; show "$logs/bd-dpkg-buildpackage.log" 30
	result; exit 1
fi
for d in "enetstl-dkms_${ver}_all.deb" "enetstl-examples_${ver}_amd64.deb" "libenetstl-bpf-dev_${ver}_all.deb"; do
	new=$root/home/builder/$d
	if [ ! -f "$new" ]; then
		ko "$d was not built"
	elif [ ! -f "$debdir/$d" ]; then
		ko "no $debdir/$d to compare with (make deb)"
	elif diff <(dpkg-deb -c "$new" | awk '{print $1, $6}' | sort -k2) \
		  <(dpkg-deb -c "$debdir/$d" | awk '{print $1, $6}' | sort -k2) >"$work/diff" 2>&1; then
		ok "$d: same $(dpkg-deb -c "$new" | wc -l) paths and modes as make deb's"
	else
		ko "$d differs from make deb's:"; show "$work/diff"
	fi
	if [ -n "$outdir" ] && [ -f "$new" ]; then
		mkdir -p "$outdir" && cp "$new" "$outdir/"
	fi
done
if [ -n "$outdir" ]; then
	dep=$(dpkg-deb -f "$outdir/enetstl-examples_${ver}_amd64.deb" Depends 2>/dev/null)
	echo "build-deps $suite: enetstl-examples Depends: $dep"
fi
result
