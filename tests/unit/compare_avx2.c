// SPDX-License-Identifier: GPL-2.0
/* compare_avx2.c - the AVX2 compare cores, built with -mavx2 (see Makefile), for test_compare.c. */
#include "compare_avx2.h"

u32 unit_match_avx2(const u8 *b, u32 n, u64 v, u32 width)
{
	switch (width) {
	case 2: return enetstl_match_avx2(b, n, v, 2);
	case 4: return enetstl_match_avx2(b, n, v, 4);
	default: return enetstl_match_avx2(b, n, v, 8);
	}
}

int unit_key_eq_avx2(const u8 *a, const u8 *b, u32 size)
{
	return enetstl_key_eq_avx2(a, b, size);
}

int unit_key_find_avx2(const u8 *key, const u8 *keys, u32 size, u32 n)
{
	return enetstl_key_find_avx2(key, keys, size, n);
}
