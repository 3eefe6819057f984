// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_cffs.c - the cFFS priority queue of enetstl/cffs.h: queue at a
 * rank, take the lowest, or both in one call. Bit scans on general
 * registers, no FPU section.
 */
#include <linux/kernel.h>
#include <linux/bitops.h>

#include <enetstl/cffs.h>
#include "enetstl_compat.h"

/* One more at @rank (checked, count not full): its count and both bits. */
static __always_inline void enetstl_cffs_add(struct enetstl_cffs *q, u32 rank)
{
	q->count[rank]++;
	q->l1[rank / 64] |= 1ull << (rank % 64);
	q->l0 |= 1ull << (rank / 64);
}

/*
 * The lowest rank queued, from @l0 (not 0): its word in *@w, the word's
 * bits in *@l1; -EINVAL, with l0's bit cleared, if that word is 0.
 */
static __always_inline int enetstl_cffs_min(struct enetstl_cffs *q, u64 l0, u32 *w, u64 *l1)
{
	*w = __ffs64(l0);
	*l1 = q->l1[*w];
	if (unlikely(!*l1)) {	/* only a program writing the queue does this */
		q->l0 = l0 & ~(1ull << *w);
		return -EINVAL;
	}
	return *w * 64 + __ffs64(*l1);
}

/*
 * One less at @r, the lowest rank (word @w's lowest bit; @l1 the word, @l0
 * the summary as they are now); a count of 0 under a set bit (a program's
 * write) is taken as 1.
 */
static __always_inline void enetstl_cffs_take(struct enetstl_cffs *q, u32 r, u32 w, u64 l1,
					      u64 l0)
{
	if (q->count[r] > 1) {
		q->count[r]--;
		return;
	}
	q->count[r] = 0;
	l1 &= l1 - 1;	/* the lowest bit, r's */
	q->l1[w] = l1;
	if (!l1)
		q->l0 = l0 & ~(1ull << w);
}

__bpf_kfunc_start_defs();

__bpf_kfunc int enetstl_cffs_push(struct enetstl_cffs *q, u32 rank)
{
	/* up to 6.x the verifier lets an unchecked map value through with its size */
	if (unlikely(!q) || rank >= ENETSTL_CFFS_RANKS)
		return -EINVAL;
	if (unlikely(q->count[rank] == U32_MAX))
		return -EOVERFLOW;
	enetstl_cffs_add(q, rank);
	return 0;
}

__bpf_kfunc int enetstl_cffs_pop_min(struct enetstl_cffs *q)
{
	u64 l0, l1;
	u32 w;
	int r;

	if (unlikely(!q))
		return -EINVAL;
	l0 = q->l0;
	if (!l0)
		return -ENOENT;
	r = enetstl_cffs_min(q, l0, &w, &l1);
	if (r >= 0)
		enetstl_cffs_take(q, r, w, l1, l0);
	return r;
}

__bpf_kfunc int enetstl_cffs_push_pop_min(struct enetstl_cffs *q, u32 rank)
{
	u64 l0, l1;
	u32 w;
	int r;

	if (unlikely(!q) || rank >= ENETSTL_CFFS_RANKS)
		return -EINVAL;
	l0 = q->l0;
	if (!l0)
		return rank;
	r = enetstl_cffs_min(q, l0, &w, &l1);
	if (r < 0)
		return r;
	if (rank <= (u32)r)	/* it would be queued and taken again */
		return rank;
	if (unlikely(q->count[rank] == U32_MAX))
		return -EOVERFLOW;
	/* r first: @rank is above it, so r stays the lowest */
	enetstl_cffs_take(q, r, w, l1, l0);
	enetstl_cffs_add(q, rank);
	return r;
}

__bpf_kfunc_end_defs();

static_assert(sizeof(struct enetstl_cffs) == 16904);
