#!/bin/bash
# boot-root.sh IMAGE ROOTDIR KVER LOG: boot kernel KVER of a Debian root (its
# own /boot/vmlinuz and initrd) in QEMU (TCG) from the ext4 IMAGE, with
# guest-init.sh as init; the disk is a throw-away snapshot. Prints the guest's
# PASS/FAIL lines. Exit: the guest's failure count, or 1 when it did not
# finish or the console shows a kernel problem (BUG, WARNING, Oops, ...).
# A boot that dies before "ENETSTL-PKG: booted" is retried twice (a rare
# TCG boot flake), a run that got further never.
set -uo pipefail
[ $# -eq 4 ] || { echo "usage: $0 IMAGE ROOTDIR KVER LOG" >&2; exit 2; }
img=$1 root=$2 k=$3 log=$4
problems='BUG:|WARNING:|Oops|RCU stall|rcu_sched self-detected stall|rcu: INFO|refcount_t:|Kernel panic|general protection fault|UBSAN:'
for f in "$root/boot/vmlinuz-$k" "$root/boot/initrd.img-$k" "$img"; do
	[ -r "$f" ] || { echo "boot-root: $f missing"; exit 1; }
done
for attempt in 1 2 3; do
	timeout --foreground -k 10 "${ENETSTL_BOOT_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg \
		-cpu max -m 1024 -smp 2 -nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$root/boot/vmlinuz-$k" -initrd "$root/boot/initrd.img-$k" \
		-drive "file=$img,format=raw,if=virtio,snapshot=on" \
		-append "root=/dev/vda rw rootfstype=ext4 init=/opt/enetstl-test/init console=ttyS0 panic=-1 quiet" \
		</dev/null 2>&1 | tr -d '\r' >"$log"
	grep -q 'ENETSTL-PKG: booted' "$log" && break
	[ "$attempt" -lt 3 ] && echo "boot-root: $k died before booting; retrying ($attempt/2)" &&
		cp "$log" "$log.boot-failure-$attempt"
done
sed -n '/ENETSTL-PKG: booted/,/ENETSTL-PKG: exit/p' "$log" | grep -E '^(PASS|FAIL|    )'
if ! grep -q 'ENETSTL-PKG: booted' "$log"; then
	echo "boot-root: $k never reached init (3 attempts); console in $log"; exit 1
fi
rc=$(sed -n 's/^ENETSTL-PKG: exit \([0-9]*\)$/\1/p' "$log" | tail -n 1)
if [ -z "$rc" ] || ! grep -q 'ENETSTL-PKG: end' "$log"; then
	echo "boot-root: $k: the guest did not finish; console in $log"; exit 1
fi
bad=$(grep -E "$problems" "$log" | head -n 3)
if [ -n "$bad" ]; then
	echo "boot-root: $k: kernel problem on the console:"; echo "$bad" | sed 's/^/  /'; exit 1
fi
[ "$rc" -eq 0 ] || exit 1
