/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_parse.h - the packet parser every NF example shares: Ethernet, up to
 * two VLAN tags (802.1Q / 802.1ad), IPv4 or IPv6, then TCP, UDP, ICMP or
 * ICMPv6. Fills a struct nf_key and classifies the packet (enum nf_class).
 * IPv6 extension headers are not walked: such packets are NF_OTHER.
 * Plain C: the XDP programs include it (nf_parse.bpf.h), and so does the
 * bench's kernel-C module (tests/bench/nfmod), which runs the same parser.
 */
#ifndef _NF_PARSE_H
#define _NF_PARSE_H

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include "nf_common.h"

#ifdef __KERNEL__
#define nf_htons(x)	htons(x)
#define NF_PARSE_UNROLL
#else
#include <bpf/bpf_endian.h>
#define nf_htons(x)	bpf_htons(x)
#define NF_PARSE_UNROLL	_Pragma("unroll")
#endif

#ifndef IPPROTO_ICMPV6
#define IPPROTO_ICMPV6 58
#endif

struct nf_vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/*
 * nf_parse() - classify a packet and fill @k for NF_FLOW
 * Return: an enum nf_class.
 */
static __always_inline int nf_parse(void *data, void *end, struct nf_key *k)
{
	struct ethhdr *eth = data;
	void *l4;
	__u16 proto;
	__u8 l4proto;
	int i, frag = 0;

	if ((void *)(eth + 1) > end)
		return NF_BAD;
	proto = eth->h_proto;
	l4 = eth + 1;
NF_PARSE_UNROLL
	for (i = 0; i < 2; i++) {
		struct nf_vlan_hdr *vh = l4;

		if (proto != nf_htons(ETH_P_8021Q) && proto != nf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > end)
			return NF_BAD;
		proto = vh->proto;
		l4 = vh + 1;
	}
	if (proto == nf_htons(ETH_P_IP)) {
		struct iphdr *ip = l4;

		if ((void *)(ip + 1) > end)
			return NF_BAD;
		if (ip->version != 4 || ip->ihl < 5)
			return NF_BAD;
		k->src[0] = ip->saddr;
		k->src[1] = k->src[2] = k->src[3] = 0;
		k->dst[0] = ip->daddr;
		k->dst[1] = k->dst[2] = k->dst[3] = 0;
		l4proto = ip->protocol;
		k->family = 4;
		frag = (ip->frag_off & nf_htons(0x1fff)) != 0;
		l4 = (void *)ip + ip->ihl * 4;
		if (l4 > end)
			return NF_BAD;
	} else if (proto == nf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l4;

		if ((void *)(ip6 + 1) > end)
			return NF_BAD;
		if (ip6->version != 6)
			return NF_BAD;
		__builtin_memcpy(k->src, &ip6->saddr, 16);
		__builtin_memcpy(k->dst, &ip6->daddr, 16);
		l4proto = ip6->nexthdr;
		k->family = 6;
		l4 = ip6 + 1;
	} else {
		return NF_OTHER;
	}
	k->proto = l4proto;
	k->pad = 0;
	k->sport = 0;
	k->dport = 0;
	if (l4proto == IPPROTO_TCP || l4proto == IPPROTO_UDP) {
		__u16 *ports = l4;

		if (frag)
			return NF_FLOW;
		/* TCP and UDP both start with the two ports; demand the whole header */
		if (l4 + (l4proto == IPPROTO_TCP ? 20 : 8) > end)
			return NF_BAD;
		k->sport = ports[0];
		k->dport = ports[1];
		return NF_FLOW;
	}
	if ((l4proto == IPPROTO_ICMP && k->family == 4) ||
	    (l4proto == IPPROTO_ICMPV6 && k->family == 6)) {
		__u8 *icmp = l4;

		if (frag)
			return NF_FLOW;
		if (l4 + 8 > end)
			return NF_BAD;
		k->sport = *(__u16 *)icmp;
		k->dport = *(__u16 *)(icmp + 4);
		return NF_FLOW;
	}
	return NF_OTHER;
}

/* nf_count() - count a packet of class @c in @st; Return: 1 for NF_FLOW. */
static __always_inline int nf_count(struct nf_stats *st, int c, const struct nf_key *k,
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
