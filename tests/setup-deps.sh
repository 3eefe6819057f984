#!/bin/sh
# Install everything eNetSTL's build, tests and demo need, from Debian's archives only.
# Idempotent: safe to run on every `make check` / `make demo`.
set -eu

[ "$(id -u)" -eq 0 ] || { echo "setup-deps: must run as root (apt-get install)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

STAMP=/var/lib/enetstl-setup.stamp
SELF_SUM=$(md5sum "$0" | cut -d' ' -f1)

BACKPORTS=/etc/apt/sources.list.d/bookworm-backports.list
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deb http://deb.debian.org/debian bookworm-backports main" > "$BACKPORTS"
	rm -f "$STAMP"
fi

newest_612() {
	# Newest 6.12 generic amd64 image available from any configured suite.
	apt-cache search --names-only '^linux-image-6\.12\.[0-9.]+\+(deb12|bpo)-amd64$' |
		awk '{print $1}' | sed 's/^linux-image-//' | sort -V | tail -n 1
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$SELF_SUM" ] &&
   ls /boot/vmlinuz-6.1.* /boot/vmlinuz-6.12.* >/dev/null 2>&1; then
	exit 0
fi

apt-get update -q
PKGS="make gcc libc6-dev clang clang-19 llvm xdp-tools dwarves libbpf-dev libelf-dev zlib1g-dev libzstd-dev
      bpftool dkms kmod busybox-static cpio qemu-system-x86 xz-utils zstd lz4 gzip
      python3 pkg-config iproute2 gnuplot-nox linux-image-amd64 linux-headers-amd64
      debhelper dh-dkms dpkg-dev fakeroot lintian rpm rpmlint debootstrap e2fsprogs"

K612=$(newest_612)
[ -n "$K612" ] || { echo "setup-deps: no linux-image-6.12.*-amd64 found in apt (is bookworm-backports reachable?)" >&2; exit 1; }
apt-get install -y -q --no-install-recommends $PKGS \
	"linux-image-$K612" "linux-headers-$K612"

echo "$SELF_SUM" > "$STAMP"
echo "setup-deps: ok (6.12 kernel: $K612)"
