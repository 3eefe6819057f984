/* SPDX-License-Identifier: GPL-2.0 */
/* enetstl_avx2.h - entry points of the -mavx2 files; call inside enetstl_simd_begin/end. */
#ifndef _ENETSTL_AVX2_H
#define _ENETSTL_AVX2_H

#include <linux/types.h>

/* Match mask of an n-entry bucket (n = 8, 16 or 32) of 16/32/64-bit entries. */
u32 enetstl_match16_avx2_fn(const void *bucket, u32 n, u64 value);
u32 enetstl_match32_avx2_fn(const void *bucket, u32 n, u64 value);
u32 enetstl_match64_avx2_fn(const void *bucket, u32 n, u64 value);
int enetstl_key_find_avx2_fn(const void *key, const void *keys, u32 size, u32 n);
void enetstl_hash_multi_avx2_fn(const void *key, u32 len, u32 *h, u32 n);
/* Count-min update of 8 rows, plain adds (enetstl_cm_add_lanes()). */
u32 enetstl_cm_add8_avx2_fn(const void *key, u32 len, const u32 *seeds, void *ctr, u32 cols,
			     u32 delta);

#endif
