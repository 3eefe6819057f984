#!/bin/sh
# In the guest: the loader on a real receive path. A veth pair, one end in a
# network namespace; enetstl-example attaches an NF to the other end in
# generic XDP mode; UDP flows are sent from the namespace; the loader's
# stats, dump and query must show them. Then the cuckoo switch's control
# plane (insert, delete), the kvstore's per-flow state (dump in key order,
# query, delete) and the loader's errors. PASS/FAIL/SKIP lines.
ex=/payload/enetstl-example
ip=/payload/ip
. /payload/result.sh	# tests/lib/result.sh: pass, fail, skip

if ! $ip -V >/dev/null 2>&1; then
	skip loader "no iproute2 ip in the payload (the host has none to copy)"
	exit 0
fi
mkdir -p /run/netns /var/run
$ip netns add nfns && $ip link add veth0 type veth peer name veth1 &&
$ip link set veth1 netns nfns && $ip addr add 10.99.0.1/24 dev veth0 && $ip link set veth0 up &&
$ip -n nfns addr add 10.99.0.2/24 dev veth1 && $ip -n nfns link set veth1 up &&
$ip -n nfns link set lo up
if [ $? -ne 0 ]; then
	fail "loader: setting up the veth pair and the namespace"
	exit 1
fi
send() { $ip netns exec nfns /payload/enetstl-nftest send 10.99.0.1 9000 "$1" "$2" >/dev/null; }
key() { echo "udp 10.99.0.2 $((10000 + $1)) 10.99.0.1 9000"; }

# count-min, 4 flows of 40, 80, 120, 160 datagrams
if $ex attach cm_k4_enetstl veth0 --hh-threshold 100; then pass "loader: attach cm_k4_enetstl (generic)"; else fail "loader: attach cm_k4_enetstl"; fi
send 4 40
sleep 1
out=$($ex stats veth0) && echo "$out" && pass "loader: stats" || fail "loader: stats"
ok=1
for f in 0 1 2 3; do
	want=$(( (f + 1) * 40 ))
	got=$($ex query veth0 $(key $f) | sed -n 's/.*estimate \([0-9]*\) packets.*/\1/p')
	echo "  flow $f: count-min estimate ${got:-none}, sent $want"
	[ "${got:-0}" -eq "$want" ] || ok=0
done
[ $ok = 1 ] && pass "loader: count-min estimates of the 4 flows equal the datagrams sent" ||
	fail "loader: count-min estimates differ from the datagrams sent"
dump=$($ex dump veth0 --top 5 --hh-threshold 100)
echo "$dump"
n=$(echo "$dump" | grep -c '10.99.0.2:1000[0-3] > 10.99.0.1:9000')
[ "$n" -eq 2 ] && pass "loader: dump lists the 2 flows above 100 datagrams as heavy hitters" ||
	fail "loader: dump lists $n heavy hitters among the test flows, want 2"
$ex detach veth0 && pass "loader: detach" || fail "loader: detach"
if $ex stats veth0 2>/dev/null; then fail "loader: stats still answer after detach"; else pass "loader: nothing attached after detach"; fi

# cuckoo switch, the array of buckets and the table flavor (its table global
# data, pinned as .data.ck_table): flows 0 and 2 get ports 7 and 9; flow 2
# is deleted after one round
for v in cuckoo_enetstl cuckoo_table_enetstl; do
	if $ex attach $v veth0; then pass "loader: attach $v (generic)"; else fail "loader: attach $v"; fi
	$ex insert veth0 $(key 0) 7 && $ex insert veth0 $(key 2) 9 && pass "loader: $v: insert 2 entries" || fail "loader: $v: insert"
	send 4 10
	sleep 1
	d1=$($ex dump veth0)
	echo "$d1"
	echo "$d1" | grep -q 'packets per port.* 7:10 9:30' && pass "loader: $v: per-port counts after inserts (7:10 9:30)" ||
		fail "loader: $v: per-port counts after inserts"
	$ex delete veth0 $(key 2) && pass "loader: $v: delete" || fail "loader: $v: delete"
	$ex query veth0 $(key 2) | grep -q 'not in the table' && pass "loader: $v: query of the deleted flow" || fail "loader: $v: query of the deleted flow"
	send 4 10
	sleep 1
	$ex dump veth0 | grep -q 'packets per port.* 7:20 9:30' && pass "loader: $v: per-port counts after delete (7:20 9:30)" ||
		fail "loader: $v: per-port counts after delete"
	$ex detach veth0 >/dev/null || fail "loader: detach $v"
done

# kvstore, both variants: 4 flows of 10, 20, 30, 40 datagrams; flow 1
# deleted, then the same again: 20, 20, 60, 80 (flow 1 stored anew)
kv_packets() {	# the packets column of the dump's test flows, in dump order: "sport:packets ..."
	$ex dump veth0 --top 100 | grep '10.99.0.2:1000[0-3] > 10.99.0.1:9000' |
		sed 's/.*10.99.0.2:\(1000[0-3]\) .*/\1 &/' | awk '{ printf "%s:%s ", $1, $(NF - 2) }'
}
for v in kv_enetstl kv_ebpf; do
	if $ex attach $v veth0; then pass "loader: attach $v (generic)"; else fail "loader: attach $v"; continue; fi
	send 4 10
	sleep 1
	$ex dump veth0
	got=$(kv_packets)
	[ "$got" = "10000:10 10001:20 10002:30 10003:40 " ] &&
		pass "loader: $v: dump lists the 4 flows in key order with their datagrams ($got)" ||
		fail "loader: $v: dump shows '$got', want '10000:10 10001:20 10002:30 10003:40 '"
	q=$($ex query veth0 $(key 2) | awk '/10.99.0.2:10002 / { print $(NF - 2) }')
	[ "$q" = 30 ] && pass "loader: $v: query flow 2: 30 packets" || fail "loader: $v: query flow 2: '$q' packets, want 30"
	$ex delete veth0 $(key 1) && pass "loader: $v: delete" || fail "loader: $v: delete"
	$ex query veth0 $(key 1) | grep -q 'not in the kvstore' && pass "loader: $v: query of the deleted flow" ||
		fail "loader: $v: query of the deleted flow"
	e=$($ex delete veth0 $(key 1) 2>&1); rc=$?
	[ $rc -ne 0 ] && echo "$e" | grep -q 'not in the kvstore' && pass "loader: $v: deleting it again: '$e'" ||
		fail "loader: $v: deleting it again (rc $rc): $e"
	send 4 10
	sleep 1
	got=$(kv_packets)
	[ "$got" = "10000:20 10001:20 10002:60 10003:80 " ] &&
		pass "loader: $v: after delete and resend: $got" ||
		fail "loader: $v: after delete and resend: '$got', want '10000:20 10001:20 10002:60 10003:80 '"
	$ex detach veth0 >/dev/null || fail "loader: detach $v"
done

# Carousel, the four list wheels in the receive path's softirq: eNetSTL's
# list buckets (their lock taken without local_bh_disable():
# kmod/enetstl_lock.h), the library's wheel (enetstl/wheel.h, one per CPU), the
# kernel's BPF lists (bpf_spin_lock; 6.12 and later: on 6.1 the loader must
# refuse it in one line) and the lists in per-CPU arrays. Every tick is a flow packet that went on the
# wheel (and may have left it) or was dropped; the 4 flows send 50 + 100 +
# 150 + 200 datagrams.
for v in carousel_enetstl carousel_wheel_enetstl carousel_list_ebpf carousel_array_ebpf; do
	if [ $v = carousel_list_ebpf ] && [ "$(uname -r | cut -d. -f1-2)" = 6.1 ]; then
		out=$($ex attach $v veth0 2>&1); rc=$?
		[ $rc -ne 0 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q 'no BPF lists' &&
			pass "loader: $v refused on $(uname -r): $out" ||
			fail "loader: $v on $(uname -r): rc $rc, '$out' (want one line: no BPF lists)"
		continue
	fi
	if $ex attach $v veth0; then pass "loader: attach $v (generic)"; else fail "loader: attach $v"; fi
	send 4 50
	sleep 1
	d=$($ex dump veth0)
	echo "$d"
	set -- $(echo "$d" | sed -n 's/.*tick \([0-9]*\), cursor [0-9]*; \([0-9]*\) on the wheel, \([0-9]*\) released.*), \([0-9]*\) dropped.*/\1 \2 \3 \4/p' |
		awk '{ t += $1; s += $2 + $3 + $4; r += $3 } END { print t + 0, s + 0, r + 0 }')
	[ "$1" -ge 500 ] && [ "$1" -eq "$2" ] && [ "$3" -gt 0 ] &&
		pass "loader: $v on the receive path: $1 ticks = on the wheel + released + dropped, $3 released" ||
		fail "loader: $v on the receive path: ticks $1, accounted $2, released $3 (want >= 500, equal, > 0)"
	$ex detach veth0 >/dev/null || fail "loader: detach $v"
done

# the objects with standard tools: tests/nf/std-tools.sh, after this

# replay: a generated trace through both variants of each NF (BPF_PROG_TEST_RUN)
for v in cm_k8_enetstl ns_k8_enetstl cuckoo_enetstl htss_enetstl cffs_enetstl kv_enetstl; do
	out=$($ex replay $v --packets 2000 --flows 300 --timing-packets 100 --repeat 5 2>&1); rc=$?
	# the timing of so short a run is noise under TCG: only its presence is checked
	if [ $rc -eq 0 ] && echo "$out" | grep -q '^ns per packet' && echo "$out" | grep -q "^== $v"; then
		pass "loader: replay $v: $(echo "$out" | grep -E 'speed-up|not measurable' | head -n 1)"
	else
		echo "$out" | tail -5
		fail "loader: replay $v (rc $rc)"
	fi
done
out=$($ex replay cm_k8_enetstl --packets 5000 --flows 500 --top 5 --timing-packets 50 --repeat 2)
echo "$out" | sed -n '/== cm_k8_enetstl/,/^$/p'
n=$(echo "$out" | sed -n '/== cm_k8_enetstl/,$p' | awk '$1 ~ /^[1-5]$/ && $NF + 0 > 0 && $(NF - 1) + 0 >= $NF + 0' | wc -l)
[ "$n" -eq 5 ] && pass "loader: replay: 5 heavy hitters, each estimate >= its true count" ||
	fail "loader: replay: $n of 5 heavy hitters with estimate >= true count"

# the loader's errors: one line, non-zero exit
e=$($ex attach cm_k4_ebpf nosuch0 2>&1); rc=$?
[ $rc -ne 0 ] && [ "$(echo "$e" | wc -l)" -eq 1 ] && echo "$e" | grep -q 'no such interface: nosuch0' &&
	pass "loader: no such interface: '$e'" || fail "loader: no such interface (rc $rc): $e"
e=$($ex attach cm_k9_ebpf veth0 2>&1); rc=$?
[ $rc -ne 0 ] && echo "$e" | grep -q "unknown NF variant" && pass "loader: unknown variant: '$e'" || fail "loader: unknown variant: $e"
rmmod enetstl 2>/dev/null
for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /sys/kernel/btf/enetstl ] || break; sleep 0.2; rmmod enetstl 2>/dev/null; done
if [ -e /sys/kernel/btf/enetstl ]; then
	skip "loader: module-not-loaded error" "the module could not be unloaded"
else
	e=$($ex attach cm_k4_enetstl veth0 2>&1); rc=$?
	[ $rc -ne 0 ] && echo "$e" | grep -q "module is not loaded" && pass "loader: module not loaded: '$e'" ||
		fail "loader: module not loaded (rc $rc): $e"
	insmod /payload/enetstl.ko
fi
exit 0
