/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/bitops.h - bit scans eBPF has no instruction for.
 *
 * Word conventions match libc ffs() and the kernel's fls(): ffs/fls give a
 * 1-based bit position and 0 for a zero word; ctz/clz give a zero count and
 * the word width (32 or 64) for a zero word.
 */
#ifndef _ENETSTL_BITOPS_H
#define _ENETSTL_BITOPS_H

#include <enetstl/kfunc.h>

/** ENETSTL_BITMAP_MAX_BYTES - largest bitmap enetstl_bitmap_ffs() accepts (4096 bits). */
#define ENETSTL_BITMAP_MAX_BYTES 512

/**
 * enetstl_ffs32() - find first (least significant) set bit
 * @x: the word
 *
 * Return: 1-based position of the lowest set bit, 0 if @x is 0.
 */
extern __u32 enetstl_ffs32(__u32 x) ENETSTL_KFUNC;
/** enetstl_ffs64() - as enetstl_ffs32(), for a 64-bit word. */
extern __u32 enetstl_ffs64(__u64 x) ENETSTL_KFUNC;

/**
 * enetstl_fls32() - find last (most significant) set bit
 * @x: the word
 *
 * Return: 1-based position of the highest set bit, 0 if @x is 0.
 */
extern __u32 enetstl_fls32(__u32 x) ENETSTL_KFUNC;
/** enetstl_fls64() - as enetstl_fls32(), for a 64-bit word. */
extern __u32 enetstl_fls64(__u64 x) ENETSTL_KFUNC;

/**
 * enetstl_ctz32() - count trailing zero bits
 * @x: the word
 *
 * Return: number of zero bits below the lowest set bit; 32 if @x is 0.
 */
extern __u32 enetstl_ctz32(__u32 x) ENETSTL_KFUNC;
/** enetstl_ctz64() - as enetstl_ctz32(), for a 64-bit word (64 if @x is 0). */
extern __u32 enetstl_ctz64(__u64 x) ENETSTL_KFUNC;

/**
 * enetstl_clz32() - count leading zero bits
 * @x: the word
 *
 * Return: number of zero bits above the highest set bit; 32 if @x is 0.
 */
extern __u32 enetstl_clz32(__u32 x) ENETSTL_KFUNC;
/** enetstl_clz64() - as enetstl_clz32(), for a 64-bit word (64 if @x is 0). */
extern __u32 enetstl_clz64(__u64 x) ENETSTL_KFUNC;

/**
 * enetstl_popcount32() - count set bits
 * @x: the word
 *
 * Return: the number of set bits in @x.
 */
extern __u32 enetstl_popcount32(__u32 x) ENETSTL_KFUNC;
/** enetstl_popcount64() - as enetstl_popcount32(), for a 64-bit word. */
extern __u32 enetstl_popcount64(__u64 x) ENETSTL_KFUNC;

/**
 * enetstl_bitmap_ffs() - find the first set bit at or after a position
 * @map: the bitmap: packet, map value or stack memory the verifier has
 *       checked for @map__sz bytes; bit i is bit (i % 8) of byte (i / 8),
 *       i.e. the layout of a little-endian __u64 array
 * @map__sz: bitmap size in bytes, 1..ENETSTL_BITMAP_MAX_BYTES
 * @start: first bit index to look at (0 for the first set bit)
 *
 * No alignment is required. Iterate with start = previous result + 1.
 *
 * Return: the bit index (>= @start), -ENOENT (-2) if no bit at or after
 * @start is set (including @start >= 8 * @map__sz), -EINVAL (-22) if
 * @map__sz is 0 or larger than ENETSTL_BITMAP_MAX_BYTES, or @map is NULL (an
 * unchecked map lookup result, which the verifier lets through as memory
 * before Linux 7.x; from 7.x it refuses the program instead).
 */
extern int enetstl_bitmap_ffs(const void *map, __u32 map__sz, __u32 start) ENETSTL_KFUNC;

#endif /* _ENETSTL_BITOPS_H */
