#!/bin/bash
# Boot an installed kernel under QEMU with a payload and report the result.
#   run-vm.sh -k KVER -p PAYLOAD_DIR [-m "modules"] [-c CPU] [-s SMP] [-M MB]
#             [-i] [-t TIMEOUT_S] [-l LOGFILE]
# The guest runs PAYLOAD_DIR/run.sh (tests/vm/init.sh); the console goes to
# stdout and LOGFILE. Exit status: run.sh's, or 1 when the guest did not
# report one (crash, timeout) or when the console shows a kernel problem
# (BUG, WARNING, Oops, RCU stall, refcount, panic, GPF, UBSAN).
# -i: count guest instructions as time (-icount shift=0,sleep=off, 1 vCPU), the
# figure to judge performance by under TCG (see shared/DESIGN.md).
# A boot that dies before "ENETSTL-VM: booted" (a rare TCG boot flake) is
# retried twice. A run that got further is repeated only once, and only for
# an "Oops: int3" in the kernel's own text (tcg_int3() below); anything else
# fails it.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kver= payload= mods= cpu=max smp=2 mem=1024 icount=0 timeout=900 log=
while getopts k:p:m:c:s:M:it:l: opt; do
	case $opt in
	k) kver=$OPTARG ;; p) payload=$OPTARG ;; m) mods=$OPTARG ;; c) cpu=$OPTARG ;;
	s) smp=$OPTARG ;; M) mem=$OPTARG ;; i) icount=1 ;; t) timeout=$OPTARG ;;
	l) log=$OPTARG ;;
	*) sed -n '2,4p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$kver" ] && [ -d "$payload" ] || { echo "run-vm: -k KVER and -p PAYLOAD_DIR are required" >&2; exit 2; }
# A matrix kernel of another suite boots from its root (tests/kernels/).
kroot=$("$here/../kernels.sh" --root "$kver" 2>/dev/null) || kroot=/
kernel=${kroot%/}/boot/vmlinuz-$kver
[ -r "$kernel" ] || { echo "run-vm: no $kernel: install linux-image-$kver" >&2; exit 1; }
command -v qemu-system-x86_64 >/dev/null || { echo "run-vm: qemu-system-x86_64 missing: apt-get install qemu-system-x86" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$log" ] || log=$work/console.log
mkdir -p "$(dirname "$log")"
"$here/mkinitramfs.sh" -k "$kver" -r "$kroot" -p "$payload" -o "$work/initrd.gz" -m "$mods" || exit 1

accel=tcg
# KVM hangs on these machines: only with an explicit opt-in.
[ -w /dev/kvm ] && [ "${VM_ALLOW_KVM:-0}" = 1 ] && accel=kvm
extra=()
if [ "$icount" = 1 ]; then
	smp=1
	extra=(-icount shift=0,sleep=off)
fi

# VM_BOOT_ATTEMPTS: boots tried before giving up (a probe wants 1)
attempts=${VM_BOOT_ATTEMPTS:-3}
problems='BUG:|WARNING:|Oops|RCU stall|rcu_sched self-detected stall|rcu: INFO|refcount_t:|Kernel panic|general protection fault|UBSAN:'

# QEMU TCG can run a breakpoint on one vCPU after another vCPU's live code
# patching (text_poke(): static keys, the BPF dispatcher) has taken it out
# again: the kernel then finds no patch in progress and reports "Oops:
# int3" at a patch site of its own text, with no fault of the run (seen on
# 7.3.4 with -cpu Nehalem, once at boot, once mid-run, RIP at a 2-byte nop).
# Prints that Oops's RIP when the console $1 shows one, in kernel text: a RIP
# in a module ("[name]") is not this.
tcg_int3() {
	local rip

	rip=$(grep -A8 'Oops: int3' "$1" | grep -m 1 'RIP: 0010:') || return 1
	case $rip in *'['*) return 1 ;; esac
	echo "${rip#*RIP: 0010:}"
}

boot() {
	for attempt in $(seq 1 "$attempts"); do
		timeout --foreground -k 10 "$timeout" qemu-system-x86_64 -accel "$accel" -cpu "$cpu" \
			-m "$mem" -smp "$smp" "${extra[@]}" -nographic -no-reboot -nodefaults \
			-serial stdio -kernel "$kernel" -initrd "$work/initrd.gz" \
			-append "console=ttyS0 panic=-1 quiet" </dev/null 2>&1 | tr -d '\r' | tee "$log" |
			awk -v logf="$log" '/ENETSTL-VM: kernel log/ { hide = 1; print "ENETSTL-VM: kernel log replayed to " logf; next }
				/ENETSTL-VM: exit/ { hide = 0 } !hide'

		qrc=${PIPESTATUS[0]}
		if grep -q 'ENETSTL-VM: booted' "$log"; then
			break
		fi
		if [ "$attempt" -lt "$attempts" ]; then
			echo "run-vm: $kver died before booting (qemu exit $qrc); retrying ($attempt/$((attempts - 1)))"
			cp "$log" "$log.boot-failure-$attempt"
		fi
	done
}

boot
if grep -q 'ENETSTL-VM: booted' "$log" && ! grep -q 'ENETSTL-VM: exit' "$log" &&
   rip=$(tcg_int3 "$log"); then
	cp "$log" "$log.tcg-int3"
	echo "run-vm: $kver: Oops: int3 in kernel text at $rip (not in a module): QEMU TCG ran a breakpoint of the kernel's own code patching after it was taken out; running again once (console kept in $log.tcg-int3)"
	boot
fi

bad=$(grep -E "$problems" "$log" | head -n 3)
rc=$(sed -n 's/.*ENETSTL-VM: exit \([0-9]*\).*/\1/p' "$log" | tail -n 1)
if ! grep -q 'ENETSTL-VM: booted' "$log"; then
	echo "run-vm: $kver never booted ($attempts attempts); console in $log"
	exit 1
fi
if [ -z "$rc" ]; then
	echo "run-vm: $kver: the guest did not finish (crash or timeout after ${timeout}s); console in $log"
	exit 1
fi
if [ -n "$bad" ]; then
	echo "run-vm: $kver: kernel problem on the console:"
	echo "$bad" | sed 's/^/  /'
	exit 1
fi
exit "$rc"
