#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# find-base-btf.sh KVER KDIR OUTDIR
#
# Print the path of a file holding the BTF of kernel KVER (an ELF with a .BTF
# section, or raw BTF), the base that the module's split BTF is built on. The
# first that exists wins:
#   1. KDIR/vmlinux with a .BTF section (Debian 6.12+ headers ship one);
#   2. /sys/kernel/btf/vmlinux, only when KVER is the running kernel;
#   3. the ELF inside /boot/vmlinuz-KVER: its .BTF is dumped to
#      OUTDIR/vmlinux-KVER.btf and reused while newer than the vmlinuz;
#   4. /usr/lib/debug/boot/vmlinux-KVER.
# Test hook: ENETSTL_BTF_BREAK=nobase pretends that none exists.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 KVER KDIR OUTDIR" >&2; exit 2; }
kver=$1 kdir=$2 outdir=$3
vmlinuz=/boot/vmlinuz-$kver
dbg=/usr/lib/debug/boot/vmlinux-$kver
tmp=

# shellcheck disable=SC2317 # called by trap
cleanup() { [ -z "$tmp" ] || rm -f "$tmp" "$tmp.btf"; }
trap cleanup EXIT

has_btf() {
	readelf -W -S "$1" 2>/dev/null | grep -Eq '\] \.BTF[[:space:]]'
}

found() {
	echo "enetstl: base BTF for $kver: $2" >&2
	echo "$1"
	exit 0
}

# u32le FILE OFFSET [BYTES]: little-endian unsigned value at OFFSET
u32le() {
	od -An -tu"${3:-4}" -j "$2" -N "${3:-4}" "$1" | tr -d ' '
}

# dump_btf ELF OUT: copy the raw .BTF section of ELF to OUT
dump_btf() {
	# "[Nr] Name Type Address Off Size ...": keep Off and Size (hex)
	# shellcheck disable=SC2046 # split readelf's numbers
	set -- "$1" "$2" $(readelf -W -S "$1" |
		awk '/\] \.BTF[ \t]/ { sub(/^.*\]/, ""); print $4, $5 }')
	[ $# -eq 4 ] || return 1
	dd if="$1" of="$2" iflag=skip_bytes,count_bytes status=none \
		skip=$((0x$3)) count=$((0x$4))
	# BTF magic 0xeb9f, little endian
	[ "$(od -An -tx1 -N2 "$2" | tr -d ' ')" = 9feb ]
}

# from_vmlinuz OUT: extract the .BTF of /boot/vmlinuz-KVER into OUT
from_vmlinuz() {
	[ "$(od -An -c -j $((0x202)) -N4 "$vmlinuz" | tr -d ' ')" = HdrS ] || return 1
	setup=$(u32le "$vmlinuz" $((0x1f1)) 1)
	[ "$setup" -ne 0 ] || setup=4
	off=$(( (setup + 1) * 512 + $(u32le "$vmlinuz" $((0x248))) ))
	len=$(u32le "$vmlinuz" $((0x24c)))
	# The payload ends with the 4-byte uncompressed size (size_append).
	[ "$len" -gt 4 ] || return 1
	magic=$(od -An -tx1 -j "$off" -N6 "$vmlinuz" | tr -d ' ')
	case $magic in
	fd377a585a00)	dec="xz -dc" fmt=xz ;;
	28b52ffd*)	dec="zstd -dcq" fmt=zstd ;;
	1f8b*)		dec="gzip -dc" fmt=gzip ;;
	02214c18*)	dec="lz4 -dc" fmt=lz4 ;;
	425a68*)	dec="bzip2 -dc" fmt=bzip2 ;;
	5d0000*)	dec="xz -dc --format=lzma" fmt=lzma ;;
	*)		return 1 ;;
	esac
	command -v "${dec%% *}" >/dev/null || return 1
	mkdir -p "$outdir" && tmp=$(mktemp "$outdir/.vmlinux-$kver.XXXXXX") ||
		return 1
	dd if="$vmlinuz" iflag=skip_bytes,count_bytes status=none \
		skip="$off" count=$((len - 4)) | $dec >"$tmp" 2>/dev/null || return 1
	has_btf "$tmp" || return 1
	dump_btf "$tmp" "$tmp.btf" || return 1
	mv -f "$tmp.btf" "$1"
}

tried=
if [ "${ENETSTL_BTF_BREAK:-}" != nobase ]; then
	tried="$kdir/vmlinux"
	has_btf "$kdir/vmlinux" && found "$kdir/vmlinux" "$kdir/vmlinux"

	tried="$tried, /sys/kernel/btf/vmlinux (if running)"
	[ "$(uname -r)" = "$kver" ] && [ -r /sys/kernel/btf/vmlinux ] &&
		found /sys/kernel/btf/vmlinux "/sys/kernel/btf/vmlinux (running kernel)"

	tried="$tried, $vmlinuz"
	cache=$outdir/vmlinux-$kver.btf
	if [ -r "$vmlinuz" ]; then
		# shellcheck disable=SC3013 # dash, bash and busybox have -nt
		[ -s "$cache" ] && [ "$cache" -nt "$vmlinuz" ] &&
			found "$cache" "$vmlinuz (cached $cache)"
		from_vmlinuz "$cache" &&
			found "$cache" "$vmlinuz ($fmt payload, .BTF saved to $cache)"
	fi

	tried="$tried, $dbg"
	has_btf "$dbg" && found "$dbg" "$dbg"
else
	tried="nothing: ENETSTL_BTF_BREAK=nobase"
fi

echo "enetstl: no base BTF for kernel $kver (tried: $tried); install linux-headers-$kver with vmlinux or keep /boot/vmlinuz-$kver" >&2
exit 1
