// SPDX-License-Identifier: GPL-2.0
/*
 * nft_bench.c - ns per packet of each NF, side by side in one boot on one
 * trace: the eNetSTL variant, the best pure eBPF for the same contract
 * (the `best` flavor, or for the carousel and the key-value store the
 * pure-eBPF twin, which is another structure; or the same algorithm's, when
 * that measures faster) and the pure eBPF of the same algorithm (the twin;
 * for the carousel the `array` flavor). Each of the first N flow packets of the trace runs
 * R times in one BPF_PROG_TEST_RUN call; the kernel reports the mean time
 * per run. A packet's cost is that minus the same figure for an empty XDP
 * program (the test-run loop itself). All variants are loaded and warmed on
 * the whole trace first; the passes alternate between them, and the median
 * of 5 passes is reported. Where the same NF exists in plain kernel C
 * (the *_kc variants: the algorithm of an eNetSTL variant, module
 * enetstl_nfc loaded), it is timed beside them: the limit. With nft_bench_ebpf_only
 * (the host's own kernel, which has no module) the eNetSTL column is left out.
 * The header gives the floor every variant pays (tests/bench/nf_floor.bpf.c:
 * parse and counters only), timed the same way: best eBPF / floor bounds
 * the vs best any kfunc could reach.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include "nftest.h"
#include "nf_floor.skel.h"

#define PASSES 5

enum { COL_ENETSTL, COL_BEST, COL_SAME, COL_C, NCOLS };

/* Mean ns per packet over the first @n packets, each run @repeat times. */
static double pass(int fd, const struct nf_trace *t, unsigned int n, unsigned int repeat)
{
	double r = nf_time_packets(fd, t, n, repeat);

	if (r < 0) {
		fprintf(stderr, "enetstl-nftest: test run: %s\n", strerror(errno));
		exit(1);
	}
	return r;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The pure-eBPF variant of @k's NF and parameter with @flavor: `best`, the
 * best pure eBPF; `array`, the same algorithm where the twin is another
 * structure (the Carousel's lists in arrays). NULL if none is built.
 */
static const struct nf_variant *ebpf_flavor(const struct nf_variant *k, const char *flavor)
{
	for (unsigned int i = 0; i < nf_nvariants; i++) {
		const struct nf_variant *o = &nf_variants[i];

		if (!o->enetstl && o->ops == k->ops && o->rows == k->rows &&
		    !strcmp(o->flavor, flavor))
			return o;
	}
	return NULL;
}

/* The NF in plain kernel C with @k's algorithm; NULL if none (or no module). */
static const struct nf_variant *kernel_c_of(const struct nf_variant *k)
{
	if (nft_bench_ebpf_only || !nft_kc_loaded())
		return NULL;
	for (unsigned int i = 0; i < nft_kc_nvariants; i++) {
		const struct nf_variant *o = &nft_kc_variants[i];

		if (o->ops == k->ops && o->rows == k->rows && !strcmp(o->flavor, k->flavor))
			return o;
	}
	return NULL;
}

static void fmt(char *buf, size_t sz, double v, int have)
{
	if (have)
		snprintf(buf, sz, "%.1f", v);
	else
		snprintf(buf, sz, "-");
}

static void ratio(char *buf, size_t sz, double num, int have, double den)
{
	if (have && den > 0)
		snprintf(buf, sz, "%.2fx", num / den);
	else
		snprintf(buf, sz, "-");
}

int nft_bench(const char *mode, const struct nf_trace *t, unsigned int n, unsigned int repeat,
	      const char *only)
{
	struct nf_params p;
	static const char *const head[NCOLS] = { "eNetSTL", "best eBPF", "same algo", "kernel C" };
	int efd = nf_empty_prog(), bad = 0;
	double empty[PASSES], floor[PASSES];
	struct nf_floor *fl;
	struct utsname u;

	nf_params_defaults(&p);
	p.hh_threshold = 0;	/* the sketch alone: no heavy-hitter table lookups */
	if (efd < 0) {
		fprintf(stderr, "enetstl-nftest: empty program: %s\n", strerror(errno));
		return 1;
	}
	if (n > t->n)
		n = t->n;
	fl = nf_floor__open_and_load();
	if (!fl) {
		fprintf(stderr, "enetstl-nftest: floor program: %s\n", strerror(errno));
		return 1;
	}
	uname(&u);
	nf_time_packets(bpf_program__fd(fl->progs.xdp_floor), t, t->n, 1);	/* warm up */
	for (int i = 0; i < PASSES; i++) {
		empty[i] = pass(efd, t, n, repeat);
		floor[i] = pass(bpf_program__fd(fl->progs.xdp_floor), t, n, repeat);
	}
	qsort(empty, PASSES, sizeof(double), cmp_d);
	qsort(floor, PASSES, sizeof(double), cmp_d);
	nf_floor__destroy(fl);
	printf("nfbench: kernel %s, timing %s, %u packets x %u runs, %d passes; empty program "
	       "%.1f ns per run; floor (parse and counters only) %.1f%s\n", u.release, mode, n,
	       repeat, PASSES, empty[PASSES / 2], floor[PASSES / 2] - empty[PASSES / 2],
	       nft_bench_ebpf_only ? "; pure eBPF only" : "");
	printf("%-12s %-8s %10s %10s %10s %10s %8s %8s %8s\n", "nf", "param", head[0], head[1],
	       head[2], head[3], "vs best", "vs same", "vs C");
	for (unsigned int i = 0; i < nf_nvariants; i++) {
		const struct nf_variant *k = &nf_variants[i], *v[NCOLS];
		struct bpf_object *o[NCOLS] = { };
		double tm[NCOLS][PASSES], m[NCOLS] = { };
		unsigned int loads[8], nloads = 0;
		const char *l = nft_bench_loads;
		char nf[32], param[32], s[NCOLS][16], rb[16], rs[16], rc[16];

		if (!k->enetstl || (only && strcmp(only, k->ops->name)))
			continue;
		v[COL_ENETSTL] = nft_bench_ebpf_only ? NULL : k;
		v[COL_SAME] = nf_pair(k);
		/* another structure, not the same algorithm: the twin is the best pure eBPF */
		v[COL_BEST] = k->ops->twin_other ? v[COL_SAME] : ebpf_flavor(k, "best");
		/* another structure's twin: the same algorithm is the `array` flavor, if any */
		if (k->ops->twin_other)
			v[COL_SAME] = ebpf_flavor(k, "array");
		/* count-min's crc flavor: its twin is another algorithm */
		if (k->ops->flavor_other && k->flavor[0])
			v[COL_SAME] = NULL;
		v[COL_C] = kernel_c_of(k);
		for (int c = 0; c < NCOLS; c++)	/* a column this kernel cannot run: "-" */
			if (v[c] && nf_unsupported(v[c]))
				v[c] = NULL;
		/* pure eBPF only: each pure-eBPF variant once, under the flavorless eNetSTL one */
		if (nft_bench_ebpf_only && k->flavor[0])
			continue;
		snprintf(nf, sizeof(nf), "%s%s%s", k->ops->name, k->flavor[0] ? "-" : "", k->flavor);
		while (l && *l && nloads < 8) {
			loads[nloads++] = strtoul(l, (char **)&l, 10);
			l += *l == ',';
		}
		if (!k->ops->defaults.load_pct)	/* an NF without a load factor */
			nloads = 1;
		for (unsigned int lp = 0; lp < nloads; lp++) {
			p.load_pct = loads[lp];
			for (int c = 0; c < NCOLS; c++) {
				if (!v[c])
					continue;
				o[c] = nft_load(v[c], &p);
				if (!o[c] || nf_prepare(v[c], o[c], t, &p)) {
					fprintf(stderr, "enetstl-nftest: cannot load %s\n", v[c]->name);
					bad = 1;
					goto next;
				}
				nft_run_trace(o[c], t);	/* warm up: the state a running NF has */
			}
			for (int j = 0; j < PASSES; j++)
				for (int c = 0; c < NCOLS; c++)
					if (o[c])
						tm[c][j] = pass(bpf_program__fd(nf_prog(o[c])), t, n,
								repeat);
			for (int c = 0; c < NCOLS; c++) {
				if (!o[c])
					continue;
				qsort(tm[c], PASSES, sizeof(double), cmp_d);
				m[c] = tm[c][PASSES / 2] - empty[PASSES / 2];
			}
			/* the best pure eBPF is the fastest: the same algorithm's, if it wins */
			if (o[COL_SAME] && o[COL_BEST] && m[COL_SAME] < m[COL_BEST])
				m[COL_BEST] = m[COL_SAME];
			if (k->rows)
				snprintf(param, sizeof(param), "k=%u", k->rows);
			else if (k->ops->defaults.load_pct)
				snprintf(param, sizeof(param), "load=%u%%", p.load_pct);
			else
				snprintf(param, sizeof(param), "-");
			for (int c = 0; c < NCOLS; c++)
				fmt(s[c], sizeof(s[c]), m[c], o[c] != NULL);
			ratio(rb, sizeof(rb), m[COL_BEST], o[COL_BEST] && o[COL_ENETSTL], m[COL_ENETSTL]);
			ratio(rs, sizeof(rs), m[COL_SAME], o[COL_SAME] && o[COL_ENETSTL], m[COL_ENETSTL]);
			if (o[COL_C] && o[COL_ENETSTL] && m[COL_C] > 0)
				snprintf(rc, sizeof(rc), "%+.0f%%",
					 (m[COL_ENETSTL] - m[COL_C]) * 100 / m[COL_C]);
			else
				snprintf(rc, sizeof(rc), "-");
			printf("%-12s %-8s %10s %10s %10s %10s %8s %8s %8s\n", nf, param, s[0], s[1],
			       s[2], s[3], rb, rs, rc);
			/* kernel,timing,nf,param,enetstl,best_ebpf,same_algo,kernel_c,vs_best,vs_same */
			printf("NFBENCH,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", u.release, mode, nf, param,
			       s[COL_ENETSTL], s[COL_BEST], s[COL_SAME], s[COL_C], rb, rs);
			fflush(stdout);
next:
			for (int c = 0; c < NCOLS; c++) {
				if (o[c])
					bpf_object__close(o[c]);
				o[c] = NULL;
			}
		}
	}
	if (tl_errors) {
		printf("nfbench: %u errors while running the trace\n", tl_errors);
		bad = 1;
	}
	return bad;
}
