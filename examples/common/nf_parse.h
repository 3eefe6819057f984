/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_parse.h - what every NF example does with a packet first: parse it with
 * the library's enetstl_flow_parse_inline() (enetstl/flow.h: Ethernet, up
 * to two VLAN tags, IPv4 or IPv6, TCP, UDP, ICMP or ICMPv6, into the flow
 * key; eBPF code in the program, no kfunc), then count it. Plain C: the XDP
 * programs include it (nf_parse.bpf.h), and so does the bench's kernel-C
 * module (tests/bench/nfmod), which runs the same parse.
 */
#ifndef _NF_PARSE_H
#define _NF_PARSE_H

#include "nf_common.h"

/* nf_count() - count a packet of class @c in @st; Return: 1 for NF_FLOW. */
static __always_inline int nf_count(struct nf_stats *st, int c, const struct enetstl_flow_key *k,
				    __u64 bytes)
{
	st->packets++;
	if (c == NF_OTHER) {
		st->other++;
		return 0;
	}
	if (c != NF_FLOW) {
		st->bad++;
		return 0;
	}
	if (k->family == 4)
		st->flows4++;
	else
		st->flows6++;
	st->bytes += bytes;
	return 1;
}

#endif
