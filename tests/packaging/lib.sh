# shellcheck shell=bash
# Helpers for the packaging tests (sourced): a Debian root made by
# mkroot.sh, the file systems it needs while we chroot into it, its own apt.
# Caches live outside the repository, so a fresh clone reuses them.
CACHE=${ENETSTL_TEST_CACHE:-/var/cache/enetstl-tests}
# shellcheck disable=SC2034 # for mkroot.sh
MIRROR=${ENETSTL_TEST_MIRROR:-http://deb.debian.org/debian}
# shellcheck disable=SC2034 # for mkroot.sh
SUITE=bookworm
APT_ARCHIVES=$CACHE/apt-archives

# shellcheck source=../lib/result.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/result.sh"
ok() { pass "$STAGE: $*"; }
ko() { fail "$STAGE: $*"; }
skipped() { skip "$STAGE" "$*"; }
result() { summary "$STAGE"; }
# show LOG: the tail of a log, indented, after a FAIL line
show() { tail -n "${2:-25}" "$1" | sed 's/^/    /'; }

# root_mount DIR / root_umount DIR: what apt, dpkg and dkms need in a chroot.
# The package cache is shared between runs (and roots) by a bind mount.
root_mount() {
	mkdir -p "$APT_ARCHIVES/partial"
	mount -t proc proc "$1/proc"
	mount -t sysfs sysfs "$1/sys"
	mount --bind /dev "$1/dev"
	mount -t devpts devpts "$1/dev/pts" -o newinstance,ptmxmode=0666
	mount -t tmpfs tmpfs "$1/tmp"
	mount --bind "$APT_ARCHIVES" "$1/var/cache/apt/archives"
}
root_umount() {
	local m
	# deepest first
	for m in $(findmnt -rn -o TARGET | grep -F "$1/" | sort -r); do
		umount -l "$m" 2>/dev/null || true
	done
}
# root_remove DIR: delete a root, never across a mount that is still there.
root_remove() {
	[ -n "$1" ] && [ -d "$1" ] || return 0
	root_umount "$1"
	if findmnt -rn -o TARGET | grep -qF "$1/"; then
		echo "lib: $1 still has mounts; not removing it" >&2
		return 1
	fi
	rm -rf --one-file-system "$1"
}

# in_root DIR CMD...: run CMD in the root as apt would run it.
in_root() {
	local r=$1
	shift
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive chroot "$r" "$@"
}
# apt_root DIR ARGS...: the root's own apt-get, no recommends, no questions.
apt_root() {
	local r=$1
	shift
	in_root "$r" apt-get -q -y -o Dpkg::Use-Pty=0 -o APT::Install-Recommends=false \
		-o APT::Sandbox::User=root "$@"
}

# newest_612 DIR: the newest 6.12 amd64 kernel release the root's apt offers
# (bookworm-security and bookworm-backports both carry one; Debian moves).
newest_612() {
	in_root "$1" apt-cache search --names-only '^linux-image-6\.12\.[0-9.]+\+(deb12|bpo)-amd64$' |
		awk '{print $1}' | sed 's/^linux-image-//' | sort -V | tail -n 1
}
