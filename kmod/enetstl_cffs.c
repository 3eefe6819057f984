// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_cffs.c - the cFFS priority queue of enetstl/cffs.h: queue at a
 * rank, take the lowest. Bit scans on general registers, no FPU section.
 */
#include <linux/kernel.h>
#include <linux/bitops.h>

#include <enetstl/cffs.h>
#include "enetstl_compat.h"

__bpf_kfunc_start_defs();

__bpf_kfunc int enetstl_cffs_push(struct enetstl_cffs *q, u32 rank)
{
	u32 w = rank / 64;

	/* up to 6.x the verifier lets an unchecked map value through with its size */
	if (unlikely(!q) || rank >= ENETSTL_CFFS_RANKS)
		return -EINVAL;
	if (unlikely(q->count[rank] == U32_MAX))
		return -EOVERFLOW;
	q->count[rank]++;
	q->l1[w] |= 1ull << (rank % 64);
	q->l0 |= 1ull << w;
	return 0;
}

__bpf_kfunc int enetstl_cffs_pop_min(struct enetstl_cffs *q)
{
	u64 l0, l1;
	u32 w, r;

	if (unlikely(!q))
		return -EINVAL;
	l0 = q->l0;
	if (!l0)
		return -ENOENT;
	w = __ffs64(l0);
	l1 = q->l1[w];
	if (unlikely(!l1)) {	/* only a program writing the queue does this */
		q->l0 = l0 & ~(1ull << w);
		return -EINVAL;
	}
	r = w * 64 + __ffs64(l1);
	/* a count of 0 under a set bit (a program's write) is taken as 1 */
	if (q->count[r] > 1) {
		q->count[r]--;
		return r;
	}
	q->count[r] = 0;
	l1 &= l1 - 1;	/* the lowest bit, r's */
	q->l1[w] = l1;
	if (!l1)
		q->l0 = l0 & (l0 - 1);	/* the lowest bit, w's */
	return r;
}

__bpf_kfunc_end_defs();

static_assert(sizeof(struct enetstl_cffs) == 16904);
