#!/bin/bash
# make bench-nf: ns per packet of every NF on the same synthetic trace in
# one boot: eNetSTL, the best pure eBPF, the same algorithm in pure eBPF
# (tests/nf/nft_bench.c). Per test kernel, one boot with TCG wall-clock
# timing and one with -icount (guest time = guest instructions, the figure
# to judge by under TCG); then the pure-eBPF variants natively on this
# machine's own kernel, where bpf() allows it (real JIT, real cycles), to
# show where instruction counts and time disagree. Ends with one
# `nf-summary:` line per NF and parameter of each -icount kernel. Results:
# build/bench/nf-results.csv and build/bench/nf-ratios.png (gnuplot).
# Usage: tests/nf/run-nf-bench.sh KVER...   (env NF_BENCH_ARGS: extra
# enetstl-nftest bench options, e.g. "--packets 1000 --repeat 20";
# NF_BENCH_ONLY=NF: one NF only)
set -eu
cd "$(dirname "$0")/../.."
out=build/bench
mkdir -p "$out"
csv=$out/nf-results.csv
echo "kernel,timing,nf,param,enetstl,best_ebpf,same_algo,kernel_c,vs_best,vs_same" > "$csv"
# -icount first: the figures to judge by, unaffected by other load on the host
for timing in icount tcg; do
	for k in "$@"; do
		p=$out/nf-payload-$k-$timing
		rm -rf "$p" && mkdir -p "$p"
		cp "kmod/build/$k/enetstl.ko" build/enetstl-nftest "$p/"
		# TCG wall time runs each test-run call about 100 times slower than
		# -icount's guest time: a lighter run (its figures are noise-prone anyway)
		args=
		[ "$timing" = tcg ] && args="--packets 100 --repeat 5 --loads 95"
		cat > "$p/run.sh" <<EOT
#!/bin/sh
insmod /payload/enetstl.ko && /payload/enetstl-nftest bench $timing $args ${NF_BENCH_ARGS:-} ${NF_BENCH_ONLY:+--only $NF_BENCH_ONLY}
EOT
		chmod +x "$p/run.sh"
		flag=
		[ "$timing" = icount ] && flag=-i
		tests/vm/run-vm.sh -k "$k" -p "$p" $flag -t 3600 -l "$out/nf-console-$k-$timing.log" |
			grep -E '^(nfbench|nf |countmin|nitrosketch|cuckoo|htss|cffs|carousel|kvstore|enetstl-nftest)' || true
		grep -a '^NFBENCH,' "$out/nf-console-$k-$timing.log" | sed 's/^NFBENCH,//' >> "$csv"
	done
done
# the host's own kernel: pure eBPF only (no module), native JIT
if build/enetstl-nftest bench native --ebpf-only ${NF_BENCH_ARGS:-} ${NF_BENCH_ONLY:+--only $NF_BENCH_ONLY} \
	> "$out/nf-native.log" 2>&1; then
	grep -E '^(nfbench|nf )' "$out/nf-native.log" || true
	grep -a '^NFBENCH,' "$out/nf-native.log" | sed 's/^NFBENCH,//' >> "$csv"
else
	echo "bench-nf: native timing on $(uname -r) skipped: $(tail -n 1 "$out/nf-native.log")"
fi
echo "bench-nf: results in $csv"
tests/nf/nf-table.sh --summary "$csv"
tests/nf/plot-nf-bench.sh "$csv" "$out/nf-ratios.png"
