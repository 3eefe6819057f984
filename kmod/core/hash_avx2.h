/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hash_avx2.h - multi-hash, 8 lanes per 256-bit vector; identical results to
 * enetstl_hash_multi_scalar(). -mavx2 translation units only; in the kernel,
 * inside enetstl_simd_begin()/enetstl_simd_end().
 */
#ifndef _ENETSTL_HASH_AVX2_H
#define _ENETSTL_HASH_AVX2_H

#include "hash_core.h"

#ifndef __AVX2__
#error "hash_avx2.h needs -mavx2"
#endif

typedef unsigned int enetstl_v8u32 __attribute__((vector_size(32)));

static inline enetstl_v8u32 enetstl_v8_rotl(enetstl_v8u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

/* As enetstl_hash_multi_scalar(); @n lanes, in groups of 8 (the rest: scalar). */
static inline void enetstl_hash_multi_avx2(const u8 *key, u32 len, u32 *h, u32 n)
{
	u32 words = (len + 3) / 4, groups = n / 8, g, i;
	enetstl_v8u32 v[ENETSTL_HASH_MAX_LANES / 8];

	for (g = 0; g < groups; g++) {
		__builtin_memcpy(&v[g], h + 8 * g, sizeof(v[g]));
		v[g] ^= len;
	}
	for (i = 0; i < words; i++) {
		u32 k = enetstl_hash_k(enetstl_hash_word(key, len, i));

		for (g = 0; g < groups; g++)
			v[g] = enetstl_v8_rotl(v[g] ^ k, 13) * 5 + 0xe6546b64u;
	}
	for (g = 0; g < groups; g++) {
		enetstl_v8u32 x = v[g] ^ len;

		x ^= x >> 16;
		x *= 0x85ebca6bu;
		x ^= x >> 13;
		x *= 0xc2b2ae35u;
		x ^= x >> 16;
		__builtin_memcpy(h + 8 * g, &x, sizeof(x));
	}
	if (n % 8)
		enetstl_hash_multi_scalar(key, len, h + 8 * groups, n % 8);
}

#endif /* _ENETSTL_HASH_AVX2_H */
