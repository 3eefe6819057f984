#!/bin/bash
# Tables of build/bench/nf-results.csv (written by tests/nf/run-nf-bench.sh).
# Usage: tests/nf/nf-table.sh [CSV]            Markdown, for examples/README.md:
#                                              one row per NF, parameter, kernel
#        tests/nf/nf-table.sh --summary [CSV]  one machine-readable line per NF,
#                                              parameter and -icount kernel:
# nf-summary: NF PARAM kernel=KVER enetstl=N best_ebpf=N same_algo=N kernel_c=N|- vs_best=R.RRx vs_c=+P%|-
# (N: guest instructions per packet under -icount, or ns under KVM when the
# bench ran there; "-" where a variant does not exist)
set -eu
summary=0
[ "${1:-}" = --summary ] && { summary=1; shift; }
csv=${1:-build/bench/nf-results.csv}
if [ $summary = 1 ]; then
	# ns under KVM where there are KVM rows, else -icount instructions
	mode=icount
	grep -q '^[^,]*,kvm,' "$csv" && mode=kvm
	awk -F, -v mode=$mode 'NR > 1 && $2 == mode {
		kc = ($8 == "-" || $8 == "") ? "-" : sprintf("%.0f", $8)
		vc = (kc == "-" || $5 == "-") ? "-" : sprintf("%+.0f%%", ($5 - $8) * 100 / $8)
		n = ($5 != "-") ? sprintf("%.0f", $5) : "-"
		printf "nf-summary: %s %s kernel=%s enetstl=%s best_ebpf=%s same_algo=%s kernel_c=%s vs_best=%s vs_c=%s\n",
		       $3, $4, $1, n, ($6 == "-" ? "-" : sprintf("%.0f", $6)),
		       ($7 == "-" ? "-" : sprintf("%.0f", $7)), kc, $9, vc
	}' "$csv"
	exit 0
fi
echo "| NF | parameter | kernel | eNetSTL | best eBPF | same algorithm | kernel C | vs best | vs same | vs best (wall clock) | best eBPF / same algo (native, host kernel) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
awk -F, 'NR > 1 {
	if ($2 == "native") { nat[$3 "|" $4] = ($6 != "-" && $7 != "-") ? sprintf("%s / %s ns", $6, $7) : "-"; next }
	key = $3 "|" $4 "|" $1
	if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	if ($2 == "icount") { row[key] = $0 } else { wall[key] = $9 " (" $2 ")" }
} END {
	for (i = 1; i <= n; i++) {
		split(order[i], f, "|")
		kv = f[3]; sub(/-amd64$/, "", kv)
		if (!(order[i] in row)) continue
		split(row[order[i]], c, ",")
		for (j = 5; j <= 8; j++) if (c[j] != "-") c[j] = sprintf("%.0f", c[j])
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], kv,
		       c[5], c[6], c[7], c[8], c[9], c[10],
		       (order[i] in wall) ? wall[order[i]] : "-",
		       ((f[1] "|" f[2]) in nat) ? nat[f[1] "|" f[2]] : "-"
	}
}' "$csv"
