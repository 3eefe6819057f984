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

#endif
