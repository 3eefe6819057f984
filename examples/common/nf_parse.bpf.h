/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_parse.bpf.h - what every NF's XDP program begins with: the packet
 * counters map and nf_begin(), which parses (nf_parse.h) and counts.
 */
#ifndef _NF_PARSE_BPF_H
#define _NF_PARSE_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "nf_parse.h"

/* The per-CPU counters every NF keeps. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct nf_stats);
} nf_stats SEC(".maps");

/*
 * nf_begin() - parse (enetstl_flow_parse_inline()), count the packet;
 * Return: the nf_stats entry of this CPU for an NF_FLOW packet (@k filled),
 * NULL for a packet to pass untouched.
 */
static __always_inline struct nf_stats *nf_begin(struct xdp_md *ctx, struct enetstl_flow_key *k)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct nf_stats *st;
	__u32 zero = 0;
	int c;

	st = bpf_map_lookup_elem(&nf_stats, &zero);
	if (!st)
		return NULL;
	c = enetstl_flow_parse_inline(data, end, k);
	return nf_count(st, c, k, end - data) ? st : NULL;
}

#endif
