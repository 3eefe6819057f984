#!/bin/bash
# make demo: boot the stock kernel KVER in QEMU, load enetstl.ko, run the
# flowhash XDP program on lo and print what it computed; then run the
# count-min sketch NF (8 rows) on a generated trace in its pure-eBPF and
# eNetSTL variants, print its heavy hitters and the speed ratio. The boot
# counts guest instructions as time (-icount), the figure to compare by
# under emulation (TCG wall-clock time distorts SIMD and kfunc costs).
set -eu
cd "$(dirname "$0")/../.."
k=$1
work=build/demo/$k
rm -rf "$work"
mkdir -p "$work/payload"
cp "kmod/build/$k/enetstl.ko" build/examples/enetstl-demo build/examples/enetstl-example \
	"$work/payload/"
cat > "$work/payload/run.sh" <<'EOT'
#!/bin/sh
insmod /payload/enetstl.ko || exit 1
echo "enetstl $(cat /sys/module/enetstl/version) loaded; /sys/kernel/btf/enetstl: $(test -e /sys/kernel/btf/enetstl && echo present || echo MISSING)"
/payload/enetstl-demo -f 8 -n 5 || exit 1
echo
echo "== count-min sketch, 8 rows x 512 counters: a generated trace (Zipf flow sizes,"
echo "   IPv4/IPv6, VLAN tags, malformed packets) through both variants with BPF_PROG_TEST_RUN"
/payload/enetstl-example replay cm_k8_enetstl --packets 20000 --flows 2000 --top 10 \
	--timing-packets 500 --repeat 10
EOT
chmod +x "$work/payload/run.sh"
echo "demo: booting Debian kernel $k in QEMU (TCG, -icount: guest time = guest instructions), about a minute..."
tests/vm/run-vm.sh -k "$k" -i -p "$work/payload" -l "$work/console.log"
