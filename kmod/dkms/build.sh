#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmod/dkms/build.sh check|make KVER KDIR [STATE]
#
# DKMS treats any failed build as fatal: the package (or, with dkms 3.1+,
# the kernel package whose hook ran it) stays unconfigured and apt is broken
# until someone intervenes. Only a kernel that dkms.conf excludes
# (BUILD_EXCLUSIVE_*, exit 77) is skipped quietly. So dkms.conf asks this
# script first, for each kernel:
#
#   check  build the module for KVER once (kmod/Makefile, into
#          STATE/KVER/out) and remember the outcome; exit 0 if it built,
#          1 if not. dkms.conf then excludes KVER, and DKMS skips it.
#          STATE/KVER/failed holds the reason, STATE/KVER/build.log the log:
#          `enetstl status` shows both, with the fix.
#   make   the DKMS MAKE step, run in DKMS's copy of the source: the build
#          `check` made (made now if there is none) goes to
#          kmod/build/KVER/enetstl.ko, where dkms.conf says it is.
#
# STATE defaults to /var/lib/enetstl/dkms/VERSION (not inside DKMS's tree,
# where DKMS takes every directory for a kernel); the enetstl-dkms packages
# remove it with themselves. An outcome is kept while the kernel's build
# tree, its image and pahole stay the same. Test hook: ENETSTL_DKMS_BREAK=1
# fails every build, ENETSTL_DKMS_BREAK=KVER the build for KVER only.
set -u

die() { echo "enetstl: $*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: $0 check|make KVER KDIR [STATE]"
mode=$1 kver=$2 kdir=$3
src=$(cd "$(dirname "$0")/../.." && pwd)
ver=$(cat "$src/VERSION" 2>/dev/null) || die "no VERSION in $src"
state=${4:-/var/lib/enetstl/dkms/$ver}/$kver

# the test hook applies to this kernel
broken() {
	[ "${ENETSTL_DKMS_BREAK:-0}" = 1 ] || [ "${ENETSTL_DKMS_BREAK:-0}" = "$kver" ]
}

# What the outcome depends on, besides our own source.
stamp() {
	stat -c '%n %Y %s' "$kdir/Makefile" "$kdir/include/config/auto.conf" \
		"$kdir/vmlinux" "/boot/vmlinuz-$kver" 2>/dev/null
	pahole --version 2>/dev/null
	if broken; then echo "test hook: broken"; else echo 0; fi
}

# build: the module for KVER into $state/out, the outcome into $state
build() {
	mkdir -p "$state" || return 1
	rm -rf "$state/out" "$state/failed" "$state/ok"
	if broken; then
		echo "ENETSTL_DKMS_BREAK=$ENETSTL_DKMS_BREAK (test hook): the build fails" >"$state/build.log"
		false
	else
		env -u MAKEFLAGS -u MAKELEVEL make -C "$src/kmod" KVER="$kver" KDIR="$kdir" \
			OUT="$state/out" >"$state/build.log" 2>&1
	fi
	if [ $? -eq 0 ] && [ -f "$state/out/enetstl.ko" ]; then
		rm -rf "$state/out/obj"
		stamp >"$state/ok"
		return 0
	fi
	# the first line that says what went wrong, for `enetstl status`
	grep -m 1 -E 'error|enetstl: |Error' "$state/build.log" >"$state/failed" ||
		tail -n 1 "$state/build.log" >"$state/failed"
	stamp >"$state/stamp"
	rm -rf "$state/out"
	return 1
}

# outcome: 0 built, 1 failed, 2 unknown (never tried, or stale)
outcome() {
	if [ -f "$state/ok" ] && [ -f "$state/out/enetstl.ko" ] &&
	   [ "$(stamp)" = "$(cat "$state/ok")" ]; then
		return 0
	fi
	if [ -f "$state/failed" ] && [ -f "$state/stamp" ] &&
	   [ "$(stamp)" = "$(cat "$state/stamp")" ]; then
		return 1
	fi
	return 2
}

# One build per kernel at a time (dkms sources dkms.conf several times).
mkdir -p "$state" 2>/dev/null || die "cannot create $state"
exec 9>"$state.lock"
flock 9

case $mode in
check)
	# No kbuild tree: DKMS says so itself; nothing for us to decide.
	[ -e "$kdir/Makefile" ] || exit 0
	outcome
	rc=$?
	[ $rc -eq 2 ] || exit $rc
	build && exit 0
	echo "enetstl: cannot be built for kernel $kver: $(cat "$state/failed")" >&2
	echo "enetstl: DKMS skips that kernel; the log is $state/build.log (enetstl status)" >&2
	exit 1 ;;
make)
	outcome
	rc=$?
	if [ $rc -ne 0 ] && ! build; then
		tail -n 30 "$state/build.log" >&2
		die "build for $kver failed (log: $state/build.log)"
	fi
	mkdir -p "kmod/build/$kver" &&
		cp "$state/out/enetstl.ko" "kmod/build/$kver/enetstl.ko" ||
		die "cannot copy the module into $PWD/kmod/build/$kver"
	echo "enetstl: built kmod/build/$kver/enetstl.ko for $kver" ;;
*)
	die "usage: $0 check|make KVER KDIR [STATE]" ;;
esac
