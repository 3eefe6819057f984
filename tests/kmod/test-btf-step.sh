#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-btf-step.sh KO KVER: test the module BTF step (kmod/btf/) on KO, a
# module as kbuild linked it, without BTF (kmod/build/KVER/obj/enetstl.ko).
#   a) our .BTF_ids resolver gives the same bytes as the kernel's
#      resolve_btfids (where KVER's headers ship it); on 7.x, the kernel's
#      detached flow works, adds .BTF.base, and ours refuses clearly; with
#      a distilled base from pahole (trixie) the kernel's works, ours refuses;
#   b) with no base BTF (ENETSTL_BTF_BREAK=nobase) the step fails, clearly;
#   c) "btfids check" rejects a module without .BTF and one with a zeroed set.
# BTFIDS: a built btfids (default: built here from kmod/btf/btfids.c).
set -u

[ $# -eq 2 ] || { echo "usage: $0 KO KVER" >&2; exit 2; }
ko=$(realpath "$1") kver=$2
kdir=/lib/modules/$kver/build
btf=$(realpath "$(dirname "$0")/../../kmod/btf")
step=$btf/gen-module-btf.sh
kres=$kdir/tools/bpf/resolve_btfids/resolve_btfids
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/../lib/result.sh"
ok()   { pass "$@"; }
nok()  { fail "$@"; }
result() {
	summary "btf-step $kver"
	exit
}

# run_step NAME [VAR=value...]: the BTF step on a fresh copy $tmp/NAME.ko,
# with kbuild's pahole flags from KO's directory; output in $tmp/NAME.log
mkdir "$tmp/work"
for f in pahole.flags resolve_btfids.flags; do
	[ ! -f "$(dirname "$ko")/$f" ] || cp "$(dirname "$ko")/$f" "$tmp/work/"
done
run_step() {
	local name=$1
	shift
	cp "$ko" "$tmp/$name.ko"
	env BTFIDS="$BTFIDS" "$@" "$step" "$tmp/$name.ko" "$kver" "$kdir" \
		"$tmp/work" >"$tmp/$name.log" 2>&1
}

if [ -z "${BTFIDS:-}" ]; then
	BTFIDS=$tmp/btfids
	gcc -O2 -Wall -Wextra -o "$BTFIDS" "$btf/btfids.c" -lbpf -lelf -lz ||
		{ nok "build btfids"; result; }
fi
if [ ! -f "$ko" ] || readelf -W -S "$ko" | grep -Eq '\] \.BTF[[:space:]]'; then
	nok "$1: need a module without BTF, as kbuild links it with CONFIG_DEBUG_INFO_BTF_MODULES="
	result
fi

# a) our resolver against the kernel's. Where kbuild's pahole adds a
#    distilled base (.BTF.base, pahole 1.28+: trixie) ours refuses clearly and
#    the kernel's must do; on 7.x, where resolve_btfids reworks the BTF itself
#    (detached flow), the kernel's flow must add .BTF.base and ours refuse.
#    $good: a module that passed, for c).
good=
has_base() { readelf -W -S "$1" | grep -q '\] \.BTF\.base '; }
if [ -x "$kres" ] && "$kres" --help 2>&1 | grep -q -- '--patch_btfids'; then
	if run_step kernel ENETSTL_BTF_RESOLVER=kernel; then
		ok "step with the kernel's detached flow (7.x): $(grep -o '\.BTF [0-9]* bytes.*' "$tmp/kernel.log")"
		good=$tmp/kernel.ko
	else
		nok "step with the kernel's detached flow (7.x): $(grep enetstl: "$tmp/kernel.log" | tail -n 1)"
	fi
	if ! run_step own ENETSTL_BTF_RESOLVER=own &&
	   grep -q "only the kernel's resolver can do that" "$tmp/own.log"; then
		ok "ENETSTL_BTF_RESOLVER=own on a 7.x kernel fails clearly"
	else
		nok "ENETSTL_BTF_RESOLVER=own on a 7.x kernel: $(tail -n 1 "$tmp/own.log")"
	fi
	if [ -n "$good" ] && has_base "$good"; then
		ok "the module carries a distilled base (.BTF.base), as kbuild's own modules do"
	else
		nok "no .BTF.base section in the module (resolve_btfids --distill_base)"
	fi
elif grep -q distilled_base "$tmp/work/pahole.flags" 2>/dev/null; then
	if [ ! -x "$kres" ]; then
		nok "pahole makes a distilled base, but $kres is missing"
	elif run_step kernel ENETSTL_BTF_RESOLVER=kernel && has_base "$tmp/kernel.ko"; then
		ok "step with resolve_btfids, distilled base (.BTF.base): $(grep -o '\.BTF [0-9]* bytes.*' "$tmp/kernel.log")"
		good=$tmp/kernel.ko
	else
		nok "step with resolve_btfids and a distilled base: $(grep enetstl: "$tmp/kernel.log" | tail -n 1)"
	fi
	if ! run_step own ENETSTL_BTF_RESOLVER=own && grep -q "has .BTF.base" "$tmp/own.log"; then
		ok "our resolver refuses a distilled base clearly: $(grep 'has .BTF.base' "$tmp/own.log")"
	else
		nok "our resolver on a distilled base: $(tail -n 1 "$tmp/own.log")"
	fi
else
	if run_step own ENETSTL_BTF_RESOLVER=own; then
		ok "step with our resolver: $(grep -o '\.BTF [0-9]* bytes.*' "$tmp/own.log")"
		good=$tmp/own.ko
	else
		nok "step with our resolver: $(grep enetstl: "$tmp/own.log" | tail -n 1)"
	fi
	if [ -x "$kres" ]; then
		if ! run_step kernel ENETSTL_BTF_RESOLVER=kernel; then
			nok "step with resolve_btfids: $(tail -n 1 "$tmp/kernel.log")"
		elif cmp "$tmp/kernel.ko" "$tmp/own.ko"; then
			ok "btfids resolve output is byte-identical to resolve_btfids'"
		else
			nok "btfids resolve and resolve_btfids differ"
		fi
	else
		skip "no $kres" "nothing to compare our resolver with"
		if ! run_step kernel ENETSTL_BTF_RESOLVER=kernel &&
		   grep -q "enetstl: ENETSTL_BTF_RESOLVER=kernel, but" "$tmp/kernel.log"; then
			ok "ENETSTL_BTF_RESOLVER=kernel without resolve_btfids fails clearly"
		else
			nok "ENETSTL_BTF_RESOLVER=kernel without resolve_btfids: $(tail -n 1 "$tmp/kernel.log")"
		fi
	fi
fi

# b) no base BTF
if run_step nobase ENETSTL_BTF_BREAK=nobase; then
	nok "ENETSTL_BTF_BREAK=nobase: the step succeeded"
elif [ "$(wc -l <"$tmp/nobase.log")" -eq 1 ] &&
     grep -q "^enetstl: no base BTF for kernel $kver (tried: " "$tmp/nobase.log"; then
	ok "ENETSTL_BTF_BREAK=nobase fails with: $(cat "$tmp/nobase.log")"
else
	nok "ENETSTL_BTF_BREAK=nobase: unclear failure: $(cat "$tmp/nobase.log")"
fi

# c) btfids check
# rejects MSG FILE: "btfids check FILE" must fail
rejects() {
	local out
	if out=$("$BTFIDS" check "$2" 2>&1); then
		nok "btfids check accepts $1"
	else
		ok "btfids check rejects $1: $out"
	fi
}
if [ -n "$good" ] && "$BTFIDS" check "$good" >/dev/null; then
	objcopy --remove-section .BTF "$good" "$tmp/nobtf.ko"
	rejects "a module without .BTF" "$tmp/nobtf.ko"

	# zero the count of the first set or set8 in .BTF_ids
	cp "$good" "$tmp/zeroset.ko"
	ids=$(readelf -W -S "$good" |
	      sed -n 's/^ *\[ *\([0-9]*\)\] \.BTF_ids .*/\1/p')
	sec_off=$(readelf -W -S "$good" |
		  awk '/\] \.BTF_ids /{ sub(/^.*\]/, ""); print $4 }')
	set_off=$(readelf -W -s "$good" |
		  awk -v n="$ids" '$7 == n && $8 ~ /^__BTF_ID__set8?__/ { print $2; exit }')
	if [ -n "$set_off" ]; then
		dd if=/dev/zero of="$tmp/zeroset.ko" bs=1 count=4 conv=notrunc \
		   seek=$((0x$sec_off + 0x$set_off)) status=none
		rejects "a module with a zeroed set count" "$tmp/zeroset.ko"
	else
		nok "no set in .BTF_ids of $1"
	fi
else
	nok "no module that passes btfids check, cannot test its rejections"
fi

result
