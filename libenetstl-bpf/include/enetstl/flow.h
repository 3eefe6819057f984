/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/flow.h - a packet's flow key: the 5-tuple parse every network
 * function begins with, compiled natively in the module (one kfunc call from
 * XDP) or inline in the program (the same rules, in eBPF).
 */
#ifndef _ENETSTL_FLOW_H
#define _ENETSTL_FLOW_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <enetstl/kfunc.h>

/**
 * struct enetstl_flow_key - a flow's 5-tuple in 40 bytes, addresses in full
 * @src: source address: IPv4 in src[0] as in the packet (network byte
 *       order), src[1..3] = 0; IPv6 the packet's 16 bytes
 * @dst: destination address, as @src
 * @sport: TCP/UDP source port as in the packet (network byte order);
 *         ICMP/ICMPv6: the header's bytes 0-1 (type, code); 0 for an IPv4
 *         non-first fragment
 * @dport: TCP/UDP destination port; ICMP/ICMPv6: bytes 4-5 (the
 *         identifier); 0 for an IPv4 non-first fragment
 * @proto: the IPv4 protocol or IPv6 next header
 * @family: 4 or 6: an IPv4 flow never equals an IPv6 flow whose addresses
 *          happen to end in 12 zero bytes
 * @pad: always 0
 *
 * No byte is left undefined, so keys are hashed and compared as raw bytes
 * (enetstl_crc32c(), enetstl_key_eq() with 40 bytes).
 */
struct enetstl_flow_key {
	__u32 src[4];
	__u32 dst[4];
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 family;
	__u16 pad;
} __attribute__((aligned(8)));	/* five __u64 words; XDP refuses misaligned stack access */

/** ENETSTL_FLOW_KEY_SIZE - sizeof(struct enetstl_flow_key). */
#define ENETSTL_FLOW_KEY_SIZE 40

/**
 * enum enetstl_flow_class - what enetstl_flow_parse() found
 * @ENETSTL_FLOW_L4: a flow packet: @key is filled
 * @ENETSTL_FLOW_OTHER: not a flow packet of these rules (ARP, GRE, IPv6
 *                      extension headers, a third VLAN tag...)
 * @ENETSTL_FLOW_BAD: truncated or malformed headers
 *
 * For ENETSTL_FLOW_OTHER and ENETSTL_FLOW_BAD the key's contents are
 * unspecified (partly written).
 */
enum enetstl_flow_class {
	ENETSTL_FLOW_L4 = 0,
	ENETSTL_FLOW_OTHER = 1,
	ENETSTL_FLOW_BAD = 2,
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ENETSTL_FLOW_BE16(x)	((__u16)__builtin_bswap16(x))
#else
#define ENETSTL_FLOW_BE16(x)	((__u16)(x))
#endif

/**
 * enetstl_flow_parse_inline() - the parse, as code in the caller
 * @data: the frame's first byte (XDP: ctx->data)
 * @end: one past its last (XDP: ctx->data_end)
 * @k: the key to fill
 *
 * The rules of enetstl_flow_parse(), which runs this very function in the
 * module. In a BPF program the verifier accepts it as is (every read is
 * bounds-checked against @end first); for programs that must load without
 * the module, and for userspace models.
 *
 * Return: an enum enetstl_flow_class.
 */
static __always_inline int enetstl_flow_parse_inline(void *data, void *end,
						     struct enetstl_flow_key *k)
{
	struct ethhdr *eth = data;
	__u16 proto;
	__u8 l4proto;
	void *l4;
	int i, frag = 0;

	if ((void *)(eth + 1) > end)
		return ENETSTL_FLOW_BAD;
	proto = eth->h_proto;
	l4 = eth + 1;
#ifdef __clang__
#pragma unroll
#endif
	for (i = 0; i < 2; i++) {
		__be16 *tag = l4;	/* TCI, then the encapsulated EtherType */

		if (proto != ENETSTL_FLOW_BE16(ETH_P_8021Q) &&
		    proto != ENETSTL_FLOW_BE16(ETH_P_8021AD))
			break;
		if ((void *)(tag + 2) > end)
			return ENETSTL_FLOW_BAD;
		proto = tag[1];
		l4 = tag + 2;
	}
	if (proto == ENETSTL_FLOW_BE16(ETH_P_IP)) {
		struct iphdr *ip = l4;

		if ((void *)(ip + 1) > end)
			return ENETSTL_FLOW_BAD;
		if (ip->version != 4 || ip->ihl < 5)
			return ENETSTL_FLOW_BAD;
		k->src[0] = ip->saddr;
		k->src[1] = k->src[2] = k->src[3] = 0;
		k->dst[0] = ip->daddr;
		k->dst[1] = k->dst[2] = k->dst[3] = 0;
		l4proto = ip->protocol;
		k->family = 4;
		frag = (ip->frag_off & ENETSTL_FLOW_BE16(0x1fff)) != 0;
		l4 = (void *)ip + ip->ihl * 4;
		if (l4 > end)
			return ENETSTL_FLOW_BAD;
	} else if (proto == ENETSTL_FLOW_BE16(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l4;

		if ((void *)(ip6 + 1) > end)
			return ENETSTL_FLOW_BAD;
		if (ip6->version != 6)
			return ENETSTL_FLOW_BAD;
		__builtin_memcpy(k->src, &ip6->saddr, 16);
		__builtin_memcpy(k->dst, &ip6->daddr, 16);
		l4proto = ip6->nexthdr;
		k->family = 6;
		l4 = ip6 + 1;
	} else {
		return ENETSTL_FLOW_OTHER;
	}
	k->proto = l4proto;
	k->pad = 0;
	k->sport = 0;
	k->dport = 0;
	/*
	 * Protocol numbers, not IPPROTO_*: <linux/in.h> would clash with
	 * glibc's <netinet/in.h> in userspace code that includes this header.
	 */
	if (l4proto == 6 /* TCP */ || l4proto == 17 /* UDP */) {
		__u16 *ports = l4;

		if (frag)
			return ENETSTL_FLOW_L4;
		/* TCP and UDP both start with the two ports; demand the whole header */
		if (l4 + (l4proto == 6 ? 20 : 8) > end)
			return ENETSTL_FLOW_BAD;
		k->sport = ports[0];
		k->dport = ports[1];
		return ENETSTL_FLOW_L4;
	}
	if ((l4proto == 1 /* ICMP */ && k->family == 4) ||
	    (l4proto == 58 /* ICMPv6 */ && k->family == 6)) {
		__u16 *icmp = l4;

		if (frag)
			return ENETSTL_FLOW_L4;
		if (l4 + 8 > end)
			return ENETSTL_FLOW_BAD;
		k->sport = icmp[0];
		k->dport = icmp[2];
		return ENETSTL_FLOW_L4;
	}
	return ENETSTL_FLOW_OTHER;
}

/**
 * enetstl_flow_parse() - classify an XDP frame and fill its flow key
 * @ctx: the XDP program's own context (XDP programs only)
 * @key: the key to fill: stack or map value memory of 40 bytes, initialised
 *       (the verifier demands it; e.g. `struct enetstl_flow_key k = {};`)
 *
 * Reads the frame's linear part (ctx->data .. ctx->data_end), never beyond
 * (a multi-buffer frame whose headers go on in a fragment is
 * ENETSTL_FLOW_BAD):
 *  - Ethernet II (14 bytes), then up to two VLAN tags (EtherType 0x8100 or
 *    0x88a8, 4 bytes each); a third tag is ENETSTL_FLOW_OTHER.
 *  - IPv4 (EtherType 0x0800): 20 bytes, version 4 and IHL >= 5, and the
 *    IHL * 4 bytes of the header within the frame, else ENETSTL_FLOW_BAD.
 *    A non-first fragment (fragment offset != 0) is a flow packet with
 *    ports 0; the first fragment is parsed as any packet.
 *  - IPv6 (0x86dd): 40 bytes and version 6, else ENETSTL_FLOW_BAD. The next
 *    header is the protocol: extension headers are not walked.
 *  - Any other EtherType: ENETSTL_FLOW_OTHER.
 *  - TCP (6): the 20-byte header within the frame; UDP (17): 8 bytes;
 *    ICMP (1, IPv4 only) and ICMPv6 (58, IPv6 only): 8 bytes; else
 *    ENETSTL_FLOW_BAD. Any other protocol: ENETSTL_FLOW_OTHER.
 * Lengths in the IP headers (total length, payload length) are not checked
 * against the frame. enetstl_flow_parse_inline() is the same code.
 *
 * Return: an enum enetstl_flow_class (0, 1 or 2), or -EINVAL (-22) for a
 * NULL @key (a map value that may be NULL: 6.x verifiers let it through,
 * 7.x refuses the program); then nothing is read or written.
 */
extern int enetstl_flow_parse(struct xdp_md *ctx, struct enetstl_flow_key *key) ENETSTL_KFUNC;

#endif /* _ENETSTL_FLOW_H */
