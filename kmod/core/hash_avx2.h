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

static inline enetstl_v8u32 enetstl_v8_fmix(enetstl_v8u32 x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

/* One round of every lane of a vector with the mixed word @k. */
static __always_inline enetstl_v8u32 enetstl_v8_round(enetstl_v8u32 h, u32 k)
{
	return enetstl_v8_rotl(h ^ k, 13) * 5 + 0xe6546b64u;
}

/* Mix the key into the lane states @a and, when @two, @b: full words, then the tail. */
static __always_inline void enetstl_v8_mix(const u8 *key, u32 len, enetstl_v8u32 *a,
					   enetstl_v8u32 *b, bool two)
{
	u32 full = len / 4, i, k;

	for (i = 0; i < full; i++) {
		k = enetstl_hash_k(enetstl_le32(enetstl_load32(key + 4 * i)));
		*a = enetstl_v8_round(*a, k);
		if (two)
			*b = enetstl_v8_round(*b, k);
	}
	if (len % 4) {
		k = enetstl_hash_k(enetstl_hash_word(key, len, full));
		*a = enetstl_v8_round(*a, k);
		if (two)
			*b = enetstl_v8_round(*b, k);
	}
}

/* Lanes 0-7, and 8-15 when @two, in one or two registers (no arrays). */
static __always_inline void enetstl_hash_avx2_lanes(const u8 *key, u32 len, u32 *h, bool two)
{
	enetstl_v8u32 a, b = { 0 };

	__builtin_memcpy(&a, h, sizeof(a));
	a ^= len;
	if (two) {
		__builtin_memcpy(&b, h + 8, sizeof(b));
		b ^= len;
	}
	enetstl_v8_mix(key, len, &a, &b, two);
	a = enetstl_v8_fmix(a ^ len);
	__builtin_memcpy(h, &a, sizeof(a));
	if (two) {
		b = enetstl_v8_fmix(b ^ len);
		__builtin_memcpy(h + 8, &b, sizeof(b));
	}
}

typedef unsigned long long enetstl_v4u64 __attribute__((vector_size(32)));
typedef int enetstl_v8s32 __attribute__((vector_size(32)));

/* vpmuludq: the even 32-bit lanes of @a and @b multiplied into four 64-bit products. */
static __always_inline enetstl_v4u64 enetstl_v4_mul_even(enetstl_v8u32 a, enetstl_v8u32 b)
{
	return (enetstl_v4u64)__builtin_ia32_pmuludq256((enetstl_v8s32)a, (enetstl_v8s32)b);
}

/*
 * Counter index of each lane in a sketch of 8 rows: row * cols + column,
 * with column = (hash * cols) >> 32 (enetstl_cm_col()). vpmuludq multiplies
 * the even lanes, and the odd ones shifted down, into 64-bit products whose
 * high halves are the columns. Every index is below 8 * cols, which the
 * caller checked to fit the sketch (so it fits 32 bits).
 */
static __always_inline enetstl_v8u32 enetstl_v8_cm_index(enetstl_v8u32 h, u32 cols)
{
	const enetstl_v8u32 row = { 0, 1, 2, 3, 4, 5, 6, 7 };
	enetstl_v8u32 c = { cols, cols, cols, cols, cols, cols, cols, cols };
	enetstl_v4u64 even, odd;

	even = enetstl_v4_mul_even(h, c);
	odd = enetstl_v4_mul_even((enetstl_v8u32)((enetstl_v4u64)h >> 32), c);
	even = (even >> 32) | (odd & 0xffffffff00000000ull);
	return (enetstl_v8u32)even + row * c;
}

/*
 * enetstl_cm_add_lanes(..., 8) with the 8 lanes in one vector: the same
 * counters, the same result.
 */
static __always_inline u32 enetstl_cm_add8_avx2(const u8 *key, u32 len, const u32 *seeds,
						u8 *ctr, u32 cols, u32 delta)
{
	enetstl_v8u32 a, b = { 0 };
	u32 min = ~0u, l;

	__builtin_memcpy(&a, seeds, sizeof(a));
	a ^= len;
	enetstl_v8_mix(key, len, &a, &b, false);
	a = enetstl_v8_cm_index(enetstl_v8_fmix(a ^ len), cols);
#pragma GCC unroll 8
	for (l = 0; l < 8; l++) {
		u8 *c = ctr + 4 * (u64)a[l];
		u32 v = enetstl_load32(c) + delta;

		enetstl_store32(c, v);
		min = v < min ? v : min;
	}
	return min;
}

/* As enetstl_hash_multi_scalar(); lanes past the last full group of 8 take the generic code. */
static inline void enetstl_hash_multi_avx2(const u8 *key, u32 len, u32 *h, u32 n)
{
	if (n < 8) {	/* less than one vector: never touch lanes past n */
		enetstl_hash_multi_scalar(key, len, h, n);
		return;
	}
	if (n >= 16)
		enetstl_hash_avx2_lanes(key, len, h, true);
	else
		enetstl_hash_avx2_lanes(key, len, h, false);
	if (n % 8)
		enetstl_hash_multi_scalar(key, len, h + (n >= 16 ? 16 : 8), n % 8);
}

#endif /* _ENETSTL_HASH_AVX2_H */
