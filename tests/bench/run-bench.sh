#!/bin/bash
# make bench: for each test kernel, boot once with TCG wall-clock timing and
# once with -icount (guest time = guest instructions; the figure to judge by
# under TCG, see shared/DESIGN.md), run enetstl-bench, collect the results in
# build/bench/results.csv. Usage: tests/bench/run-bench.sh KVER...
set -eu
cd "$(dirname "$0")/../.."
out=build/bench
mkdir -p "$out"
echo "kernel,timing,operation,ebpf_ns_per_op,kfunc_ns_per_op,speedup" > "$out/results.csv"
for k in "$@"; do
	for timing in tcg icount; do
		p=$out/payload-$k-$timing
		rm -rf "$p" && mkdir -p "$p"
		cp "kmod/build/$k/enetstl.ko" build/bench/enetstl-bench "$p/"
		cp "build/bench/slmod/$k/enetstl_slbench.ko" build/bench/enetstl-slbench "$p/"
		cat > "$p/run.sh" <<EOT
#!/bin/sh
# The same boot measures the native (SIMD) and the generic kfunc paths.
# (rmmod retries: a released program drops its module reference after RCU.)
insmod /payload/enetstl.ko && /payload/enetstl-bench $timing-native 300 || exit 1
# Skip list: eNetSTL against the plain-C test module (enetstl_slbench.ko).
insmod /payload/enetstl_slbench.ko && /payload/enetstl-slbench $timing || exit 1
rmmod enetstl_slbench
for i in 1 2 3 4 5 6 7 8 9 10; do rmmod enetstl 2>/dev/null && break; sleep 0.2; done
insmod /payload/enetstl.ko generic_only=1 && /payload/enetstl-bench $timing-generic 300
EOT
		chmod +x "$p/run.sh"
		flag=
		[ "$timing" = icount ] && flag=-i
		tests/vm/run-vm.sh -k "$k" -p "$p" $flag -l "$out/console-$k-$timing.log" |
			grep -E '^(bench:|slbench:|operation|match|key_eq|ffs|hash|count|sample|skiplist)' || true
		grep -a '^BENCH,' "$out/console-$k-$timing.log" | sed 's/^BENCH,//' >> "$out/results.csv"
	done
done
echo "bench: results in $out/results.csv"
