// SPDX-License-Identifier: GPL-2.0
/* hash_avx2.c - the AVX2 multi-hash core, built with -mavx2, for test_hash.c. */
#include "hash_avx2.h"

void unit_hash_multi_avx2(const u8 *key, u32 len, u32 *h, u32 n)
{
	enetstl_hash_multi_avx2(key, len, h, n);
}

u32 unit_cm_add8_avx2(const u8 *key, u32 len, const u32 *seeds, u8 *ctr, u32 cols, u32 delta)
{
	return enetstl_cm_add8_avx2(key, len, seeds, ctr, cols, delta);
}
