#!/bin/sh
# PID 1 of the packaging test guest (init= on the kernel command line): the
# Debian root the test installed the packages into, booted with its own
# kernel and initrd. Uses only what the packages installed: modprobe from
# updates/dkms, the enetstl-examples loader and object, the probe program
# compiled in the root against libenetstl-bpf-dev, enetstl status.
# Prints PASS/FAIL lines, then "ENETSTL-PKG: exit N" and powers off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
k=$(uname -r)
fails=0
ok() { echo "PASS: boot $k: $*"; }
ko() { echo "FAIL: boot $k: $*"; fails=$((fails + 1)); }

mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t bpf bpf /sys/fs/bpf
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
ip link set lo up
echo "ENETSTL-PKG: booted $k"
t=/opt/enetstl-test
multiarch=$(cat $t/multiarch)
ver=$(cat $t/version)

if modprobe enetstl; then
	path=$(modinfo -n enetstl)
	case $path in
	/lib/modules/$k/updates/dkms/enetstl.ko*) ok "modprobe enetstl loaded $path" ;;
	*) ko "modprobe enetstl loaded $path, not the DKMS module" ;;
	esac
else
	ko "modprobe enetstl failed: $(dmesg | grep -i enetstl | tail -n 2)"
fi
loaded=$(cat /sys/module/enetstl/version 2>/dev/null)
[ "$loaded" = "$ver" ] && ok "/sys/module/enetstl/version is $ver" ||
	ko "/sys/module/enetstl/version is '$loaded', want $ver"
[ -e /sys/kernel/btf/enetstl ] && ok "kfuncs registered: /sys/kernel/btf/enetstl exists" ||
	ko "/sys/kernel/btf/enetstl missing: module loaded without kfuncs"

if out=$(enetstl-demo -f 4 -n 3 2>&1); then
	ok "installed loader enetstl-demo: $(echo "$out" | tail -n 1)"
else
	ko "enetstl-demo failed:"; echo "$out" | tail -n 10
fi
# Both variants of an NF on a generated trace (BPF_PROG_TEST_RUN); small,
# timings mean nothing under TCG.
if out=$(enetstl-example replay cm_k4_enetstl --packets 500 --flows 50 --repeat 1 \
		--timing-packets 100 2>&1) && echo "$out" | grep -q '== cm_k4_enetstl (eNetSTL)'; then
	ok "installed loader enetstl-example: replay cm_k4_enetstl and its pure-eBPF twin ran"
else
	ko "enetstl-example replay cm_k4_enetstl failed:"; echo "$out" | tail -n 10
fi
obj=/usr/lib/$multiarch/bpf/enetstl/flowhash.bpf.o
if out=$(bpftool prog loadall "$obj" /sys/fs/bpf/flowhash 2>&1); then
	ok "installed object $obj loads (bpftool prog loadall): $(ls /sys/fs/bpf/flowhash | tr '\n' ' ')"
	rm -rf /sys/fs/bpf/flowhash
else
	ko "bpftool prog loadall $obj:"; echo "$out" | tail -n 10
fi

if out=$(bpftool prog load $t/probe.bpf.o /sys/fs/bpf/probe 2>&1) &&
   out=$(bpftool prog run pinned /sys/fs/bpf/probe data_in $t/packet.bin 2>&1) &&
   echo "$out" | grep -q 'Return value: 2'; then
	ok "probe.bpf.o (built in the root with pkg-config libenetstl-bpf) runs: XDP_PASS, kfunc answers right"
else
	ko "probe.bpf.o:"; echo "$out" | tail -n 10
fi
rm -f /sys/fs/bpf/probe

if out=$(enetstl status 2>&1); then
	ok "enetstl status exits 0"
else
	ko "enetstl status exits non-zero"
fi
echo "$out" | sed 's/^/    /'

modprobe -r enetstl && ok "modprobe -r enetstl" || ko "modprobe -r enetstl failed"

echo "ENETSTL-PKG: exit $fails"
echo "ENETSTL-PKG: kernel log"
dmesg
echo "ENETSTL-PKG: end"
sync
# Power off at once. The kernel shuts the disk down while this script still
# runs: from here on only shell builtins (an exec from disk would fail, init
# would die, and the kernel would panic).
echo o > /proc/sysrq-trigger
while :; do :; done
