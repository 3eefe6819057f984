/* SPDX-License-Identifier: GPL-2.0 */
/*
 * carousel.h - Carousel-style timing wheel (Saeed et al., SIGCOMM 2017),
 * shared by carousel.bpf.c and userspace.
 *
 * Every packet gets a departure time: its arrival tick plus its flow's
 * pacing delay (cr_delay(), 1..CR_HORIZON ticks; one tick per packet, so
 * the NF is deterministic and testable). A descriptor (departure tick, flow
 * id) goes into wheel slot departure % CR_SLOTS. The wheel's cursor then
 * releases, in order, every descriptor whose time has come, taking at most
 * `drain` (.rodata, default CR_DRAIN) steps per packet: a step releases one
 * descriptor or moves to the next slot. XDP cannot hold packets, so the wheel holds their
 * descriptors and the NF reports what it released, in order (a running
 * hash) and how late (sum of ticks past the departure time).
 *
 * Variants from one body: the eNetSTL one keeps the slots as list
 * buckets (enetstl/list.h: CR_SLOTS FIFO lists sharing CR_MAX_ELEMS
 * elements), its `wheel` flavor the library's whole wheel
 * (enetstl/wheel.h, the same slots and capacity: one call a packet); pure
 * eBPF has no lists on 6.1 (no bpf_obj_new/bpf_list_* before about 6.8
 * for XDP) and no allocation, so each slot is a fixed ring
 * of CR_RING descriptors and a slot that fills up drops; on 6.12 and later
 * pure eBPF can keep the same lists in the kernel's BPF lists (the `list`
 * flavor), each slot under its own bpf_spin_lock, descriptors recycled
 * through a per-CPU pool list.
 */
#ifndef _CAROUSEL_H
#define _CAROUSEL_H

#include <linux/types.h>
#include "nf_common.h"

#define CR_SLOTS	256	/* wheel slots, a power of 2 */
#define CR_HORIZON	200	/* longest pacing delay, ticks (< CR_SLOTS) */
#define CR_DRAIN	4	/* wheel steps per packet, default (.rodata drain) */
#define CR_DRAIN_MAX	16
#define CR_RING		8	/* pure eBPF: descriptors per slot (a per-CPU value is at most 32 KiB) */
#define CR_MAX_ELEMS	4096	/* lists: descriptors in all slots together */
#define CR_LIST_CPUS	64	/* BPF lists: CPUs the object is built for */

/* NF-specific counters (struct nf_stats.nf[]). */
#define CR_STAT_QUEUED	0	/* descriptors put on the wheel */
#define CR_STAT_RELEASED 1	/* descriptors released */
#define CR_STAT_DROPPED	2	/* wheel full: descriptor not queued */
#define CR_STAT_ERR	3	/* the wheel could not be reached */

/* A packet's descriptor on the wheel. */
struct cr_elem {
	__u32 ts;	/* departure tick */
	__u32 flow;	/* flow id: cr_flow() */
};

/* Per-CPU wheel clock and results (a per-CPU array value). */
struct cr_state {
	__u32 now;		/* ticks so far: one per flow packet */
	__u32 cursor;		/* the slot tick being released */
	__u64 queued;		/* descriptors on the wheel now */
	__u64 released;
	__u64 dropped;
	__u64 late_sum;		/* sum of (release tick - departure tick) */
	__u64 order;		/* order = order * 31 + (ts ^ flow), per release */
};

static inline __u32 cr_flow(const struct enetstl_flow_key *k)
{
	__u32 s = k->src[0] ^ k->src[1] ^ k->src[2] ^ k->src[3];
	__u32 d = k->dst[0] ^ k->dst[1] ^ k->dst[2] ^ k->dst[3];
	__u32 h = s ^ (d * 0x9e3779b1u) ^ ((__u32)k->sport << 16 | k->dport) ^
		  ((__u32)k->proto << 8 | k->family);

	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h;
}

/* A flow's pacing delay: 1..CR_HORIZON ticks. */
static inline __u32 cr_delay(__u32 flow)
{
	return 1 + (__u32)(((__u64)flow * CR_HORIZON) >> 32);
}

#endif
