#!/bin/bash
# Chart of build/bench/nf-results.csv: the eNetSTL speed-up over the best
# pure eBPF (best eBPF ns / eNetSTL ns) per NF and parameter, one bar per
# kernel and timing (the host's native rows have no eNetSTL figure).
# Usage: tests/nf/plot-nf-bench.sh CSV PNG
set -eu
csv=$1 png=$2
command -v gnuplot >/dev/null || { echo "plot-nf-bench: gnuplot missing (apt-get install gnuplot-nox); no chart" >&2; exit 0; }
dat=$(mktemp)
trap 'rm -f "$dat"' EXIT
# columns: label, then one speed-up per kernel/timing series (in order of first appearance)
awk -F, 'NR > 1 && $2 != "native" {
	s = $1 " " $2; l = $3 " " $4
	if (!(s in si)) { si[s] = ++ns; sn[ns] = s }
	if (!(l in li)) { li[l] = ++nl; ln[nl] = l }
	if ($9 != "-") v[li[l], si[s]] = $9 + 0
} END {
	printf "label"; for (j = 1; j <= ns; j++) printf "\t\"%s\"", sn[j]; printf "\n"
	for (i = 1; i <= nl; i++) {
		printf "\"%s\"", ln[i]
		for (j = 1; j <= ns; j++) printf "\t%s", ((i, j) in v) ? v[i, j] : "NaN"
		printf "\n"
	}
}' "$csv" > "$dat"
n=$(head -n 1 "$dat" | awk -F'\t' '{ print NF }')
gnuplot <<EOT
set terminal png size 1400,600
set output "$png"
set title "eNetSTL vs the best pure eBPF, same trace, same boot: speed-up (best eBPF ns / eNetSTL ns per packet); -icount = guest instructions"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "speed-up (x)"
set yrange [0:*]
set grid ytics
set key top left
set xtics rotate by -30
set datafile separator "\t"
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 dt 2
plot for [c=2:$n] "$dat" using c:xtic(1) title columnheader(c)
EOT
echo "bench-nf: chart in $png"
