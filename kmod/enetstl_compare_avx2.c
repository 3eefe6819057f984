// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_compare_avx2.c - the AVX2 compare paths. This file alone is built
 * with -mavx2 (Kbuild), so vector code can appear nowhere else; its functions
 * are called only inside enetstl_simd_begin()/enetstl_simd_end().
 */
#include "enetstl_avx2.h"
#include "core/compare_avx2.h"

/*
 * One function per entry width, each bucket size unrolled on its own: with
 * constant sizes a 16 x u32 bucket is two loads, two compares, two masks.
 */
#define ENETSTL_MATCH_AVX2_FN(bits)						\
u32 enetstl_match##bits##_avx2_fn(const void *bucket, u32 n, u64 value)		\
{										\
	if (n == 16)								\
		return enetstl_match_avx2(bucket, 16, value, (bits) / 8);	\
	if (n == 32)								\
		return enetstl_match_avx2(bucket, 32, value, (bits) / 8);	\
	return enetstl_match_avx2(bucket, 8, value, (bits) / 8);		\
}

ENETSTL_MATCH_AVX2_FN(16)
ENETSTL_MATCH_AVX2_FN(32)
ENETSTL_MATCH_AVX2_FN(64)

int enetstl_key_find_avx2_fn(const void *key, const void *keys, u32 size, u32 n)
{
	return enetstl_key_find_avx2(key, keys, size, n);
}
