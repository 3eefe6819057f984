#!/bin/bash
# make bench-nf: ns per packet of every NF, pure eBPF vs eNetSTL, on the
# same synthetic trace in one boot; per test kernel, one boot with TCG
# wall-clock timing and one with -icount (guest time = guest instructions,
# the figure to judge by under TCG). Results: build/bench/nf-results.csv and
# build/bench/nf-ratios.png (gnuplot).
# Usage: tests/nf/run-nf-bench.sh KVER...   (env NF_BENCH_ARGS: extra
# enetstl-nftest bench options, e.g. "--packets 500 --repeat 10")
set -eu
cd "$(dirname "$0")/../.."
out=build/bench
mkdir -p "$out"
csv=$out/nf-results.csv
echo "kernel,timing,nf,param,ebpf_ns_per_pkt,enetstl_ns_per_pkt,speedup" > "$csv"
for k in "$@"; do
	for timing in tcg icount; do
		p=$out/nf-payload-$k-$timing
		rm -rf "$p" && mkdir -p "$p"
		cp "kmod/build/$k/enetstl.ko" build/enetstl-nftest "$p/"
		cat > "$p/run.sh" <<EOT
#!/bin/sh
insmod /payload/enetstl.ko && /payload/enetstl-nftest bench $timing ${NF_BENCH_ARGS:-}
EOT
		chmod +x "$p/run.sh"
		flag=
		[ "$timing" = icount ] && flag=-i
		tests/vm/run-vm.sh -k "$k" -p "$p" $flag -l "$out/nf-console-$k-$timing.log" |
			grep -E '^(nfbench|nf |countmin|nitrosketch|cuckoo|htss|cffs|enetstl-nftest)' || true
		grep -a '^NFBENCH,' "$out/nf-console-$k-$timing.log" | sed 's/^NFBENCH,//' >> "$csv"
	done
done
echo "bench-nf: results in $csv"
tests/nf/plot-nf-bench.sh "$csv" "$out/nf-ratios.png"
