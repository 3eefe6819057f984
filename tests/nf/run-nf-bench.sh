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
# NF_BENCH_WALL=0: no wall-clock boots;
# NF_BENCH_ONLY=NF: one NF only)
set -eu
cd "$(dirname "$0")/../.."
out=build/bench
mkdir -p "$out"
csv=$out/nf-results.csv
echo "kernel,timing,nf,param,enetstl,best_ebpf,same_algo,kernel_c,vs_best,vs_same" > "$csv"
# Where KVM works (a probe boot with VM_ALLOW_KVM=1 comes back), the wall-clock
# boot runs under KVM and reports real nanoseconds ("kvm"); otherwise it is
# TCG's wall clock ("tcg", noise). -icount (TCG only) runs first either way:
# the figures to judge by without KVM, unaffected by other load on the host.
wall=tcg
if [ -w /dev/kvm ] && [ $# -gt 0 ]; then
	pr=$out/nf-kvm-probe
	rm -rf "$pr" && mkdir -p "$pr"
	printf '#!/bin/sh\necho kvm-probe-ok\n' > "$pr/run.sh" && chmod +x "$pr/run.sh"
	# one boot, a minute: a working KVM boots this in seconds
	if VM_ALLOW_KVM=1 VM_BOOT_ATTEMPTS=1 tests/vm/run-vm.sh -k "$1" -p "$pr" -t 60 -l "$out/nf-kvm-probe.log" \
		>/dev/null 2>&1 && grep -q kvm-probe-ok "$out/nf-kvm-probe.log"; then
		wall=kvm
	else
		echo "bench-nf: /dev/kvm is there but a KVM boot did not come back: wall clock under TCG"
	fi
fi
# NF_BENCH_WALL=0: the -icount boots only (a developer's shortcut)
[ "${NF_BENCH_WALL:-1}" = 0 ] && wall=
for timing in icount $wall; do
	for k in "$@"; do
		p=$out/nf-payload-$k-$timing
		rm -rf "$p" && mkdir -p "$p"
		cp "kmod/build/$k/enetstl.ko" build/enetstl-nftest "$p/"
		# the kernel-C column (make nfc-modules); without it the column is "-"
		cp "build/bench/nfmod/$k/enetstl_nfc.ko" "$p/" 2>/dev/null ||
			echo "bench-nf: no build/bench/nfmod/$k/enetstl_nfc.ko: no kernel-C column for $k"
		# TCG wall time runs each test-run call about 100 times slower than
		# -icount's guest time: a lighter run (its figures are noise-prone anyway)
		args=
		[ "$timing" = tcg ] && args="--packets 100 --repeat 5 --loads 95"
		cat > "$p/run.sh" <<EOT
#!/bin/sh
[ -e /payload/enetstl_nfc.ko ] && insmod /payload/enetstl_nfc.ko
insmod /payload/enetstl.ko && /payload/enetstl-nftest bench $timing $args ${NF_BENCH_ARGS:-} ${NF_BENCH_ONLY:+--only $NF_BENCH_ONLY}
EOT
		chmod +x "$p/run.sh"
		flag=
		[ "$timing" = icount ] && flag=-i
		VM_ALLOW_KVM=$([ "$timing" = kvm ] && echo 1 || echo 0) \
		tests/vm/run-vm.sh -k "$k" -p "$p" $flag -t 3600 -l "$out/nf-console-$k-$timing.log" |
			grep -E '^(nfbench|nf |countmin|nitrosketch|cuckoo|htss|cffs|carousel|kvstore|enetstl-nftest)' || true
		grep -a '^NFBENCH,' "$out/nf-console-$k-$timing.log" | sed 's/^NFBENCH,//' >> "$csv"
	done
done
# the host's own kernel: pure eBPF only (no module), native JIT
if build/enetstl-nftest bench native --ebpf-only ${NF_BENCH_ARGS:-} ${NF_BENCH_ONLY:+--only $NF_BENCH_ONLY} \
	> "$out/nf-native.log" 2>&1; then
	grep -v '^NFBENCH,' "$out/nf-native.log" || true
	grep -a '^NFBENCH,' "$out/nf-native.log" | sed 's/^NFBENCH,//' >> "$csv"
else
	echo "bench-nf: native timing on $(uname -r) skipped: $(tail -n 1 "$out/nf-native.log")"
fi
echo "bench-nf: results in $csv"
tests/nf/nf-table.sh --summary "$csv"
tests/nf/plot-nf-bench.sh "$csv" "$out/nf-ratios.png"
