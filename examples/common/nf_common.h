/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_common.h - what every network function example shares between its XDP
 * program and userspace (loader, tests): the flow key and packet counters.
 */
#ifndef _NF_COMMON_H
#define _NF_COMMON_H

#include <linux/types.h>
#include <enetstl/flow.h>

/*
 * The flow key of every NF is the library's (enetstl/flow.h): the 5-tuple
 * in 40 bytes, addresses in full, the family, no byte undefined.
 */
#define NF_KEY_SIZE	ENETSTL_FLOW_KEY_SIZE
#define NF_KEY_WORDS	(NF_KEY_SIZE / 4)	/* 32-bit words */
#define NF_KEY_DWORDS	(NF_KEY_SIZE / 8)	/* 64-bit words */
_Static_assert(sizeof(struct enetstl_flow_key) == NF_KEY_SIZE,
	       "struct enetstl_flow_key is 40 bytes");

/* Packet classes, as counted in struct nf_stats: enetstl_flow_parse_inline()'s. */
enum nf_class {
	NF_FLOW = ENETSTL_FLOW_L4,	/* parsed: a flow packet */
	NF_OTHER = ENETSTL_FLOW_OTHER,	/* anything else: passed untouched */
	NF_BAD = ENETSTL_FLOW_BAD,	/* truncated or malformed headers: passed untouched */
};

/* Per-CPU packet counters of every NF (the loader sums the CPUs). */
struct nf_stats {
	__u64 packets;		/* all packets seen */
	__u64 flows4;		/* NF_FLOW, IPv4 */
	__u64 flows6;		/* NF_FLOW, IPv6 */
	__u64 other;		/* NF_OTHER */
	__u64 bad;		/* NF_BAD */
	__u64 bytes;		/* bytes of NF_FLOW packets */
	__u64 nf[4];		/* NF-specific counters (see each NF's header) */
};

#define NF_STATS_MAP	"nf_stats"

#endif
