#!/bin/bash
# setup-roots.sh: set up the matrix kernels of every suite other than this
# host's (tests/kernels/matrix). Each suite gets a root in $KROOTS/SUITE
# (debootstrap, tests/packaging/mkroot.sh) holding that suite's kbuild
# toolchain, and for each of its matrix rows the kernel that apt offers
# today, image and headers, installed by the root's apt without an initramfs
# (QEMU boots the image with our own). A kernel apt no longer offers is
# replaced. Writes
# $KROOTS/SUITE/.enetstl-kernels ("name release"). Prints one PASS or FAIL
# line per row and "kernel-roots: N passed, N failed".
# Root; idempotent; about 4 minutes per suite the first time.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
. "$top/tests/packaging/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "setup-roots: must run as root (debootstrap, chroot)" >&2; exit 1; }
mkdir -p "$KROOTS"
exec 7>"$KROOTS/.lock"
flock 7
STAGE=kernel-roots
# What kbuild of an external module and our BTF step need in the root.
TOOLS="make gcc libc6-dev binutils dwarves libbpf-dev libelf-dev zlib1g-dev kmod xz-utils zstd lz4 gzip"

# kapt ROOT ARGS...: the root's apt-get, its package cache shared. QEMU
# boots our own initramfs: the kernel hooks need not make one (INITRD=No).
kapt() {
	local r=$1
	shift
	in_root "$r" env INITRD=No apt-get -q -y -o Dpkg::Use-Pty=0 \
		-o APT::Install-Recommends=false -o APT::Sandbox::User=root "$@"
}

# pin TARGET: apt's -t for TARGET. A backports suite must be asked for; a
# suite's own kernel is what plain apt installs (its point release or, newer,
# its -security update), so no -t there.
pin() { case $1 in *-backports) echo "$1" ;; esac; }

# resolve ROOT TARGET META: the kernel release META depends on in apt's
# candidate from TARGET ("linux-image-7.3.4+deb13-amd64" -> "7.3.4+deb13-amd64")
resolve() {
	in_root "$1" apt-cache ${2:+-o APT::Default-Release="$2"} depends "$3" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | sort -V | tail -n 1
}

setup_suite() {
	local suite=$1 r=$KROOTS/$1 base rc
	if [ ! -x "$r/usr/bin/apt-get" ]; then
		base=$("$top/tests/packaging/mkroot.sh" "$suite") || return 1
		rm -rf "$r" && mkdir -p "$r" && tar -C "$r" -xf "$base" || return 1
	fi
	# sid's Release files are valid for a week only; a mirror that serves
	# an older one must still do for a test root.
	echo 'Acquire::Check-Valid-Until "false";' >"$r/etc/apt/apt.conf.d/99enetstl-test"
	root_mount "$r"
	setup_kernels "$suite"
	rc=$?
	root_umount "$r"
	return $rc
}

# setup_kernels SUITE: the toolchain and the suite's matrix kernels, in its
# mounted root
setup_kernels() {
	local suite=$1 r=$KROOTS/$1 state name s target meta rest k old log
	log=$KROOTS/$suite.log
	state=$(kroot_state "$suite")
	{ kapt "$r" update && kapt "$r" install $TOOLS; } >"$log" 2>&1 ||
		{ echo "setup-roots: $suite: apt failed:"; show "$log"; return 1; }
	: >"$state.new"
	matrix_rows | while read -r name s target meta rest; do
		[ "$s" = "$suite" ] || continue
		k=$(resolve "$r" "$(pin "$target")" "$meta")
		if [ -z "$k" ]; then
			ko "$name: apt in the $suite root offers no $meta from $target"
			# keep what was set up before
			awk -v n="$name" '$1 == n' "$state" 2>/dev/null >>"$state.new"
			continue
		fi
		if [ ! -e "$r/boot/vmlinuz-$k" ] || [ ! -e "$r/lib/modules/$k/build/Makefile" ] ||
		   [ ! -e "$r/lib/modules/$k/modules.dep" ]; then
			echo "setup-roots: $name: installing $k (from $target)"
			# shellcheck disable=SC2046 # no word or one
			if ! kapt "$r" $(pin "$target" | sed 's/^/-t /') install "linux-image-$k" "linux-headers-$k" \
				>>"$log" 2>&1; then
				ko "$name: apt-get install linux-image-$k linux-headers-$k failed"; show "$log"
				awk -v n="$name" '$1 == n' "$state" 2>/dev/null >>"$state.new"
				continue
			fi
		fi
		if [ ! -e "$r/boot/vmlinuz-$k" ] || [ ! -e "$r/lib/modules/$k/modules.dep" ] ||
		   [ ! -e "$r/lib/modules/$k/build/Makefile" ]; then
			ko "$name: $k installed, but its vmlinuz, modules.dep or kbuild tree is missing"
			continue
		fi
		echo "$name $k" >>"$state.new"
		ok "$name ($rest): $k"
	done
	# kernels apt no longer offers: their packages go
	for old in $(awk '{ print $2 }' "$state" 2>/dev/null); do
		awk '{ print $2 }' "$state.new" | grep -qxF "$old" && continue
		echo "setup-roots: $suite: $old is no longer offered; removing it"
		kapt "$r" purge "linux-headers-$old" >>"$log" 2>&1 || true
		kapt "$r" purge "linux-image-$old" >>"$log" 2>&1 || true
	done
	mv "$state.new" "$state"
}

for suite in $(matrix_rows | awk '$2 != "host" { print $2 }' | awk '!seen[$0]++'); do
	echo "=== kernel roots: $suite ($KROOTS/$suite)"
	out=$(setup_suite "$suite")
	rc=$?
	echo "$out"
	tl_pass=$((tl_pass + $(grep -c "^PASS: " <<<"$out"))) tl_fail=$((tl_fail + $(grep -c "^FAIL: " <<<"$out")))
	if [ $rc -ne 0 ]; then
		for name in $(matrix_rows | awk -v s="$suite" '$2 == s { print $1 }'); do
			ko "$name: the $suite root could not be set up"
		done
	fi
done
result
