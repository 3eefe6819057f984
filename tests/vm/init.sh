#!/bin/busybox sh
# /init of the test guest: mount the usual file systems, load the kernel
# modules listed in /lib/modules-load.list, run /payload/run.sh, report its
# exit code on the console and power off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t bpf bpf /sys/fs/bpf
mount -t tmpfs tmpfs /tmp
ip link set lo up
if [ -f /lib/modules-load.list ]; then
	while read -r m; do
		insmod "$m" || echo "ENETSTL-VM: insmod $m failed"
	done < /lib/modules-load.list
fi
echo "ENETSTL-VM: booted $(uname -r)"
export VM_ARGS="$(cat /proc/cmdline)"
cd /payload && ./run.sh
rc=$?
# The console is "quiet": replay the whole kernel log, so that the host scans
# every WARNING and BUG, whatever its log level.
echo "ENETSTL-VM: kernel log"
dmesg
echo "ENETSTL-VM: exit $rc"
poweroff -f
