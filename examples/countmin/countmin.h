/* SPDX-License-Identifier: GPL-2.0 */
/*
 * countmin.h - the count-min sketch NF, shared by countmin.bpf.c and
 * userspace. The sketch is a per-CPU map value (no atomics on the packet
 * path); a count-min sketch is linear, so the sum of the CPUs' sketches is
 * exactly the sketch of all packets.
 */
#ifndef _COUNTMIN_H
#define _COUNTMIN_H

#include <linux/types.h>
#include <enetstl/hash.h>

/* Counters per row: a power of two, so that the per-CPU value stays < 32 KiB. */
#ifndef CM_COLS_LOG
#define CM_COLS_LOG 9
#endif
#define CM_COLS (1u << CM_COLS_LOG)
#define CM_MAX_ROWS 8

/* The map value: enetstl_cm_update()'s layout, the eBPF variant uses the same. */
struct cm_sketch_hdr {
	struct enetstl_cm_hdr hdr;
	/* followed by rows x CM_COLS __u32 counters, row by row */
};

/* Heavy-hitter candidates: keys whose estimate reached hh_threshold. */
#define CM_HH_MAX 4096

/* struct nf_stats.nf[] of this NF */
#define CM_STAT_HH_NEW	0	/* keys added to the heavy-hitter table */
#define CM_STAT_ERR	1	/* kfunc errors (bad sketch header): never expected */

#endif
