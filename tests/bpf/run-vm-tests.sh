#!/bin/bash
# Run the BPF/kfunc test suite in a QEMU guest booting the installed kernel
# KVER: the module as built by `make -C kmod KVER=...`, plus two modules that
# must refuse to load (no BTF; BTF made against another kernel's base).
# Usage: tests/bpf/run-vm-tests.sh KVER [CPU]  (after `make modules bpf runner`)
# CPU is a QEMU CPU model (default max); e.g. Nehalem has SSE4.2 but no AVX,
# so every kfunc runs its generic path. ENETSTL_VM_ONLY=mem,list runs only
# those suites, ENETSTL_VM_FILTER='mem*,verif' those that match (globs, or
# parts of names, as test_progs -t; a developer's shortcut: make check runs
# them all).
set -eu
cd "$(dirname "$0")/../.."
k=$1
cpu=${2:-max}
root=$PWD
work=$root/build/vm/$k-$cpu
ko=$root/kmod/build/$k/enetstl.ko
[ -f "$ko" ] || { echo "run-vm-tests: $ko missing; run make modules" >&2; exit 1; }
[ -x build/enetstl-vmtest ] || { echo "run-vm-tests: build/enetstl-vmtest missing; run make runner" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/payload"
cp "$ko" build/enetstl-vmtest "$work/payload/"
args="--module /payload/enetstl.ko"

# A module built without its BTF step.
tests/kernels/in-root.sh "$k" make -s -C kmod KVER="$k" OUT="$work/nobtf" ENETSTL_BTF_SKIP=1 >/dev/null 2>&1
cp "$work/nobtf/enetstl.ko" "$work/payload/nobtf.ko"
args="$args --nobtf-module /payload/nobtf.ko"

# A module whose BTF was made against another test kernel's BTF (found in
# that kernel's root; the file is in this tree, seen from both roots).
other=$(tests/kernels.sh 2>/dev/null | grep -vxF "$k" | head -n 1 || true)
if [ -n "$other" ]; then
	mkdir -p "$work/badbase"
	base=$(tests/kernels/in-root.sh "$other" kmod/btf/find-base-btf.sh "$other" \
		"/lib/modules/$other/build" "$work/badbase" 2>/dev/null)
	tests/kernels/in-root.sh "$k" make -s -C kmod KVER="$k" OUT="$work/badbase" \
		ENETSTL_BTF_BASE="$base" >/dev/null 2>&1
	cp "$work/badbase/enetstl.ko" "$work/payload/badbase.ko"
	args="$args --badbase-module /payload/badbase.ko"
	# pahole 1.28+ (trixie) or 7.x's resolve_btfids add a distilled base,
	# which the kernel relocates: then loading is right too (with kfuncs)
	if readelf -W -S "$work/payload/badbase.ko" | grep -q '\] \.BTF\.base '; then
		args="$args --badbase-distilled"
	fi
	echo "run-vm-tests: foreign-base module for $k uses the BTF of $other"
fi

# The module as `dkms install` left it, if the DKMS test ran before.
if [ -f "build/dkms/$k/enetstl.ko" ]; then
	cp "build/dkms/$k/enetstl.ko" "$work/payload/dkms.ko"
	args="$args --dkms-module /payload/dkms.ko"
fi

if [ -n "${ENETSTL_VM_ONLY:-}" ]; then
	args="$args --only $ENETSTL_VM_ONLY"
fi
if [ -n "${ENETSTL_VM_FILTER:-}" ]; then
	args="$args --filter '$ENETSTL_VM_FILTER'"
fi

cat > "$work/payload/run.sh" <<EOT
#!/bin/sh
exec /payload/enetstl-vmtest $args
EOT
chmod +x "$work/payload/run.sh"
echo "run-vm-tests: booting $k on a '$cpu' CPU"
exec tests/vm/run-vm.sh -k "$k" -c "$cpu" -p "$work/payload" -l "$work/console.log"
