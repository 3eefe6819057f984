#!/bin/bash
# make check: every test stage in order, each printing its own PASS/FAIL lines
# and "N passed, N failed" line; then one total line. Exit non-zero on any
# failure. Needs root (module loading in VMs is unprivileged, but DKMS is not).
set -u
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
total_pass=0 total_fail=0 total_skip=0 broken=""

kernels=$(tests/kernels.sh | tr '\n' ' ') && [ -n "$kernels" ] || exit 1
echo "check: test kernels: $(echo $kernels)"

# stage NAME COMMAND...: run, echo output, add the stage's closing counts.
stage() {
	local name=$1 rc line p f s
	shift
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "check: stage '$name' printed no result line (exit $rc)"
		total_fail=$((total_fail + 1)); broken="$broken $name"
		return
	fi
	p=$(echo "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed.*/\2/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + ${s:-0}))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "check: stage '$name' exited $rc"
		total_fail=$((total_fail + 1))
	fi
	[ "$rc" -eq 0 ] || broken="$broken $name"
}

build() {
	make -s KVERS="$kernels" modules bpf runner examples >"$log.build" 2>&1
	local rc=$?
	cat "$log.build"; rm -f "$log.build"
	if [ $rc -eq 0 ]; then echo "build: 1 passed, 0 failed"; else echo "build: 0 passed, 1 failed"; fi
	return $rc
}

# A BPF program built against the installed headers only, found by pkg-config.
installed_headers() {
	local stage=$PWD/build/stage
	rm -rf "$stage"
	make -s install-headers DESTDIR="$stage" >/dev/null || return 1
	if PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_LIBDIR=$stage/usr/share/pkgconfig \
	   clang -O2 -g -Wall -Werror -target bpf -mcpu=v3 -I/usr/include/"$(gcc -print-multiarch)" \
		$(PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_LIBDIR=$stage/usr/share/pkgconfig \
		  pkg-config --cflags libenetstl-bpf) \
		-c examples/demo/flowhash.bpf.c -o build/stage/flowhash.bpf.o; then
		echo "PASS: headers: flowhash.bpf.c builds against the installed headers (pkg-config libenetstl-bpf $(PKG_CONFIG_LIBDIR=$stage/usr/share/pkgconfig pkg-config --modversion libenetstl-bpf))"
		echo "headers: 1 passed, 0 failed"
	else
		echo "FAIL: headers: flowhash.bpf.c does not build against the installed headers"
		echo "headers: 0 passed, 1 failed"
		return 1
	fi
}

stage build build
stage headers installed_headers
stage unit make -s -C tests/unit check
for k in $kernels; do
	stage "btf-step $k" tests/kmod/test-btf-step.sh "kmod/build/$k/obj/enetstl.ko" "$k"
done
stage dkms tests/dkms/test-dkms.sh $kernels
for k in $kernels; do
	stage "vm-harness $k" tests/vm/selftest.sh "$k"
done
for k in $kernels; do
	stage "vm $k" tests/bpf/run-vm-tests.sh "$k"
done
# The NF examples: oracle tests of every variant, the loader on a veth pair.
for k in $kernels; do
	stage "nf $k" tests/nf/run-nf-tests.sh "$k"
done
# A CPU without AVX (QEMU's Nehalem): the same suite on the generic paths.
for k in $kernels; do
	stage "vm $k no-avx2" tests/bpf/run-vm-tests.sh "$k" Nehalem
done

echo "=== summary"
[ -z "$broken" ] || echo "check: failing stages:$broken"
echo "check: $total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ] && [ -z "$broken" ]
