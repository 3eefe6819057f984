/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_trace.h - synthetic packet traces for the NF examples (loader replay,
 * oracle tests, benchmark): Zipf-distributed flow sizes over IPv4 and IPv6
 * TCP/UDP/ICMP flows, VLAN tags, plus packets every NF must pass untouched
 * (ARP, GRE, IPv6 extension headers) and truncated or malformed ones. The
 * generator records each packet's class and flow key from its own flow
 * table, not by parsing, so it is an independent oracle for the parser.
 */
#ifndef _NF_TRACE_H
#define _NF_TRACE_H

#include <stdint.h>
#include "nf_common.h"

#define NF_TRACE_MAX_PKT 192

struct nf_trace_opts {
	uint32_t packets;	/* total packets */
	uint32_t flows;		/* distinct flows the flow packets come from */
	double zipf_s;		/* Zipf exponent of the flow sizes (e.g. 1.1) */
	uint32_t noise_pct;	/* percent of packets that are not flow packets */
	uint64_t seed;
};

struct nf_trace {
	uint32_t n;			/* packets */
	uint8_t (*pkt)[NF_TRACE_MAX_PKT];
	uint16_t *len;
	uint8_t *cls;			/* enum nf_class */
	int32_t *flow;			/* index into flows[] for NF_FLOW, else -1 */
	uint32_t nflows;
	struct enetstl_flow_key *flows;		/* the flow keys */
	uint32_t *flow_pkts;		/* packets per flow */
	int32_t *fold_twin;		/* per flow: the earlier flow whose IPv6
					 * addresses have the same XOR of their
					 * words (the first, 16-byte flow key
					 * merged the two), or -1 */
	uint64_t count[3];		/* packets per class */
	uint64_t v4, v6, flow_bytes;	/* NF_FLOW packets by family, their bytes */
};

/* nf_trace_gen() - generate a trace; Return: 0 or -ENOMEM. */
int nf_trace_gen(struct nf_trace *t, const struct nf_trace_opts *o);
void nf_trace_free(struct nf_trace *t);

/* Key format: "proto src:sport dst:dport/family" */
void nf_key_str(const struct enetstl_flow_key *k, char *buf, unsigned int size);

#endif
