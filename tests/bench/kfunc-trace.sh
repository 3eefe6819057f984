#!/bin/bash
# Instruction-level trace of XDP program runs in the test guest: which
# instructions, in which functions (JITed program, kfuncs, kernel FPU code,
# ...), one packet at a time. QEMU's gdbstub single-steps the guest from
# the entry of bpf_dispatcher_xdp_func (every BPF_PROG_TEST_RUN repetition of
# an XDP program) to its return, under -icount, with the boot's own kallsyms.
#
# Usage: tests/bench/kfunc-trace.sh KVER [OUTDIR]   (after make modules examples)
# env: TRACE_CMD  guest command (default: the count-min NF bench, 10 packets x 10 runs)
#      TRACE_SKIP runs of each program to let pass first (default 450: past the warm-up)
#      TRACE_N    runs of each program to trace (default 2)
#      TRACE_PROGS programs to trace before stopping (default 9: count-min's 8 + empty)
# Output: OUTDIR/trace.txt (every instruction), OUTDIR/summary.txt (per run:
# instructions per function). Needs gdb. Two boots: the first only writes
# /proc/kallsyms (nokaslr: the addresses hold for the second).
set -eu
cd "$(dirname "$0")/../.."
k=$1
out=$(realpath -m "${2:-build/trace/$k}")
cmd=${TRACE_CMD:-/payload/enetstl-nftest bench icount --packets 10 --repeat 10 --only countmin}
command -v gdb >/dev/null || { echo "kfunc-trace: gdb missing: apt-get install gdb" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/payload"
cp "kmod/build/$k/enetstl.ko" build/enetstl-nftest "$out/payload/"
# the kernel-C twins (make nfc-modules) are traced beside the others when built
cp "build/bench/nfmod/$k/enetstl_nfc.ko" "$out/payload/" 2>/dev/null || true

# a matrix kernel of another suite boots from its root (tests/kernels/)
kroot=$(tests/kernels.sh --root "$k" 2>/dev/null | sed 's|/$||') || kroot=
boot() {	# boot TAG RUNCMD [qemu args...]
	local tag=$1 run=$2
	shift 2
	printf '#!/bin/sh\n[ -e /payload/enetstl_nfc.ko ] && insmod /payload/enetstl_nfc.ko\ninsmod /payload/enetstl.ko || exit 1\ngrep -E " [tT] " /proc/kallsyms > /dev/ttyS1\n%s\n' \
		"$run" > "$out/payload/run.sh"
	chmod +x "$out/payload/run.sh"
	tests/vm/mkinitramfs.sh -k "$k" -r "${kroot:-/}" -p "$out/payload" -o "$out/initrd-$tag.gz"
	timeout -k 10 1800 qemu-system-x86_64 -accel tcg -cpu max -m 1024 -smp 1 \
		-icount shift=0,sleep=off -nographic -no-reboot -nodefaults -serial stdio \
		-serial "file:$out/kallsyms-$tag.txt" -kernel "$kroot/boot/vmlinuz-$k" \
		-initrd "$out/initrd-$tag.gz" -append "console=ttyS0 panic=-1 quiet nokaslr" "$@" \
		</dev/null > "$out/console-$tag.log" 2>&1
}

boot syms true
port=$((20000 + RANDOM % 20000))
boot trace "$cmd" -S -gdb "tcp:127.0.0.1:$port" &
qemu=$!
sleep 1
TRACE_PORT=$port TRACE_SYMS=$out/kallsyms-syms.txt TRACE_SYMS_NOW=$out/kallsyms-trace.txt \
	TRACE_OUT=$out/trace.txt gdb -nx -batch -x tests/bench/kfunc-trace.py > "$out/gdb.log" 2>&1 ||
	{ echo "kfunc-trace: gdb failed, see $out/gdb.log" >&2; kill "$qemu"; exit 1; }
wait "$qemu" || true
python3 tests/bench/kfunc-trace.py "$out/trace.txt" > "$out/summary.txt"
cat "$out/summary.txt"
