// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_compare_avx2.c - the AVX2 compare paths. This file alone is built
 * with -mavx2 (Kbuild), so vector code can appear nowhere else; its functions
 * are called only inside enetstl_simd_begin()/enetstl_simd_end().
 */
#include "enetstl_avx2.h"
#include "core/compare_avx2.h"

u32 enetstl_match_avx2_fn(const void *bucket, u32 n, u64 value, u32 width)
{
	/* Constant widths, so that each case compiles to its own short loop. */
	switch (width) {
	case 2:
		return enetstl_match_avx2(bucket, n, value, 2);
	case 4:
		return enetstl_match_avx2(bucket, n, value, 4);
	default:
		return enetstl_match_avx2(bucket, n, value, 8);
	}
}

int enetstl_key_find_avx2_fn(const void *key, const void *keys, u32 size, u32 n)
{
	return enetstl_key_find_avx2(key, keys, size, n);
}
