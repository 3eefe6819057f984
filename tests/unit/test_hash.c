// SPDX-License-Identifier: GPL-2.0
/*
 * test_hash.c - multi-hash: generic and AVX2 cores against the plain
 * one-lane model for every lane count and key length, and the quality of
 * every lane with the default seeds: avalanche and bucket uniformity, and
 * independence between lanes. A lane with a bad seed (e.g. two equal seeds,
 * as in the research code) fails.
 */
#include <math.h>
#include "unit.h"
#include "hash_core.h"
#include "ref_hash.h"
#include "enetstl/hash.h"

void unit_hash_multi_avx2(const u8 *key, u32 len, u32 *h, u32 n);
u32 unit_cm_add8_avx2(const u8 *key, u32 len, const u32 *seeds, u8 *ctr, u32 cols, u32 delta);

static const u32 seeds[ENETSTL_HASH_MAX_LANES] = ENETSTL_HASH_SEEDS;

static void test_differential(void)
{
	int avx2 = __builtin_cpu_supports("avx2");

	for (int iter = 0; iter < 20000; iter++) {
		u32 len = iter < 300 ? (u32)iter % (ENETSTL_HASH_MAX_KEY + 1) :
			  (u32)(tl_rand() % (ENETSTL_HASH_MAX_KEY + 1));
		u32 n = 1 + tl_rand() % ENETSTL_HASH_MAX_LANES;
		u8 *key = unit_guarded(len);
		u32 a[ENETSTL_HASH_MAX_LANES], b[ENETSTL_HASH_MAX_LANES];

		for (u32 i = 0; i < len; i++)
			key[i] = (u8)tl_rand();
		for (u32 l = 0; l < ENETSTL_HASH_MAX_LANES; l++)
			a[l] = b[l] = tl_rand() % 2 ? seeds[l] : (u32)tl_rand();
		for (u32 l = 0; l < n; l++)
			b[l] = ref_hash_lane(key, len, a[l]);
		{
			u32 g[ENETSTL_HASH_MAX_LANES];

			memcpy(g, a, sizeof(g));
			enetstl_hash_multi_scalar(key, len, g, n);
			for (u32 l = 0; l < n; l++)
				CHECK_EQ("generic lane", g[l], b[l]);
			for (u32 l = n; l < ENETSTL_HASH_MAX_LANES; l++)
				CHECK_EQ("generic: lanes past n untouched", g[l], a[l]);
			if (avx2) {
				memcpy(g, a, sizeof(g));
				unit_hash_multi_avx2(key, len, g, n);
				for (u32 l = 0; l < n; l++)
					CHECK_EQ("avx2 lane", g[l], b[l]);
				for (u32 l = n; l < ENETSTL_HASH_MAX_LANES; l++)
					CHECK_EQ("avx2: lanes past n untouched", g[l], a[l]);
			}
		}
		unit_guarded_free(key, len);
	}
}

/* Count-min update of n rows, one lane model per row: counters and minimum. */
static u32 model_cm_add(const u8 *key, u32 len, const u32 *seeds, u32 *ctr, u32 n, u32 cols,
			u32 delta)
{
	u32 min = ~0u;

	for (u32 r = 0; r < n; r++) {
		u32 *c = &ctr[r * cols + (u32)(((uint64_t)ref_hash_lane(key, len, seeds[r]) * cols) >> 32)];

		*c += delta;
		if (*c < min)
			min = *c;
	}
	return min;
}

/* enetstl_cm_add_lanes() as the kfunc inlines it (2, 4, 6, 8 rows) and the AVX2 8-row update. */
static void test_cm_add(void)
{
	enum { MAXC = 300 };
	static u32 want[8 * MAXC], got[8 * MAXC + 1], got8[8 * MAXC + 1];
	int avx2 = __builtin_cpu_supports("avx2");

	for (int iter = 0; iter < 4000; iter++) {
		u32 n = 2 + 2 * (tl_rand() % 4), cols = 1 + tl_rand() % MAXC;
		u32 len = (u32)(tl_rand() % 41), delta = tl_rand() % 3 ? 1 : (u32)tl_rand();
		u32 s[ENETSTL_HASH_MAX_LANES], m, r;
		u8 *key = unit_guarded(len);
		/* counters at an odd offset: the kfunc allows any alignment without atomics */
		u8 *ctr = (u8 *)got + 1;

		for (u32 i = 0; i < len; i++)
			key[i] = (u8)tl_rand();
		for (u32 l = 0; l < ENETSTL_HASH_MAX_LANES; l++)
			s[l] = tl_rand() % 2 ? seeds[l] : (u32)tl_rand();
		for (u32 i = 0; i < n * cols; i++)
			want[i] = tl_rand() % 4 ? (u32)tl_rand() % 16 : (u32)tl_rand();
		memcpy(ctr, want, n * cols * 4);
		memcpy(got8, want, n * cols * 4);
		m = model_cm_add(key, len, s, want, n, cols, delta);
		switch (n) {
		case 2: r = enetstl_cm_add_lanes(key, len, s, ctr, cols, delta, 2); break;
		case 4: r = enetstl_cm_add_lanes(key, len, s, ctr, cols, delta, 4); break;
		case 6: r = enetstl_cm_add_lanes(key, len, s, ctr, cols, delta, 6); break;
		default: r = enetstl_cm_add_lanes(key, len, s, ctr, cols, delta, 8); break;
		}
		CHECK_EQ("cm_add minimum", r, m);
		CHECK_EQ("cm_add counters", memcmp(ctr, want, n * cols * 4), 0);
		if (avx2 && n == 8) {
			r = unit_cm_add8_avx2(key, len, s, (u8 *)got8, cols, delta);
			CHECK_EQ("cm_add8 avx2 minimum", r, m);
			CHECK_EQ("cm_add8 avx2 counters", memcmp(got8, want, n * cols * 4), 0);
		}
		unit_guarded_free(key, len);
	}
}

/*
 * Avalanche: flipping any one input bit flips each output bit with
 * probability 1/2. For every lane and a 13-byte key, the worst (input bit,
 * output bit) pair over 2000 trials must stay within 0.5 +- 0.1.
 */
static void test_avalanche(void)
{
	enum { LEN = 13, TRIALS = 2000 };

	for (u32 l = 0; l < ENETSTL_HASH_MAX_LANES; l++) {
		static u32 flips[LEN * 8][32];
		double worst = 0;

		memset(flips, 0, sizeof(flips));
		for (int t = 0; t < TRIALS; t++) {
			u8 key[LEN];
			u32 base;

			for (int i = 0; i < LEN; i++)
				key[i] = (u8)tl_rand();
			base = ref_hash_lane(key, LEN, seeds[l]);
			for (int bit = 0; bit < LEN * 8; bit++) {
				u32 h;

				key[bit / 8] ^= 1 << (bit % 8);
				h = ref_hash_lane(key, LEN, seeds[l]) ^ base;
				key[bit / 8] ^= 1 << (bit % 8);
				for (int o = 0; o < 32; o++)
					flips[bit][o] += h >> o & 1;
			}
		}
		for (int bit = 0; bit < LEN * 8; bit++)
			for (int o = 0; o < 32; o++) {
				double d = fabs((double)flips[bit][o] / TRIALS - 0.5);

				if (d > worst)
					worst = d;
			}
		CHECK_EQ("avalanche within 0.5 +- 0.1 (lane index shown on failure)",
			  worst < 0.1 ? 0 : l + 1, 0);
	}
}

/*
 * Uniformity and independence, on structured keys (sequential 5-tuples):
 * each lane's hash % 1024 passes a chi-square test at p = 0.001; and for
 * every pair of lanes, how often both put a key in the same bucket is close
 * to 1/1024 (equal seeds would give 1).
 */
static void test_uniformity(void)
{
	enum { KEYS = 200000, B = 1024 };
	static u32 counts[ENETSTL_HASH_MAX_LANES][B];
	static u16 bucket[ENETSTL_HASH_MAX_LANES][KEYS];
	/* chi-square critical value, 1023 dof, p = 0.001 (Wilson-Hilferty) */
	double crit, z = 3.0902, dof = B - 1;

	crit = dof * pow(1 - 2 / (9 * dof) + z * sqrt(2 / (9 * dof)), 3);
	memset(counts, 0, sizeof(counts));
	for (u32 k = 0; k < KEYS; k++) {
		u8 key[13] = { 10, 0, (u8)(k >> 16), (u8)(k >> 8), 10, 0, 0, 1, 0x1f, 0x90,
			       (u8)(k >> 8), (u8)k, 6 };
		u32 h[ENETSTL_HASH_MAX_LANES];

		memcpy(h, seeds, sizeof(h));
		enetstl_hash_multi_scalar(key, sizeof(key), h, ENETSTL_HASH_MAX_LANES);
		for (u32 l = 0; l < ENETSTL_HASH_MAX_LANES; l++) {
			counts[l][h[l] % B]++;
			bucket[l][k] = h[l] % B;
		}
	}
	for (u32 l = 0; l < ENETSTL_HASH_MAX_LANES; l++) {
		double chi = 0, e = (double)KEYS / B;

		for (u32 b = 0; b < B; b++)
			chi += (counts[l][b] - e) * (counts[l][b] - e) / e;
		if (chi >= crit)
			printf("  lane %u: chi-square %.1f >= %.1f\n", l, chi, crit);
		CHECK_EQ("bucket uniformity per lane (lane index shown)", chi < crit ? 0 : l + 1, 0);
	}
	for (u32 a = 0; a < ENETSTL_HASH_MAX_LANES; a++)
		for (u32 b = a + 1; b < ENETSTL_HASH_MAX_LANES; b++) {
			u32 same = 0;

			for (u32 k = 0; k < KEYS; k++)
				same += bucket[a][k] == bucket[b][k];
			/* expected KEYS / B = 195, sd ~ 14: allow 6 sd */
			CHECK_EQ("lanes independent (pair a*16+b shown)",
				  same > 110 && same < 280 ? 0 : a * 16 + b, 0);
		}
}

/* The test vectors of enetstl/hash.h, through the model, the generic and the AVX2 cores. */
static void test_vectors(void)
{
	static const struct { const char *key; u32 seed, want; } v[] = {
		{ "", 0, 0x00000000 }, { "", 0x6a09e667, 0x09f45f69 },
		{ "a", 0, 0xda602517 }, { "a", 0x6a09e667, 0x101ceeb6 },
		{ "abcd", 0, 0xab4a578e }, { "abcd", 0x6a09e667, 0xd4a37d37 },
		{ "abcde", 0, 0x3342b8b5 }, { "abcde", 0x6a09e667, 0x69fc2683 },
		{ "The quick brown fox jumps over the lazy dog", 0, 0x31a89934 },
		{ "The quick brown fox jumps over the lazy dog", 0x6a09e667, 0x4538870d },
	};
	int avx2 = __builtin_cpu_supports("avx2");

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const u8 *key = (const u8 *)v[i].key;
		u32 len = strlen(v[i].key), h[8];

		CHECK_EQ("model", ref_hash_lane(key, len, v[i].seed), v[i].want);
		for (int l = 0; l < 8; l++)
			h[l] = v[i].seed;
		enetstl_hash_multi_scalar(key, len, h, 8);
		CHECK_EQ("generic, lane 7", h[7], v[i].want);
		if (avx2) {
			for (int l = 0; l < 8; l++)
				h[l] = v[i].seed;
			unit_hash_multi_avx2(key, len, h, 8);
			CHECK_EQ("avx2, lane 7", h[7], v[i].want);
		}
	}
}

const struct unit_case hash_cases[] = {
	{ "hash: the header's test vectors (model, generic, avx2)", test_vectors },
	{ "hash: generic and avx2 vs one-lane model, 20000 keys, 1..16 lanes, 0..256 bytes", test_differential },
	{ "hash: count-min rows (2, 4, 6, 8; generic and avx2) vs model, 4000 updates", test_cm_add },
	{ "hash: avalanche of every default-seed lane", test_avalanche },
	{ "hash: bucket uniformity and pairwise lane independence", test_uniformity },
	{ NULL, NULL },
};
