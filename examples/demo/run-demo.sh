#!/bin/bash
# make demo: boot the stock kernel KVER in QEMU, load enetstl.ko, run the
# flowhash XDP program on lo and print what it computed.
set -eu
cd "$(dirname "$0")/../.."
k=$1
work=build/demo/$k
rm -rf "$work"
mkdir -p "$work/payload"
cp "kmod/build/$k/enetstl.ko" build/examples/enetstl-demo "$work/payload/"
cat > "$work/payload/run.sh" <<'EOT'
#!/bin/sh
insmod /payload/enetstl.ko || exit 1
echo "enetstl $(cat /sys/module/enetstl/version) loaded; /sys/kernel/btf/enetstl: $(test -e /sys/kernel/btf/enetstl && echo present || echo MISSING)"
/payload/enetstl-demo -f 8 -n 5
EOT
chmod +x "$work/payload/run.sh"
echo "demo: booting Debian kernel $k in QEMU (TCG), about 10 s..."
tests/vm/run-vm.sh -k "$k" -p "$work/payload" -l "$work/console.log"
