/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_common.h - what every network function example shares between its XDP
 * program and userspace (loader, tests): the flow key and packet counters.
 */
#ifndef _NF_COMMON_H
#define _NF_COMMON_H

#include <linux/types.h>

/*
 * The flow key of every NF: the 5-tuple in 40 bytes, addresses in full.
 * IPv4 addresses take the first 4 bytes of src/dst (as in the packet) and
 * the other 12 are 0; IPv6 addresses are the packet's 16 bytes. family (4 or
 * 6) keeps an IPv4 flow apart from an IPv6 one whose address happens to end
 * in 12 zero bytes. Ports are in network byte order; ICMP/ICMPv6 put the type
 * and code bytes in sport and the identifier bytes (offset 4) in dport; IPv4
 * non-first fragments have ports 0. No byte is left undefined (pad is 0), so
 * keys are hashed and compared as raw bytes.
 */
struct nf_key {
	__u32 src[4];
	__u32 dst[4];
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 family;	/* 4 or 6 */
	__u16 pad;	/* always 0 */
} __attribute__((aligned(8)));	/* compared as five __u64 words: clang 19 may
				 * otherwise put it on the stack 4-aligned,
				 * and XDP refuses misaligned stack access */

#define NF_KEY_SIZE	40
#define NF_KEY_WORDS	(NF_KEY_SIZE / 4)	/* 32-bit words */
#define NF_KEY_DWORDS	(NF_KEY_SIZE / 8)	/* 64-bit words */
_Static_assert(sizeof(struct nf_key) == NF_KEY_SIZE, "struct nf_key is 40 bytes");

/* Packet classes, as counted in struct nf_stats. */
enum nf_class {
	NF_FLOW = 0,	/* parsed: Ethernet, <= 2 VLAN tags, IPv4/IPv6, TCP/UDP/ICMP */
	NF_OTHER = 1,	/* anything else: passed untouched */
	NF_BAD = 2,	/* truncated or malformed headers: passed untouched */
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
