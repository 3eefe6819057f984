// SPDX-License-Identifier: GPL-2.0
/*
 * nft_nitrosketch.c - NitroSketch oracle. Sampling is random, so the
 * sketch is checked against what is exact (counters sum to p_inv times the
 * row updates counted) and against statistical bounds: each row is sampled
 * Binomial(N, 1/p_inv) times, and the median-of-rows estimate of the
 * heaviest flows stays within the sampling and collision error. The best
 * pure-eBPF variants (multiply-add-shift rows, sampling in the program) are
 * read with their own columns (ref_mas_col()), the CRC flavor with
 * count-min's CRC rows (ref_crc_col()).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "nftest.h"
#include "ref_nf.h"
#include "nitrosketch/nitrosketch.h"

#define P_INV 16

static const uint32_t *heavy_pkts;

static int cmp_heavier(const void *a, const void *b)
{
	uint32_t x = heavy_pkts[*(const uint32_t *)a], y = heavy_pkts[*(const uint32_t *)b];

	return x > y ? -1 : x < y;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void nft_check_nitrosketch(const struct nf_variant *v, const struct nf_trace *t)
{
	struct nf_params p = { .p_inv = P_INV };
	ref_col_fn col = !strcmp(v->flavor, "best") ? ref_mas_col :
			 !strcmp(v->flavor, "crc") ? ref_crc_col : ref_col;
	unsigned int rows = v->rows, worst_row = 0, checked = 0;
	size_t ncnt = (size_t)rows * NS_COLS;
	uint32_t *got = calloc(ncnt, 4), order[20] = { 0 }, *idx;
	struct bpf_object *obj = nft_load(v, &p);
	double n = t->count[NF_FLOW], sd = sqrt(n * (1.0 / P_INV) * (1 - 1.0 / P_INV));
	double worst_dev = 0, worst_flow = 0;
	uint64_t total = 0;
	__u64 nf[4];

	if (!obj || !got)
		goto out;
	nft_run_trace(obj, t);
	nft_check_stats(obj, t, nf);
	CHECK_EQ("sampler errors", nf[NS_STAT_ERR], 0);
	if (!CHECK(!nft_percpu_sum_u32(obj, "ns_sketch", got, ncnt), "ns_sketch unreadable"))
		goto out;
	for (unsigned int r = 0; r < rows; r++) {
		uint64_t row = 0;
		double dev;

		for (unsigned int c = 0; c < NS_COLS; c++)
			row += got[r * NS_COLS + c];
		CHECK(row % P_INV == 0, "row %u: sum %llu not a multiple of p_inv", r,
		      (unsigned long long)row);
		dev = fabs(row / (double)P_INV - n / P_INV) / sd;
		CHECK(dev < 6, "row %u sampled %.0f times, expected %.0f +- %.0f", r,
		      row / (double)P_INV, n / P_INV, sd);
		if (dev > worst_dev) {
			worst_dev = dev;
			worst_row = r;
		}
		total += row;
	}
	CHECK_EQ("counter sum / p_inv vs row updates counted", total / P_INV, nf[NS_STAT_SAMPLED]);

	/* the 20 heaviest flows: median-of-rows estimate within the error bound */
	heavy_pkts = t->flow_pkts;
	idx = malloc(t->nflows * sizeof(*idx));
	if (!CHECK(idx, "out of memory"))
		goto out;
	for (uint32_t f = 0; f < t->nflows; f++)
		idx[f] = f;
	qsort(idx, t->nflows, sizeof(*idx), cmp_heavier);
	memcpy(order, idx, sizeof(order));
	free(idx);
	for (int j = 0; j < 20; j++) {
		uint32_t f = order[j], est[NS_MAX_ROWS], truth = t->flow_pkts[f];
		double med, bound;

		for (unsigned int r = 0; r < rows; r++)
			est[r] = got[r * NS_COLS + col(&t->flows[f], r, NS_COLS)];
		qsort(est, rows, 4, cmp_u32);
		med = rows % 2 ? est[rows / 2] : (est[rows / 2 - 1] + est[rows / 2]) / 2.0;
		/* sampling: sd sqrt(truth * (p_inv - 1)); collisions: about N / cols per row */
		bound = 6 * sqrt(truth * (P_INV - 1.0)) + 4 * n / NS_COLS + P_INV;
		CHECK(fabs(med - truth) <= bound, "flow %u (%u packets): median estimate %.0f, "
		      "bound %.0f", f, truth, med, bound);
		if (fabs(med - truth) / truth > worst_flow)
			worst_flow = fabs(med - truth) / truth;
		checked++;
	}
	tl_result("nitrosketch %s: rows sampled within %.1f sd (row %u), %llu row updates; "
		   "%u heaviest flows within bound (worst relative error %.1f%%)", v->name,
		   worst_dev, worst_row, (unsigned long long)nf[NS_STAT_SAMPLED], checked,
		   100 * worst_flow);
	bpf_object__close(obj);
	free(got);
	return;
out:
	tl_result("nitrosketch %s", v->name);
	if (obj)
		bpf_object__close(obj);
	free(got);
}
