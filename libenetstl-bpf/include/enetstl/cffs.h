/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/cffs.h - cFFS priority queue (Saeed et al., "Eiffel: Efficient and
 * Flexible Software Packet Scheduling", NSDI 2019): 4096 ranks, a count per
 * rank and a two-level bitmap, kept by the program in its own memory (a
 * per-CPU array value); one call to queue at a rank, one to take the lowest
 * rank queued, one for both (a queue kept at its length). General registers
 * only (bit scans), no FPU section.
 */
#ifndef _ENETSTL_CFFS_H
#define _ENETSTL_CFFS_H

#include <enetstl/kfunc.h>

/** ENETSTL_CFFS_RANKS - ranks of a queue: 64 x 64. */
#define ENETSTL_CFFS_RANKS 4096

/**
 * struct enetstl_cffs - a cFFS queue (16904 bytes; all zero is empty)
 * @l0: bit w set: @l1[w] is not 0
 * @l1: bit r % 64 of @l1[r / 64] set: rank r is queued (@count[r] is not 0)
 * @count: how many are queued at each rank
 *
 * The kfuncs keep the three consistent. A program may read the queue, and
 * may write it (to empty it, or to restore one): the kfuncs never read or
 * write outside it whatever it holds, and the results of inconsistent
 * contents are stated below. Not for two CPUs at once: keep one per CPU.
 */
struct enetstl_cffs {
	__u64 l0;
	__u64 l1[ENETSTL_CFFS_RANKS / 64];
	__u32 count[ENETSTL_CFFS_RANKS];
};

/**
 * enetstl_cffs_push() - queue one at a rank
 * @q: the queue: writable map value memory of its size, which the verifier
 *     checks (it is too large for the stack)
 * @rank: 0..ENETSTL_CFFS_RANKS - 1
 *
 * @count[@rank] is incremented, bit @rank % 64 of @l1[@rank / 64] and bit
 * @rank / 64 of @l0 are set.
 *
 * Return: 0; -EINVAL (-22) for a rank out of range or a NULL @q,
 * -EOVERFLOW (-75) if @count[@rank] is already 2^32 - 1. Nothing is changed
 * on an error.
 */
extern int enetstl_cffs_push(struct enetstl_cffs *q, __u32 rank) ENETSTL_KFUNC;

/**
 * enetstl_cffs_pop_min() - take one from the lowest rank queued
 * @q: as for enetstl_cffs_push()
 *
 * w = the lowest set bit of @l0, r = 64 w + the lowest set bit of @l1[w]:
 * the lowest rank queued. @count[r] is decremented; when it reaches 0, the
 * rank's @l1 bit is cleared, and when @l1[w] becomes 0, bit w of @l0.
 * Inconsistent contents (only a program writing the queue makes them): a
 * rank whose bit is set with @count[r] 0 is returned and its bit cleared, as
 * if its count had been 1; a set bit w of @l0 over an @l1[w] of 0 is
 * cleared and -EINVAL returned.
 *
 * Return: the rank (0..ENETSTL_CFFS_RANKS - 1), -ENOENT (-2) if @l0 is 0
 * (empty), -EINVAL (-22) for a NULL @q or the inconsistency above.
 */
extern int enetstl_cffs_pop_min(struct enetstl_cffs *q) ENETSTL_KFUNC;

/**
 * enetstl_cffs_push_pop_min() - queue one at a rank and take one from the
 * lowest rank, in one call
 * @q: as for enetstl_cffs_push()
 * @rank: 0..ENETSTL_CFFS_RANKS - 1
 *
 * What enetstl_cffs_push(@q, @rank) then enetstl_cffs_pop_min(@q) do, for
 * a queue that stays at its length (heapq's pushpop): with r the lowest
 * rank queued (as enetstl_cffs_pop_min() finds it), if the queue is empty
 * or @rank <= r, nothing changes and @rank is returned (it would be queued
 * and taken again); otherwise one is taken from r exactly as
 * enetstl_cffs_pop_min() takes it, one is queued at @rank exactly as
 * enetstl_cffs_push() queues it, and r is returned.
 *
 * Return: the rank taken (0..ENETSTL_CFFS_RANKS - 1); -EINVAL (-22) for a
 * rank out of range or a NULL @q (nothing changed), or for an @l0 bit over
 * an @l1 word of 0 (that bit cleared, as enetstl_cffs_pop_min() does, and
 * nothing queued); -EOVERFLOW (-75) if @count[@rank] is full and @rank is
 * above r (nothing changed).
 */
extern int enetstl_cffs_push_pop_min(struct enetstl_cffs *q, __u32 rank) ENETSTL_KFUNC;

#endif /* _ENETSTL_CFFS_H */
