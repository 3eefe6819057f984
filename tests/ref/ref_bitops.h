/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ref_bitops.h - plain reference models of the bit operations: one bit at a
 * time, no builtins, nothing shared with the module's code.
 */
#ifndef _ENETSTL_REF_BITOPS_H
#define _ENETSTL_REF_BITOPS_H

#include <stdint.h>
#include <stddef.h>

static inline uint32_t ref_ffs(uint64_t x, unsigned int width)
{
	for (unsigned int i = 0; i < width; i++)
		if (x >> i & 1)
			return i + 1;
	return 0;
}

static inline uint32_t ref_fls(uint64_t x, unsigned int width)
{
	for (unsigned int i = width; i > 0; i--)
		if (x >> (i - 1) & 1)
			return i;
	return 0;
}

static inline uint32_t ref_ctz(uint64_t x, unsigned int width)
{
	uint32_t n = 0;

	while (n < width && !(x >> n & 1))
		n++;
	return n;
}

static inline uint32_t ref_clz(uint64_t x, unsigned int width)
{
	uint32_t n = 0;

	while (n < width && !(x >> (width - 1 - n) & 1))
		n++;
	return n;
}

static inline uint32_t ref_popcount(uint64_t x)
{
	uint32_t n = 0;

	for (; x; x >>= 1)
		n += x & 1;
	return n;
}

/* First set bit at or after @start in a byte-addressed LSB-first bitmap; -2 (-ENOENT) if none, -22 (-EINVAL) on bad size. */
static inline int ref_bitmap_ffs(const uint8_t *map, uint32_t size, uint32_t start)
{
	if (size == 0 || size > 512)
		return -22;
	for (uint64_t i = start; i < (uint64_t)size * 8; i++)
		if (map[i / 8] >> (i % 8) & 1)
			return (int)i;
	return -2;
}

#endif
