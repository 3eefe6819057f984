/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nitrosketch.h - NitroSketch NF, shared by nitrosketch.bpf.c and userspace:
 * a count-min-shaped array of NF_ROWS x NS_COLS counters where each row of
 * each packet is updated only with probability p = 1/p_inv, by p_inv (an
 * unbiased estimate; the loader reports the median over the rows).
 */
#ifndef _NITROSKETCH_H
#define _NITROSKETCH_H

#include <linux/types.h>

#ifndef NS_COLS
#define NS_COLS 512
#endif
#define NS_MAX_ROWS 8
/* CRC-32C seed of ns_k*_crc_enetstl: CM_CRC_SEED, so the rows are count-min's */
#define NS_CRC_SEED 0xffffffffu

/* struct nf_stats.nf[] of this NF */
#define NS_STAT_SAMPLED	0	/* row updates made (sampled (packet, row) pairs) */
#define NS_STAT_ERR	1	/* sampler errors: never expected */

#endif
