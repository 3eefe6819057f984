#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# gen-module-btf.sh KO KVER KDIR WORKDIR
#
# The step kbuild calls "BTF [M]", done by us for every kernel: add split BTF
# to the linked module KO (pahole -J on top of the kernel's BTF), then fill
# in its .BTF_ids, then check the result.
#
# WORKDIR/pahole.flags holds kbuild's pahole flags (written by Kbuild).
# BTFIDS is our btfids tool (default WORKDIR/btfids).
# ENETSTL_BTF_RESOLVER=auto|kernel|own picks the .BTF_ids resolver: the
# kernel's tools/bpf/resolve_btfids from KDIR (auto: when present) or ours.
#
# Two kernel flows exist. Up to 6.x, pahole adds .BTF to the module and
# resolve_btfids patches .BTF_ids in place. From 7.x (scripts/gen-btf.sh),
# pahole writes detached BTF, resolve_btfids reworks it (btf2btf) and writes
# the final .BTF, .BTF.base and .BTF_ids as files, and objcopy and
# resolve_btfids --patch_btfids embed them. We follow whichever flow the
# kernel's resolve_btfids speaks; our own resolver knows only the first.
# Test hook: ENETSTL_BTF_BASE=FILE forces the base BTF (the VM tests build a
# module on another kernel's BTF, which must then refuse to load).
set -eu

die() { echo "enetstl: $*" >&2; exit 1; }

[ $# -eq 4 ] || die "usage: $0 KO KVER KDIR WORKDIR"
ko=$1 kver=$2 kdir=$3 workdir=$4
btfids=${BTFIDS:-$workdir/btfids}
kres=$kdir/tools/bpf/resolve_btfids/resolve_btfids

case ${ENETSTL_BTF_RESOLVER:-auto} in
auto)	[ -x "$kres" ] && resolver=kernel || resolver=own ;;
kernel)	[ -x "$kres" ] || die "ENETSTL_BTF_RESOLVER=kernel, but $kres does not exist"
	resolver=kernel ;;
own)	resolver=own ;;
*)	die "ENETSTL_BTF_RESOLVER must be auto, kernel or own, not '$ENETSTL_BTF_RESOLVER'" ;;
esac

command -v pahole >/dev/null ||
	die "pahole not found: install the 'dwarves' package (module BTF needs it)"
[ -x "$btfids" ] || die "btfids tool not found at $btfids (set BTFIDS)"
[ -f "$ko" ] || die "$ko: no such module"
if readelf -W -S "$ko" | grep -Eq '\] \.BTF[[:space:]]'; then
	die "$ko already has a .BTF section (kbuild's BTF step must be disabled)"
fi

if [ -n "${ENETSTL_BTF_BASE:-}" ]; then
	base=$ENETSTL_BTF_BASE
	echo "enetstl: WARNING: base BTF forced to $base (ENETSTL_BTF_BASE test hook)" >&2
else
	base=$("$(dirname "$0")/find-base-btf.sh" "$kver" "$kdir" "$workdir") || exit 1
fi

# kbuild's flags, else its defaults for pahole 1.21-1.26 (kmod/Kbuild writes
# them). With -j, pahole before 1.27 orders types differently from run to
# run; a module gains nothing from it, and without it builds are reproducible.
set -f
kflags=
[ ! -r "$workdir/pahole.flags" ] || kflags=$(cat "$workdir/pahole.flags")
# shellcheck disable=SC2086 # word lists
set -- $kflags
if [ $# -eq 0 ]; then
	set -- --btf_gen_floats
	ver=$(pahole --version | sed -n 's/^v\([0-9]*\)\.\([0-9]*\).*/\1 * 100 + \2/p')
	# shellcheck disable=SC2004 # $ver is "MAJOR * 100 + MINOR"
	[ -z "$ver" ] || [ $(($ver)) -lt 124 ] || set -- "$@" --lang_exclude=rust
fi
flags=
for f in "$@"; do
	case $f in
	-j|-j[0-9]*|--jobs|--jobs=*) ;;
	*) flags="${flags:+$flags }$f" ;;
	esac
done

# The 7.x resolve_btfids has --patch_btfids and never patches in place.
detached=0
if [ "$resolver" = kernel ] && "$kres" --help 2>&1 | grep -q -- '--patch_btfids'; then
	detached=1
	resolver="kernel, detached BTF"
elif [ "$resolver" = own ] && [ -x "$kres" ] && "$kres" --help 2>&1 | grep -q -- '--patch_btfids'; then
	die "ENETSTL_BTF_RESOLVER=own: $kdir builds module BTF with resolve_btfids' own BTF transformations (7.x); only the kernel's resolver can do that"
fi

echo "enetstl: BTF [M] $ko (pahole $flags; resolver: $resolver)"
if [ $detached = 1 ]; then
	rm -f "$ko.BTF.1" "$ko.BTF" "$ko.BTF.base" "$ko.BTF_ids"
	# shellcheck disable=SC2064 # now
	trap "rm -f '$ko.BTF.1' '$ko.BTF' '$ko.BTF.base' '$ko.BTF_ids'" EXIT
	rflags=
	[ ! -r "$workdir/resolve_btfids.flags" ] || rflags=$(cat "$workdir/resolve_btfids.flags")
	# shellcheck disable=SC2086 # flags are word lists
	pahole -J $flags --btf_base "$base" --btf_encode_detached="$ko.BTF.1" "$ko" ||
		die "pahole failed to make BTF for $ko (base $base)"
	# shellcheck disable=SC2086
	"$kres" $rflags --btf_base "$base" --btf "$ko.BTF.1" "$ko" ||
		die "$kres failed on $ko"
	[ -s "$ko.BTF" ] || die "$kres wrote no $ko.BTF"
	objcopy --add-section .BTF="$ko.BTF" "$ko" || die "objcopy could not add .BTF to $ko"
	if [ -f "$ko.BTF.base" ]; then
		objcopy --add-section .BTF.base="$ko.BTF.base" "$ko" ||
			die "objcopy could not add .BTF.base to $ko"
	fi
	[ -f "$ko.BTF_ids" ] || die "$kres wrote no $ko.BTF_ids (the module has kfunc sets)"
	"$kres" --patch_btfids "$ko.BTF_ids" "$ko" || die "$kres --patch_btfids failed on $ko"
else
	# shellcheck disable=SC2086 # flags is a word list
	LLVM_OBJCOPY=objcopy pahole -J $flags --btf_base "$base" "$ko" ||
		die "pahole failed to add BTF to $ko (base $base)"
	if [ "$resolver" = kernel ]; then
		"$kres" -b "$base" "$ko" || die "$kres failed on $ko"
	else
		"$btfids" resolve -b "$base" "$ko" || exit 1
	fi
fi
"$btfids" check "$ko" || exit 1
