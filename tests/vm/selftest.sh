#!/bin/bash
# Tests of the harness itself: a run.sh exit code comes through, a kernel
# WARNING on the console fails the run, and requested modules (veth) load.
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
summary "vm-harness $k"
