/* SPDX-License-Identifier: GPL-2.0 */
/* enetstl_compare.h - the AVX2 entry points of enetstl_compare_avx2.c. */
#ifndef _ENETSTL_KMOD_COMPARE_H
#define _ENETSTL_KMOD_COMPARE_H

#include <linux/types.h>

u32 enetstl_match_avx2_fn(const void *bucket, u32 n, u64 value, u32 width);
int enetstl_key_eq_avx2_fn(const void *a, const void *b, u32 size);
int enetstl_key_find_avx2_fn(const void *key, const void *keys, u32 size, u32 n);

#endif
