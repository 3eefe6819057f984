/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bitops_core.h - bit scans on words and on little-endian bitmaps.
 *
 * Conventions (the same as libc ffs() and the kernel's fls()):
 *  - ffs: 1-based index of the least significant set bit, 0 for 0;
 *  - fls: 1-based index of the most significant set bit, 0 for 0;
 *  - ctz / clz: trailing / leading zero count, the word width for 0.
 * The compiler builtins are undefined for 0, hence the explicit checks.
 */
#ifndef _ENETSTL_BITOPS_CORE_H
#define _ENETSTL_BITOPS_CORE_H

#include "enetstl_core.h"

/* Largest bitmap accepted by enetstl_bitmap_ffs(): 4096 bits. */
#define ENETSTL_BITMAP_MAX_BYTES	512

static inline u32 enetstl_ffs32_core(u32 x)
{
	return x ? (u32)__builtin_ctz(x) + 1 : 0;
}

static inline u32 enetstl_ffs64_core(u64 x)
{
	return x ? (u32)__builtin_ctzll(x) + 1 : 0;
}

static inline u32 enetstl_fls32_core(u32 x)
{
	return x ? 32 - (u32)__builtin_clz(x) : 0;
}

static inline u32 enetstl_fls64_core(u64 x)
{
	return x ? 64 - (u32)__builtin_clzll(x) : 0;
}

static inline u32 enetstl_ctz32_core(u32 x)
{
	return x ? (u32)__builtin_ctz(x) : 32;
}

static inline u32 enetstl_ctz64_core(u64 x)
{
	return x ? (u32)__builtin_ctzll(x) : 64;
}

static inline u32 enetstl_clz32_core(u32 x)
{
	return x ? (u32)__builtin_clz(x) : 32;
}

static inline u32 enetstl_clz64_core(u64 x)
{
	return x ? (u32)__builtin_clzll(x) : 64;
}

/* Load up to 8 bytes of a little-endian bitmap as one word; missing bytes read as 0. */
static inline u64 enetstl_bitmap_word(const u8 *p, u32 nbytes)
{
	u64 w = 0;

	if (nbytes >= 8)
		return enetstl_le64_to_cpu(enetstl_load64(p));
	while (nbytes--)
		w = (w << 8) | p[nbytes];
	return w;
}

/**
 * enetstl_bitmap_ffs_core() - first set bit at or after @start
 * @map: bitmap bytes; bit i is bit (i % 8) of byte i / 8 (little-endian words)
 * @size: bitmap size in bytes, 1..ENETSTL_BITMAP_MAX_BYTES (checked by the caller)
 * @start: first bit index to consider
 *
 * Reads exactly the bytes [start / 64 * 8, size), never more.
 * Return: the bit index, or -ENOENT when no bit at or after @start is set.
 */
static inline int enetstl_bitmap_ffs_core(const u8 *map, u32 size, u32 start)
{
	u32 nbits = size * 8;
	u32 bit;

	if (start >= nbits)
		return -ENOENT;
	for (bit = start & ~63u; bit < nbits; bit += 64) {
		u32 left = (nbits - bit) / 8;
		u64 w = enetstl_bitmap_word(map + bit / 8, left < 8 ? left : 8);

		if (bit < start)
			w &= ~0ULL << (start - bit);
		if (w)
			return (int)(bit + (u32)__builtin_ctzll(w));
	}
	return -ENOENT;
}

#endif /* _ENETSTL_BITOPS_CORE_H */
