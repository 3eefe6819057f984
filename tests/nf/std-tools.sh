#!/bin/sh
# In the guest, after rx-veth.sh (veth0 here, veth1 in netns nfns, the module
# loaded): the example objects with standard tools only, no project loader.
#  - bpftool prog loadall, every object;
#  - ip link set ... xdpgeneric obj, every object;
#  - xdp-loader (libxdp's multi-program dispatcher): an eNetSTL NF and a
#    second XDP program on veth0 at once, both run by the traffic sent.
# Objects that keep eNetSTL objects as kptrs need Linux 6.4+ for this: 6.1-6.3
# want the "kptr_ref" tag, which only enetstl_fix_kptrs() writes (SKIP there);
# an object with the kernel's BPF lists needs a kernel that has them (SKIP).
# PASS/FAIL/SKIP lines.
bt=/payload/bpftool ip=/payload/ip xl=/payload/xdp-loader
. /payload/result.sh	# tests/lib/result.sh: pass, fail, skip

rel=$(uname -r)
major=${rel%%.*} minor=${rel#*.}
minor=${minor%%.*}
old_kptr=0
[ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 4 ]; } && old_kptr=1

# has_kptr OBJ: whether OBJ keeps eNetSTL objects as kptrs
has_kptr() { $bt btf dump file "$1" 2>/dev/null | grep -q "DECL_TAG 'enetstl_kptr'"; }
# has_lists OBJ: whether OBJ keeps the kernel's BPF lists (carousel_list_ebpf)
has_lists() { $bt btf dump file "$1" 2>/dev/null | grep -q "DECL_TAG 'contains:"; }
# whether this kernel has them (6.1 has not), as the loader probes it
kernel_lists=0
$bt btf dump file /sys/kernel/btf/vmlinux 2>/dev/null | grep -q "FUNC 'bpf_list_push_back_impl'" &&
	kernel_lists=1

for o in /payload/objs/*.bpf.o; do
	n=$(basename "$o" .bpf.o)
	if [ $old_kptr = 1 ] && has_kptr "$o"; then
		skip "std-tools: $n" "Linux $rel wants the kptr_ref tag: load it with enetstl_fix_kptrs() (enetstl-example)"
		continue
	fi
	if [ $kernel_lists = 0 ] && has_lists "$o"; then
		skip "std-tools: $n" "Linux $rel has no BPF lists for XDP (bpf_list_push_back_impl)"
		continue
	fi
	if out=$($bt prog loadall "$o" "/sys/fs/bpf/std-$n" 2>&1); then
		pass "std-tools: bpftool prog loadall $n"
	else
		echo "$out" | grep -vE '^ *[0-9]+: ' | tail -n 5
		fail "std-tools: bpftool prog loadall $n"
	fi
	rm -rf "/sys/fs/bpf/std-$n"
	if out=$($ip link set dev veth0 xdpgeneric obj "$o" sec xdp 2>&1) &&
	   $ip link show dev veth0 | grep -q 'prog/xdp'; then
		pass "std-tools: ip link set dev veth0 xdpgeneric obj $n"
	else
		echo "$out" | grep -vE '^ *[0-9]+: ' | tail -n 5
		fail "std-tools: ip link set dev veth0 xdpgeneric obj $n"
	fi
	$ip link set dev veth0 xdpgeneric off 2>/dev/null
done

# xdp-loader: the count-min NF and flowhash (the demo) behind one dispatcher
if [ ! -x "$xl" ]; then
	skip "std-tools: xdp-loader" "not in the payload (the host has no xdp-tools)"
	exit 0
fi
nf=/payload/objs/cm_k4_enetstl.bpf.o other=/payload/objs/flowhash.bpf.o
if out=$(LIBXDP_OBJECT_PATH=/payload/xdp $xl load -m skb veth0 "$nf" "$other" 2>&1); then
	pass "std-tools: xdp-loader load -m skb veth0 cm_k4_enetstl flowhash"
else
	echo "$out" | tail -n 8
	fail "std-tools: xdp-loader load of cm_k4_enetstl and flowhash"
	exit 0
fi
st=$(LIBXDP_OBJECT_PATH=/payload/xdp $xl status veth0 2>&1)
echo "$st"
# the two component programs' ids: "=> PRIO NAME ID TAG ACTIONS"
ids=$(echo "$st" | awk '$1 == "=>" { print $4 }')
[ "$(echo "$ids" | wc -w)" -eq 2 ] && pass "std-tools: xdp-loader status: a dispatcher with 2 programs" ||
	fail "std-tools: xdp-loader status: want 2 programs behind the dispatcher, got: $(echo $ids)"
# A program behind the dispatcher is an freplace extension, which run_cnt
# does not count: what shows it ran is that its maps changed.
maps_of() { $bt prog show id "$1" | sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' | tr ',' ' '; }
snap() { for m in $(maps_of "$1"); do $bt map dump id "$m"; done 2>/dev/null | md5sum; }
for id in $ids; do eval "before_$id=\$(snap $id)"; done
$ip netns exec nfns /payload/enetstl-nftest send 10.99.0.1 9000 4 25 >/dev/null
sleep 1
ok=1
for id in $ids; do
	eval "b=\$before_$id"
	if [ -n "$(maps_of "$id")" ] && [ "$(snap "$id")" != "$b" ]; then
		echo "  program $id: its maps changed with the traffic"
	else
		echo "  program $id: its maps ($(maps_of "$id")) did not change"
		ok=0
	fi
done
[ $ok = 1 ] && pass "std-tools: both programs saw the 100 datagrams on the veth receive path" ||
	fail "std-tools: not both programs saw the 100 datagrams sent"
LIBXDP_OBJECT_PATH=/payload/xdp $xl unload veth0 --all >/dev/null 2>&1 &&
	pass "std-tools: xdp-loader unload --all" || fail "std-tools: xdp-loader unload --all"
exit 0
