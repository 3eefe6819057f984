// SPDX-License-Identifier: GPL-2.0
/* test_bitops.c - kmod/core/bitops_core.h against tests/ref/ref_bitops.h. */
#include "unit.h"
#include "core/bitops_core.h"
#include "ref_bitops.h"

/* Edge words every run checks, then random words of random density. */
static const uint64_t edge_words[] = {
	0, 1, 2, 3, 0x80, 0x8000, 0x80000000ull, 0xffffffffull, 0x100000000ull,
	0x8000000000000000ull, ~0ull, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
	0x0000000100000000ull, 0x00000000fffffffeull, 0x7fffffffffffffffull,
};

static uint64_t random_word(void)
{
	uint64_t w = tl_rand();

	switch (tl_rand() % 4) {
	case 0: return w & tl_rand() & tl_rand();	/* sparse */
	case 1: return 1ull << (w % 64);			/* one bit */
	case 2: return w >> (tl_rand() % 64);		/* short */
	default: return w;
	}
}

static void check_word(uint64_t w)
{
	uint32_t v = (uint32_t)w;

	CHECK_EQ("ffs32", enetstl_ffs32_core(v), ref_ffs(v, 32));
	CHECK_EQ("fls32", enetstl_fls32_core(v), ref_fls(v, 32));
	CHECK_EQ("ctz32", enetstl_ctz32_core(v), ref_ctz(v, 32));
	CHECK_EQ("clz32", enetstl_clz32_core(v), ref_clz(v, 32));
	CHECK_EQ("popcount32", enetstl_popcount32_core(v), ref_popcount(v));
	CHECK_EQ("ffs64", enetstl_ffs64_core(w), ref_ffs(w, 64));
	CHECK_EQ("fls64", enetstl_fls64_core(w), ref_fls(w, 64));
	CHECK_EQ("ctz64", enetstl_ctz64_core(w), ref_ctz(w, 64));
	CHECK_EQ("clz64", enetstl_clz64_core(w), ref_clz(w, 64));
	CHECK_EQ("popcount64", enetstl_popcount64_core(w), ref_popcount(w));
}

static void test_word_ops_edges(void)
{
	for (size_t i = 0; i < sizeof(edge_words) / sizeof(edge_words[0]); i++)
		check_word(edge_words[i]);
	for (unsigned int b = 0; b < 64; b++) {
		check_word(1ull << b);
		check_word(~0ull << b);
		check_word(~0ull >> b);
	}
}

static void test_word_ops_random(void)
{
	for (int i = 0; i < 200000; i++)
		check_word(random_word());
}

/* Random bitmaps at the very end of a page: any over-read faults. */
static void test_bitmap_ffs_random(void)
{
	for (int iter = 0; iter < 20000; iter++) {
		uint32_t size = 1 + tl_rand() % 512;
		uint8_t *map = unit_guarded(size);
		uint32_t nset = (uint32_t)(tl_rand() % 4);

		for (uint32_t i = 0; i < size; i++)
			map[i] = 0;
		for (uint32_t i = 0; i < nset; i++) {
			uint32_t bit = tl_rand() % (size * 8);

			map[bit / 8] |= 1 << (bit % 8);
		}
		if (tl_rand() % 8 == 0)
			for (uint32_t i = 0; i < size; i++)
				map[i] = (uint8_t)tl_rand();
		for (int k = 0; k < 4; k++) {
			uint32_t start = tl_rand() % (size * 8 + 80);

			CHECK_EQ("bitmap_ffs", enetstl_bitmap_ffs_core(map, size, start),
				  ref_bitmap_ffs(map, size, start));
		}
		unit_guarded_free(map, size);
	}
}

/* Walk every set bit of a full 4096-bit map with start = prev + 1. */
static void test_bitmap_ffs_iterate(void)
{
	uint8_t *map = unit_guarded(512);
	int bit = -1, count = 0;

	for (int i = 0; i < 512; i++)
		map[i] = (uint8_t)tl_rand();
	while ((bit = enetstl_bitmap_ffs_core(map, 512, (uint32_t)(bit + 1))) >= 0) {
		CHECK_EQ("iterated bit is set", map[bit / 8] >> (bit % 8) & 1, 1);
		count++;
	}
	CHECK_EQ("iteration end", bit, -ENOENT);
	{
		uint32_t want = 0;

		for (int i = 0; i < 512; i++)
			want += ref_popcount(map[i]);
		CHECK_EQ("iterated count", count, want);
	}
	CHECK_EQ("last bit", enetstl_bitmap_ffs_core(map, 512, 4095) >= 0,
		  (map[511] >> 7) & 1);
	CHECK_EQ("start past end", enetstl_bitmap_ffs_core(map, 512, 4096), -ENOENT);
	unit_guarded_free(map, 512);
}

const struct unit_case bitops_cases[] = {
	{ "bitops: word ops on edge values", test_word_ops_edges },
	{ "bitops: word ops on 200000 random words", test_word_ops_random },
	{ "bitops: bitmap_ffs on 20000 random guarded bitmaps", test_bitmap_ffs_random },
	{ "bitops: bitmap_ffs iterates every set bit of 4096", test_bitmap_ffs_iterate },
	{ NULL, NULL },
};
