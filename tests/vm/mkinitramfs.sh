#!/bin/bash
# Build the test guest's initramfs: busybox, tests/vm/init.sh as /init, the
# payload directory as /payload, and optional kernel modules of KVER
# (dependencies resolved, decompressed so that busybox insmod loads them),
# found under ROOT/lib/modules/KVER (default ROOT: /).
# Usage: mkinitramfs.sh -k KVER -p PAYLOAD_DIR -o OUT.cpio.gz [-m "mod1 mod2"] [-r ROOT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kver= payload= out= mods= kroot=/
while getopts k:p:o:m:r: opt; do
	case $opt in
	k) kver=$OPTARG ;; p) payload=$OPTARG ;; o) out=$OPTARG ;; m) mods=$OPTARG ;;
	r) kroot=$OPTARG ;;
	*) echo "usage: $0 -k KVER -p PAYLOAD_DIR -o OUT.cpio.gz [-m MODULES] [-r ROOT]" >&2; exit 2 ;;
	esac
done
[ -n "$kver" ] && [ -d "$payload" ] && [ -n "$out" ] ||
	{ echo "mkinitramfs: -k KVER, -p PAYLOAD_DIR and -o OUT are required" >&2; exit 2; }
[ -x /bin/busybox ] || { echo "mkinitramfs: /bin/busybox missing: apt-get install busybox-static" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/modules} "$root/payload"
cp /bin/busybox "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
chmod +x "$root/init"
cp -a "$payload/." "$root/payload/"

n=0
for m in $mods; do
	deps=$(modprobe -d "$kroot" -S "$kver" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" { print $2 }') ||
		true
	[ -n "$deps" ] || {
		# built into the kernel, or missing
		grep -qE "/$m\.ko" "${kroot%/}/lib/modules/$kver/modules.builtin" 2>/dev/null && continue
		echo "mkinitramfs: no module $m for $kver" >&2; exit 1
	}
	for f in $deps; do
		name=$(basename "$f"); name=${name%.xz}; name=${name%.zst}; name=${name%.gz}
		dst=/lib/modules/$(printf '%02d' $n)-$name
		grep -qF "$name" "$root/lib/modules-load.list" 2>/dev/null && continue
		case $f in
		*.xz) xz -dc "$f" > "$root$dst" ;;
		*.zst) zstd -qdc "$f" > "$root$dst" ;;
		*.gz) gzip -dc "$f" > "$root$dst" ;;
		*) cp "$f" "$root$dst" ;;
		esac
		echo "$dst" >> "$root/lib/modules-load.list"
		n=$((n + 1))
	done
done
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
