// SPDX-License-Identifier: GPL-2.0
/*
 * test_random.c - geometric sampling core: the fixed-point log2 against
 * libm, and the skip counts against the exact geometric law (chi-square at
 * p = 0.001, mean) for probabilities from 1 down to 2^-20.
 */
#include <math.h>
#include "unit.h"
#include "random_core.h"

static u64 table[ENETSTL_LOG2_TABLE + 1];

static void test_log2(void)
{
	double worst_fast = 0, worst_exact = 0;

	enetstl_log2_table_init(table);
	for (int i = 0; i < 200000; i++) {
		u64 x = tl_rand() >> (tl_rand() % 64);
		double want;

		if (!x)
			x = 1;
		want = log2((double)x);
		worst_fast = fmax(worst_fast, fabs(enetstl_log2_q32(table, x) / 4294967296.0 - want));
		if (i % 20 == 0)
			worst_exact = fmax(worst_exact,
					   fabs(enetstl_log2_exact_q32(x) / 4294967296.0 - want));
	}
	printf("  log2: worst error %.2e (table), %.2e (exact)\n", worst_fast, worst_exact);
	CHECK_EQ("table log2 within 3e-7", worst_fast < 3e-7, 1);
	CHECK_EQ("exact log2 within 1e-8 (doubles: ~1e-9 at 2^64)", worst_exact < 1e-8, 1);
}

/* Chi-square of N skip counts for p against P(G = k) = (1-p)^k p. */
static double chi_square(double p, u64 p_q32, int n, double *mean, double *crit)
{
	enum { MAXB = 4096 };
	static u32 counts[MAXB];
	struct enetstl_rng rng;
	u64 d = p_q32 >= ENETSTL_P_ONE ? 0 : enetstl_geo_d_q56(p_q32);
	double sum = 0, chi = 0, expect_left = n, z = 3.0902;
	int bins = 0;
	/* bin width so that about 60 bins carry most of the mass */
	double width = fmax(1, ceil(1 / p / 20));

	memset(counts, 0, sizeof(counts));
	enetstl_rng_seed(&rng, tl_rand());
	for (int i = 0; i < n; i++) {
		u32 g = enetstl_geo_skip_core(table, (u32)(enetstl_rng_next(&rng) >> 32), d);
		u64 b = (u64)(g / width);

		counts[b < MAXB - 1 ? b : MAXB - 1]++;
		sum += g;
	}
	*mean = sum / n;
	/* bins [b*width, (b+1)*width) until the expected rest is < 5; then one tail bin */
	for (int b = 0; b < MAXB - 1; b++) {
		double lo = b * width, hi = (b + 1) * width;
		double e = n * (pow(1 - p, lo) - pow(1 - p, hi));
		u64 got = counts[b];

		if (expect_left - e < 5 || b == MAXB - 2) {
			u64 rest = 0;

			for (int r = b; r < MAXB; r++)
				rest += counts[r];
			chi += (rest - expect_left) * (rest - expect_left) / expect_left;
			bins++;
			break;
		}
		chi += (got - e) * (got - e) / e;
		expect_left -= e;
		bins++;
	}
	{
		double dof = bins - 1;

		*crit = dof < 1 ? 10.83 : dof * pow(1 - 2 / (9 * dof) + z * sqrt(2 / (9 * dof)), 3);
	}
	return chi;
}

static void test_geometric(void)
{
	static const double ps[] = { 1.0, 0.5, 0.3337, 0.25, 0.1, 0.01, 0.001, 1.0 / 65536,
				     1.0 / 1048576 };

	enetstl_log2_table_init(table);
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		u64 p_q32 = (u64)llround(ps[i] * 4294967296.0);
		double p = p_q32 / 4294967296.0, mean, crit, chi;
		int n = 200000;

		chi = chi_square(p, p_q32, n, &mean, &crit);
		if (p == 1.0) {
			CHECK_EQ("p = 1: always 0", mean == 0, 1);
			continue;
		}
		printf("  p = %-10.6g chi-square %8.1f (critical %.1f), mean %.4g (want %.4g)\n",
		       p, chi, crit, mean, (1 - p) / p);
		CHECK_EQ("chi-square below the p=0.001 critical value (p index shown)",
			  chi < crit ? 0 : i + 1, 0);
		/* mean within 5 standard errors */
		CHECK_EQ("mean (p index shown)",
			  fabs(mean - (1 - p) / p) < 5 * sqrt(1 - p) / p / sqrt(n) ? 0 : i + 1, 0);
	}
}

/* The skip for random input @r32 at @d (no generator: the law is over all r32). */
static u32 skip_at(u64 r32, u64 d)
{
	return enetstl_geo_skip_core(table, (u32)r32, d);
}

/*
 * Exact law, no sampling: G falls as r32 grows, so {r32 : G <= k} is a
 * suffix of [0, 2^32) found by bisection, and its size must be
 * 2^32 * (1 - (1 - p)^(k + 1)). This reaches the smallest p, where a
 * sample of 2^32 draws would be needed: p = 2^-32 must give G = 0 for
 * exactly one r32 (Q32 rounding of -log2(1 - p) gave 1.39 of them).
 * Allowed: 2 values, plus 1e-6 of the values with U near (1 - p)^(k + 1):
 * the header's promise, which the table log2's error (3e-7 in log2 units,
 * 2.1e-7 of U) keeps.
 */
static void test_geometric_exact(void)
{
	static const u64 pq[] = { 1, 2, 10, 100, 1000, 65536, (1 << 24) - 1, 1 << 24,
				  (1 << 24) + 1, 1ull << 31, 0xfffffff0ull, 0xffffffffull };
	static const u64 ks[] = { 0, 1, 10, 1000, 1000000 };
	double worst = 0;

	enetstl_log2_table_init(table);
	for (size_t i = 0; i < sizeof(pq) / sizeof(pq[0]); i++) {
		u64 d = enetstl_geo_d_q56(pq[i]);
		double p = pq[i] / 4294967296.0;

		for (size_t j = 0; j < sizeof(ks) / sizeof(ks[0]); j++) {
			u64 lo = 0, hi = 1ull << 32;	/* first r32 with G <= k, in [lo, hi] */
			double u = exp((ks[j] + 1) * log1p(-p)) * 4294967296.0;
			double want = 4294967296.0 - u, got, err;

			while (lo < hi) {
				u64 mid = (lo + hi) / 2;

				if (skip_at(mid, d) <= ks[j])
					hi = mid;
				else
					lo = mid + 1;
			}
			got = (double)((1ull << 32) - lo);
			err = fabs(got - want);
			worst = fmax(worst, err / (2 + 1e-6 * u));
			if (err > 2 + 1e-6 * u)
				printf("  p_q32 %llu, k %llu: %.0f values give G <= k, want %.1f\n",
				       (unsigned long long)pq[i], (unsigned long long)ks[j], got, want);
			CHECK_EQ("P(G <= k) over all r32 (see above)", err <= 2 + 1e-6 * u, 1);
		}
	}
	printf("  exact law: worst error %.2f of the allowance\n", worst);
}

const struct unit_case random_cases[] = {
	{ "random: fixed-point log2 (table and exact) against libm", test_log2 },
	{ "random: geometric skips vs exact law, p = 1 .. 2^-20 (chi-square, mean)", test_geometric },
	{ "random: P(G <= k) counted over every r32, p_q32 = 1 .. 2^32 - 1", test_geometric_exact },
	{ NULL, NULL },
};
