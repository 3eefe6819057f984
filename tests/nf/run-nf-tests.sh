#!/bin/bash
# The NF examples in a QEMU guest booting the installed kernel KVER: every
# variant against its userspace reference (enetstl-nftest check; with the
# test-only module tests/bench/nfmod, built here, also the count-min in plain
# kernel C), then the loader on a real receive path (tests/nf/rx-veth.sh:
# veth pair, netns).
# Usage: tests/nf/run-nf-tests.sh KVER   (after `make modules examples`;
# NF_BUILD=DIR: the build directory, default build)
set -eu
cd "$(dirname "$0")/../.."
k=$1
b=${NF_BUILD:-build}
work=$b/vm-nf/$k
ko=kmod/build/$k/enetstl.ko
for f in "$ko" $b/enetstl-nftest $b/examples/enetstl-example; do
	[ -e "$f" ] || { echo "run-nf-tests: $f missing; run make modules examples" >&2; exit 1; }
done
nfc=build/bench/nfmod/$k/enetstl_nfc.ko
if ! tests/kernels/in-root.sh "$k" make -s -C tests/bench/nfmod KVER="$k" >/dev/null; then
	echo "run-nf-tests: the kernel-C module (tests/bench/nfmod) does not build for $k"
	echo "nf: 0 passed, 1 failed"
	exit 1
fi
rm -rf "$work"
mkdir -p "$work/payload"
cp "$ko" "$nfc" $b/enetstl-nftest $b/examples/enetstl-example tests/nf/rx-veth.sh \
	tests/nf/std-tools.sh tests/lib/result.sh "$work/payload/"
# iproute2's ip (busybox ip cannot name a veth peer), bpftool and xdp-tools'
# xdp-loader with libxdp's dispatcher, with their shared libraries, run
# through the copied dynamic loader
mkdir -p "$work/payload/lib" "$work/payload/objs" "$work/payload/xdp"
cp $b/examples/*.bpf.o "$work/payload/objs/"
cp /usr/lib/"$(gcc -print-multiarch)"/bpf/xdp-dispatcher.o "$work/payload/xdp/" 2>/dev/null || true
for tool in ip bpftool xdp-loader; do
	t=$(command -v $tool || true)
	[ -n "$t" ] && ldd "$t" >/dev/null 2>&1 || continue
	cp "$t" "$work/payload/lib/$tool.real"
	ldd "$t" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' |
		while read -r l; do cp -L "$l" "$work/payload/lib/"; done
	printf '#!/bin/sh\nexec /payload/lib/ld-linux-x86-64.so.2 --library-path /payload/lib /payload/lib/%s.real "$@"\n' \
		$tool > "$work/payload/$tool"
	chmod +x "$work/payload/$tool"
done
cat > "$work/payload/run.sh" <<'EOT'
#!/bin/sh
insmod /payload/enetstl.ko || { echo "nf: 0 passed, 1 failed"; exit 1; }
insmod /payload/enetstl_nfc.ko || { echo "nf: 0 passed, 1 failed (enetstl_nfc.ko)"; exit 1; }
/payload/enetstl-nftest check > /tmp/nf.out 2>&1
rc=$?
grep -v '^nf: [0-9]* passed' /tmp/nf.out
/payload/rx-veth.sh > /tmp/rx.out 2>&1 || rc=1
/payload/std-tools.sh >> /tmp/rx.out 2>&1 || rc=1
cat /tmp/rx.out
# one result line for the stage: the oracle tests plus the receive-path tests
p=$(( $(sed -n 's/^nf: \([0-9]*\) passed.*/\1/p' /tmp/nf.out) + $(grep -c '^PASS:' /tmp/rx.out) ))
f=$(( $(sed -n 's/^nf: [0-9]* passed, \([0-9]*\) failed.*/\1/p' /tmp/nf.out) + $(grep -c '^FAIL:' /tmp/rx.out) ))
s=$(( $(sed -n 's/^nf: .* failed, \([0-9]*\) skipped.*/\1/p' /tmp/nf.out) + $(grep -c '^SKIP:' /tmp/rx.out) ))
echo "nf: $p passed, $f failed, $s skipped"
exit $rc
EOT
chmod +x "$work/payload/run.sh"
echo "run-nf-tests: booting $k"
exec tests/vm/run-vm.sh -k "$k" -m veth -p "$work/payload" -l "$work/console.log"
