// SPDX-License-Identifier: GPL-2.0
/*
 * test_compare.c - compare cores: generic and AVX2 against the memcmp model,
 * every bucket size and width, buffers at odd offsets ending at a guard page.
 */
#include "unit.h"
#include "compare_core.h"
#include "ref_compare.h"

u32 unit_match_avx2(const u8 *b, u32 n, u64 v, u32 width);
int unit_key_eq_avx2(const u8 *a, const u8 *b, u32 size);
int unit_key_find_avx2(const u8 *key, const u8 *keys, u32 size, u32 n);

static int have_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}

/* Entries drawn from a small set, so that values repeat and match often. */
static void fill_entries(u8 *b, u32 n, u32 width, u64 *pick)
{
	u64 pool[4];

	for (int i = 0; i < 4; i++)
		pool[i] = tl_rand() & (width == 8 ? ~0ull : (1ull << (width * 8)) - 1);
	for (u32 i = 0; i < n; i++) {
		u64 e = tl_rand() % 3 ? pool[tl_rand() % 4] : tl_rand();

		memcpy(b + i * width, &e, width);
	}
	*pick = tl_rand() % 4 ? pool[tl_rand() % 4] : tl_rand() % 5;
}

static void test_match_all_sizes(void)
{
	static const u32 widths[] = { 2, 4, 8 }, counts[] = { 8, 16, 32 };

	if (!have_avx2())
		printf("  note: no AVX2 on this CPU: only the generic path is compared\n");
	for (int iter = 0; iter < 30000; iter++) {
		u32 w = widths[iter % 3], n = counts[(iter / 3) % 3], size = n * w;
		u8 *b = unit_guarded(size);
		u64 v;
		int64_t want;

		fill_entries(b, n, w, &v);
		if (iter % 7 == 0 && w < 8)
			v |= 1ull << (w * 8 + tl_rand() % (64 - w * 8));	/* too wide: no match */
		want = ref_match(b, size, v, w);
		if (w < 8 && v >> (w * 8))
			CHECK_EQ("wide value matches nothing", want, 0);
		else
		{
			CHECK_EQ("generic match", enetstl_match_scalar(b, n, v, w), want);
			CHECK_EQ("swar match", enetstl_match_swar(b, n, v, w), want);
		}
		if (have_avx2() && !(w < 8 && v >> (w * 8)))
			CHECK_EQ("avx2 match", unit_match_avx2(b, n, v, w), want);
		unit_guarded_free(b, size);
	}
}

/*
 * SWAR edges: entries one bit away from the value (a borrow or carry
 * between lanes would show here), zero and all-ones entries, the value
 * itself at every position.
 */
static void test_match_swar_edges(void)
{
	static const u32 widths[] = { 2, 4, 8 }, counts[] = { 8, 16, 32 };
	u8 b[256];

	for (int iter = 0; iter < 20000; iter++) {
		u32 w = widths[iter % 3], n = counts[(iter / 3) % 3], bits = 8 * w;
		u64 lane = w == 8 ? ~0ull : (1ull << bits) - 1;
		u64 v = (iter / 9) % 4 == 0 ? 0 : (iter / 9) % 4 == 1 ? lane : tl_rand() & lane;

		for (u32 i = 0; i < n; i++) {
			u64 e;

			switch (tl_rand() % 4) {
			case 0: e = v; break;
			case 1: e = v ^ (1ull << (tl_rand() % bits)); break;
			case 2: e = tl_rand() % 2 ? 0 : lane; break;
			default: e = tl_rand() & lane;
			}
			memcpy(b + i * w, &e, w);
		}
		CHECK_EQ("swar match, edges", enetstl_match_swar(b, n, v, w), ref_match(b, n * w, v, w));
	}
}

static void test_bucket_sizes(void)
{
	static const u8 zeros[512];

	for (u32 w = 2; w <= 8; w *= 2)
		for (u32 size = 0; size <= 300; size++) {
			int n = enetstl_bucket_entries(size, w);
			int64_t r = ref_match(zeros, size, 1, w);

			CHECK_EQ("entries valid iff the model accepts", n < 0, r == -22);
		}
}

static void test_keys(void)
{
	static const u32 sizes[] = { 16, 32, 64 };

	for (int iter = 0; iter < 20000; iter++) {
		u32 ks = sizes[iter % 3], n = 1 + tl_rand() % 32, total = ks * n;
		u8 *keys = unit_guarded(total), *key = unit_guarded(ks);
		u32 at = tl_rand() % n;

		for (u32 i = 0; i < total; i++)
			keys[i] = (u8)(tl_rand() % 3);	/* near misses are common */
		memcpy(key, keys + at * ks, ks);
		if (tl_rand() % 3 == 0)
			key[tl_rand() % ks] ^= 1 << (tl_rand() % 8);	/* one bit off */
		CHECK_EQ("generic key_eq", enetstl_key_eq_scalar(key, keys + at * ks, ks),
			  ref_key_eq(key, ks, keys + at * ks, ks));
		CHECK_EQ("generic key_find", enetstl_key_find_scalar(key, keys, ks, n),
			  ref_key_find(key, ks, keys, total));
		if (have_avx2()) {
			CHECK_EQ("avx2 key_eq", unit_key_eq_avx2(key, keys + at * ks, ks),
				  ref_key_eq(key, ks, keys + at * ks, ks));
			CHECK_EQ("avx2 key_find", unit_key_find_avx2(key, keys, ks, n),
				  ref_key_find(key, ks, keys, total));
		}
		unit_guarded_free(keys, total);
		unit_guarded_free(key, ks);
	}
}

const struct unit_case compare_cases[] = {
	{ "compare: match, 30000 buckets of every width and size, generic, swar and avx2", test_match_all_sizes },
	{ "compare: swar match, 20000 buckets of one-bit-off, zero and all-ones entries", test_match_swar_edges },
	{ "compare: bucket size validation", test_bucket_sizes },
	{ "compare: key_eq and key_find, 20000 cases, generic and avx2", test_keys },
	{ NULL, NULL },
};
