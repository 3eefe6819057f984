// SPDX-License-Identifier: GPL-2.0
/*
 * nft_bench.c - ns per packet of each NF, pure eBPF against eNetSTL, on
 * the same trace in the same boot. Each packet of the first N of the trace
 * runs R times in one BPF_PROG_TEST_RUN call; the kernel reports the mean
 * time per run. A packet's cost is that minus the same figure for an
 * empty XDP program (the test-run loop itself). Both variants are loaded
 * and warmed on the whole trace first; the passes alternate between them,
 * and the median of 5 passes is reported.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include "nftest.h"

#define PASSES 5

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

int nft_bench(const char *mode, const struct nf_trace *t, unsigned int n, unsigned int repeat,
	      const char *only)
{
	/* the sketch alone: no heavy-hitter table lookups (hh_threshold 0) */
	struct nft_params p = { .hh_threshold = 0, .p_inv = 16, .load_pct = 95, .qlen = 64 };
	int efd = nf_empty_prog(), bad = 0;
	double empty[PASSES];
	struct utsname u;

	if (efd < 0) {
		fprintf(stderr, "enetstl-nftest: empty program: %s\n", strerror(errno));
		return 1;
	}
	if (n > t->n)
		n = t->n;
	uname(&u);
	for (int i = 0; i < PASSES; i++)
		empty[i] = pass(efd, t, n, repeat);
	qsort(empty, PASSES, sizeof(double), cmp_d);
	printf("nfbench: kernel %s, timing %s, %u packets x %u runs, %d passes; empty program "
	       "%.1f ns per run\n", u.release, mode, n, repeat, PASSES, empty[PASSES / 2]);
	printf("%-12s %-8s %12s %14s %8s\n", "nf", "param", "eBPF ns/pkt", "eNetSTL ns/pkt",
	       "ratio");
	for (unsigned int i = 0; i < nf_nvariants; i++) {
		const struct nf_variant *k = &nf_variants[i], *e = nf_pair(k);
		struct bpf_object *oe, *ok;
		double te[PASSES], tk[PASSES], me, mk;
		char param[32];

		char nf[32];

		if (!k->enetstl || !e || (only && strcmp(only, k->nf)))
			continue;
		snprintf(nf, sizeof(nf), "%s%s%s", k->nf, k->flavor[0] ? "-" : "", k->flavor);
		unsigned int loads[8], nloads = 0;
		const char *l = nft_bench_loads;

		while (l && *l && nloads < 8) {
			loads[nloads++] = strtoul(l, (char **)&l, 10);
			l += *l == ',';
		}
		if (strcmp(e->nf, "cuckoo"))
			nloads = 1;
		for (unsigned int lp = 0; lp < nloads; lp++) {
			p.load_pct = loads[lp];
			oe = nft_load(e, &p);
			ok = nft_load(k, &p);
			if (!oe || !ok || nft_prepare(e, oe, t, &p) || nft_prepare(k, ok, t, &p)) {
				fprintf(stderr, "enetstl-nftest: cannot load %s/%s\n", e->name, k->name);
				bad = 1;
				goto next;
			}
			nft_run_trace(oe, t);	/* warm up: the state a running NF has */
			nft_run_trace(ok, t);
			for (int j = 0; j < PASSES; j++) {
				te[j] = pass(bpf_program__fd(nf_prog(oe)), t, n, repeat);
				tk[j] = pass(bpf_program__fd(nf_prog(ok)), t, n, repeat);
			}
			qsort(te, PASSES, sizeof(double), cmp_d);
			qsort(tk, PASSES, sizeof(double), cmp_d);
			me = te[PASSES / 2] - empty[PASSES / 2];
			mk = tk[PASSES / 2] - empty[PASSES / 2];
			if (e->rows)
				snprintf(param, sizeof(param), "k=%u", e->rows);
			else if (!strcmp(e->nf, "cuckoo"))
				snprintf(param, sizeof(param), "load=%u%%", p.load_pct);
			else if (!strcmp(e->nf, "kvstore"))	/* two structures: say so */
				snprintf(param, sizeof(param), "vs-hash-map");
			else
				snprintf(param, sizeof(param), "-");
			printf("%-12s %-8s %12.1f %14.1f %7.2fx\n", nf, param, me, mk,
			       mk > 0 ? me / mk : 0);
			printf("NFBENCH,%s,%s,%s,%s,%.2f,%.2f,%.3f\n", u.release, mode, nf, param,
			       me, mk, mk > 0 ? me / mk : 0);
			fflush(stdout);
next:
			if (oe)
				bpf_object__close(oe);
			if (ok)
				bpf_object__close(ok);
		}
	}
	if (nft_errors) {
		printf("nfbench: %u errors while running the trace\n", nft_errors);
		bad = 1;
	}
	return bad;
}
