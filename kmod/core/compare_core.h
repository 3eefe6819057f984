/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare_core.h - parallel compare, generic (scalar) versions: find a value
 * among the 8, 16 or 32 entries of a bucket, compare fixed-size keys.
 *
 * These define the results; compare_avx2.h must return exactly the same.
 * Entries and keys are read with unaligned loads, never past the size given.
 */
#ifndef _ENETSTL_COMPARE_CORE_H
#define _ENETSTL_COMPARE_CORE_H

#include "enetstl_core.h"

#define ENETSTL_BUCKET_MAX_ENTRIES	32
#define ENETSTL_KEYS_MAX		32

/**
 * enetstl_bucket_entries() - number of entries of a bucket, or -EINVAL
 * @size: bucket size in bytes
 * @width: entry width in bytes (2, 4 or 8)
 *
 * Return: 8, 16 or 32 when @size is exactly that many entries; else -EINVAL.
 */
static inline int enetstl_bucket_entries(u32 size, u32 width)
{
	u32 n = size / width;

	if (size % width || (n != 8 && n != 16 && n != 32))
		return -EINVAL;
	return (int)n;
}

/* Bit i set when entry i of the @n-entry bucket equals @v; @width is a constant. */
static inline u32 enetstl_match_scalar(const u8 *b, u32 n, u64 v, u32 width)
{
	u32 i, mask = 0;

	for (i = 0; i < n; i++) {
		u64 e;

		if (width == 2) {
			u16 x;

			__builtin_memcpy(&x, b + 2 * i, 2);
			e = x;
		} else if (width == 4) {
			e = enetstl_load32(b + 4 * i);
		} else {
			e = enetstl_load64(b + 8 * i);
		}
		mask |= (u32)(e == v) << i;
	}
	return mask;
}

/*
 * The same mask by SWAR: a 64-bit word of entries at a time, in general
 * registers (no FPU section; for small buckets it costs less than one).
 * With x = word ^ (@v in every lane) and L = every bit of a lane but its
 * top one, a lane of x is zero iff the top bit of its lane in
 * ((x & L) + L) | x is clear; the sum cannot carry out of its lane. The
 * top bits are then packed into mask bits: 16-bit lanes by a multiply
 * that moves bit 16j + 15 to bit 45 + j (the four products land on
 * distinct bits, so nothing carries), 32-bit lanes by two shifts.
 * @n * @width is a multiple of 8 (enetstl_bucket_entries()); @v fits a lane.
 */
static __always_inline u32 enetstl_match_swar(const u8 *b, u32 n, u64 v, u32 width)
{
	const u64 low = width == 2 ? 0x7fff7fff7fff7fffull : 0x7fffffff7fffffffull;
	const u32 lanes = 8 / width;
	u64 bv = v, pack = 0x0000200040008001ull;
	u32 i, mask = 0;

	/* 64-bit entries are words already; SWAR needs lanes in load order */
	if (width == 8 || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		return enetstl_match_scalar(b, n, v, width);
	bv |= bv << (8 * width);
	if (width == 2)
		bv |= bv << 32;
	/* one multiply: compilers would otherwise spell it as six shifts and adds */
	__asm__("" : "+r" (pack));
#pragma GCC unroll 8
	for (i = 0; i < n; i += lanes) {
		u64 x = enetstl_load64(b + width * i) ^ bv;
		u64 z = ~(((x & low) + low) | x) & ~low;
		u32 m;

		if (width == 2)
			m = (u32)((((z >> 15) * pack) >> 45) & 0xf);
		else
			m = (u32)(((z >> 31) | (z >> 62)) & 3);
		mask |= m << i;
	}
	return mask;
}

/* Key sizes with a compare kfunc: 16, 32 or 64 bytes. */
static inline bool enetstl_key_size_ok(u32 size)
{
	return size == 16 || size == 32 || size == 64;
}

/* 1 if the @size-byte keys are equal; no early exit, so timing does not depend on the data. */
static inline int enetstl_key_eq_scalar(const u8 *a, const u8 *b, u32 size)
{
	u64 diff = 0;
	u32 i;

	for (i = 0; i < size; i += 8)
		diff |= enetstl_load64(a + i) ^ enetstl_load64(b + i);
	return diff == 0;
}

/* Index of the first of @n keys at @keys equal to @key, or -ENOENT. */
static inline int enetstl_key_find_scalar(const u8 *key, const u8 *keys, u32 size, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (enetstl_key_eq_scalar(key, keys + i * size, size))
			return (int)i;
	return -ENOENT;
}

#endif /* _ENETSTL_COMPARE_CORE_H */
