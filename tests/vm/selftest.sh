#!/bin/bash
# Tests of the harness itself: a run.sh exit code comes through, a kernel
# WARNING on the console fails the run, requested modules (veth) load, and
# a run that dies on an "Oops: int3" is repeated once only when its RIP is
# in kernel text (run-vm.sh: tcg_int3()).
# Usage: tests/vm/selftest.sh KVER
set -u
here=$(cd "$(dirname "$0")" && pwd)
k=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/../lib/result.sh"
result() { if [ "$1" = ok ]; then pass "vm-harness $k: $2"; else fail "vm-harness $k: $2"; fi; }

mkdir -p "$tmp/p1" "$tmp/p2"
cat > "$tmp/p1/run.sh" <<'EOT'
#!/bin/sh
test -e /sys/kernel/btf/vmlinux || exit 10
# busybox ip ignores "peer name": the peer is always veth0
ip link add va type veth || exit 11
ip link set va up && ip link set veth0 up || exit 12
exit 3
EOT
cat > "$tmp/p2/run.sh" <<'EOT'
#!/bin/sh
echo "WARNING: CPU: 0 PID: 1 at fake/file.c:1 harness self-test" > /dev/kmsg
exit 0
EOT
# A guest that dies without its exit line after an int3 Oops report: at a
# RIP in kernel text (p3), in a module (p4). sysrq o: power off at once.
mkdir -p "$tmp/p3" "$tmp/p4"
for p in 3 4; do
	rip=fake_patch_site+0x9/0x20
	[ $p = 4 ] && rip="fake_kfunc+0x9/0x20 [enetstl]"
	printf '#!/bin/sh
echo "Oops: int3: 0000 [#1] SMP PTI"
echo "RIP: 0010:%s"
echo o > /proc/sysrq-trigger
sleep 60
' \
		"$rip" > "$tmp/p$p/run.sh"
done
chmod +x "$tmp"/p*/run.sh

"$here/run-vm.sh" -k "$k" -p "$tmp/p1" -m veth -t 300 >"$tmp/l1" 2>&1
rc=$?
if [ $rc -eq 3 ]; then result ok "exit code of run.sh comes through (3); veth loads, /sys/kernel/btf/vmlinux present"
else result no "want exit 3, got $rc"; tail -n 5 "$tmp/l1"; fi

"$here/run-vm.sh" -k "$k" -p "$tmp/p2" -t 300 >"$tmp/l2" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "kernel problem on the console" "$tmp/l2"; then
	result ok "a WARNING on the console fails the run"
else result no "WARNING not caught (exit $rc)"; tail -n 5 "$tmp/l2"; fi
"$here/run-vm.sh" -k "$k" -p "$tmp/p3" -t 300 >"$tmp/l3" 2>&1
rc=$?
n=$(grep -c 'Oops: int3 in kernel text at fake_patch_site+0x9/0x20 (not in a module).*running again once' "$tmp/l3")
if [ $rc -ne 0 ] && [ "$n" = 1 ] && grep -q 'the guest did not finish' "$tmp/l3"; then
	result ok "an int3 Oops in kernel text runs the guest again once, then fails"
else result no "int3 Oops in kernel text: exit $rc, $n reruns"; tail -n 5 "$tmp/l3"; fi

"$here/run-vm.sh" -k "$k" -p "$tmp/p4" -t 300 >"$tmp/l4" 2>&1
rc=$?
if [ $rc -ne 0 ] && ! grep -q 'running again' "$tmp/l4" && grep -q 'the guest did not finish' "$tmp/l4"; then
	result ok "an int3 Oops in a module fails the run at once"
else result no "int3 Oops in a module: exit $rc"; tail -n 5 "$tmp/l4"; fi
summary "vm-harness $k"
