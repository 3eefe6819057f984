/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cffs.h - cFFS-style priority queue for scheduling decisions, shared by
 * cffs.bpf.c and userspace. CF_RANKS = 64 x 64 priority levels, a packet
 * count per level, and a two-level bitmap: bit w of l0 says word w of l1 is
 * non-zero, bit r % 64 of l1[r / 64] says level r holds packets. Each packet
 * is enqueued at its flow's rank (cf_rank()); while more than `qlen`
 * (.rodata) packets are queued, the lowest rank is dequeued: found with two
 * find-first-set scans. XDP cannot hold packets, so the queue holds counts
 * and the NF reports its decisions (a running hash of the dequeued ranks).
 */
#ifndef _CFFS_H
#define _CFFS_H

#include <linux/types.h>
#include "nf_common.h"

#define CF_RANKS	4096

/*
 * The per-CPU scheduler state (a per-CPU array value). Its first three
 * members are laid out as enetstl/cffs.h's struct enetstl_cffs, which
 * cffs_queue_enetstl hands to the library.
 */
struct cf_state {
	__u64 l0;
	__u64 l1[CF_RANKS / 64];
	__u32 count[CF_RANKS];
	__u32 queued;
	__u32 pad;
	__u64 dequeued;
	__u64 rank_sum;		/* of the dequeued ranks */
	__u64 decisions;	/* decisions = decisions * 31 + rank, per dequeue */
};

/* The rank of a flow: a priority class from its ports and protocol. */
static inline __u32 cf_rank(const struct enetstl_flow_key *k)
{
	return ((__u32)k->sport * 7 + (__u32)k->dport * 13 + k->proto) & (CF_RANKS - 1);
}

#endif
