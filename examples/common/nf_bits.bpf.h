/* SPDX-License-Identifier: GPL-2.0 */
/* nf_bits.bpf.h - bit scans in pure eBPF (the ISA has none). */
#ifndef _NF_BITS_BPF_H
#define _NF_BITS_BPF_H

#include <linux/types.h>

/*
 * nf_ctz64() - 0-based index of the lowest set bit of a non-zero word:
 * branchless binary search; ((x & m) - 1) >> 63 is 1 exactly when x & m is 0.
 */
static __always_inline __u32 nf_ctz64(__u64 x)
{
	__u64 z;
	__u32 n = 0;

	z = ((x & 0xffffffffull) - 1) >> 63; n += z << 5; x >>= z << 5;
	z = ((x & 0xffff) - 1) >> 63; n += z << 4; x >>= z << 4;
	z = ((x & 0xff) - 1) >> 63; n += z << 3; x >>= z << 3;
	z = ((x & 0xf) - 1) >> 63; n += z << 2; x >>= z << 2;
	z = ((x & 0x3) - 1) >> 63; n += z << 1; x >>= z << 1;
	n += ((x & 0x1) - 1) >> 63;
	return n;
}

/*
 * nf_ctz64_debruijn() - the same, by multiplication: x & -x isolates the
 * lowest set bit; times the de Bruijn sequence 0x022fdd63cc95386d, its top
 * 6 bits are distinct for each of the 64 positions and index a 64-byte table.
 */
static const __u8 nf_debruijn64[64] = {
	0, 1, 2, 53, 3, 7, 54, 27, 4, 38, 41, 8, 34, 55, 48, 28,
	62, 5, 39, 46, 44, 42, 22, 9, 24, 35, 59, 56, 49, 18, 29, 11,
	63, 52, 6, 26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10,
	51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
};

static __always_inline __u32 nf_ctz64_debruijn(__u64 x)
{
	return nf_debruijn64[((x & -x) * 0x022fdd63cc95386dull) >> 58];
}

#endif
