#!/bin/bash
# Markdown table of build/bench/nf-results.csv (for examples/README.md):
# one row per NF and parameter and kernel, -icount and TCG wall figures.
# Usage: tests/nf/nf-table.sh [CSV]
set -eu
csv=${1:-build/bench/nf-results.csv}
echo "| NF | parameter | kernel | eBPF ns/pkt (-icount) | eNetSTL ns/pkt (-icount) | speed-up (-icount) | speed-up (TCG wall) |"
echo "|---|---|---|---|---|---|---|"
awk -F, 'NR > 1 {
	key = $3 "|" $4 "|" $1
	if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	if ($2 == "icount") { e[key] = $5; k[key] = $6; ri[key] = $7 } else { rt[key] = $7 }
} END {
	for (i = 1; i <= n; i++) {
		split(order[i], f, "|")
		kv = f[3]; sub(/-amd64$/, "", kv)
		printf "| %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], kv,
		       (order[i] in e) ? sprintf("%.0f", e[order[i]]) : "-",
		       (order[i] in k) ? sprintf("%.0f", k[order[i]]) : "-",
		       (order[i] in ri) ? sprintf("%.2fx", ri[order[i]]) : "-",
		       (order[i] in rt) ? sprintf("%.2fx", rt[order[i]]) : "-"
	}
}' "$csv"
