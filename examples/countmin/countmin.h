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
/* CRC-32C seed of cm_k*_crc_enetstl (enetstl_cm_crc_update()) */
#define CM_CRC_SEED 0xffffffffu

/*
 * The map value: the kfunc's header, then rows x CM_COLS __u32 counters, row
 * by row. The header is struct enetstl_cm_crc_hdr for cm_k*_crc_enetstl,
 * struct enetstl_cm_hdr for the others (the pure-eBPF ones keep it unused).
 */
static inline unsigned int cm_hdr_bytes(const char *flavor)
{
	int crc = flavor[0] == 'c' && flavor[1] == 'r' && flavor[2] == 'c' && !flavor[3];

	return crc ? sizeof(struct enetstl_cm_crc_hdr) : sizeof(struct enetstl_cm_hdr);
}

/* Heavy-hitter candidates: keys whose estimate reached hh_threshold. */
#define CM_HH_MAX 4096

/* struct nf_stats.nf[] of this NF */
#define CM_STAT_HH_NEW	0	/* keys added to the heavy-hitter table */
#define CM_STAT_ERR	1	/* kfunc errors (bad sketch header): never expected */

#endif
