/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ref_flow.h - reference flow-key parse, written from enetstl/flow.h's
 * kernel-doc alone: byte offsets, no protocol structs, no shared code with
 * the library, so that it checks enetstl_flow_parse() and
 * enetstl_flow_parse_inline() rather than repeats them.
 */
#ifndef _REF_FLOW_H
#define _REF_FLOW_H

#include <stdint.h>
#include <string.h>

enum { REF_FLOW_L4 = 0, REF_FLOW_OTHER = 1, REF_FLOW_BAD = 2 };

/* The 40 key bytes: src 0..15, dst 16..31, sport 32, dport 34, proto 36, family 37, pad 38. */
struct ref_flow_key {
	uint8_t b[40];
};

static inline unsigned int ref_be16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

/* Return: the class; @k holds the key for REF_FLOW_L4. */
static inline int ref_flow_parse(const uint8_t *f, size_t len, struct ref_flow_key *k)
{
	size_t off = 14, l4;
	unsigned int type, proto, tags = 0;
	int frag = 0, v6;

	memset(k, 0, sizeof(*k));
	if (len < 14)
		return REF_FLOW_BAD;
	type = ref_be16(f + 12);
	while ((type == 0x8100 || type == 0x88a8) && tags < 2) {
		if (len < off + 4)
			return REF_FLOW_BAD;
		type = ref_be16(f + off + 2);
		off += 4;
		tags++;
	}
	if (type == 0x0800) {
		unsigned int ihl;

		if (len < off + 20)
			return REF_FLOW_BAD;
		ihl = f[off] & 15;
		if (f[off] >> 4 != 4 || ihl < 5)
			return REF_FLOW_BAD;
		l4 = off + 4 * ihl;
		if (l4 > len)
			return REF_FLOW_BAD;
		memcpy(k->b, f + off + 12, 4);
		memcpy(k->b + 16, f + off + 16, 4);
		proto = f[off + 9];
		frag = (ref_be16(f + off + 6) & 0x1fff) != 0;
		v6 = 0;
	} else if (type == 0x86dd) {
		if (len < off + 40)
			return REF_FLOW_BAD;
		if (f[off] >> 4 != 6)
			return REF_FLOW_BAD;
		memcpy(k->b, f + off + 8, 16);
		memcpy(k->b + 16, f + off + 24, 16);
		proto = f[off + 6];
		l4 = off + 40;
		v6 = 1;
	} else {
		return REF_FLOW_OTHER;
	}
	k->b[36] = (uint8_t)proto;
	k->b[37] = v6 ? 6 : 4;
	if (proto == 6 || proto == 17) {
		if (frag)
			return REF_FLOW_L4;
		if (len < l4 + (proto == 6 ? 20 : 8))
			return REF_FLOW_BAD;
		memcpy(k->b + 32, f + l4, 4);
		return REF_FLOW_L4;
	}
	if ((proto == 1 && !v6) || (proto == 58 && v6)) {
		if (frag)
			return REF_FLOW_L4;
		if (len < l4 + 8)
			return REF_FLOW_BAD;
		memcpy(k->b + 32, f + l4, 2);
		memcpy(k->b + 34, f + l4 + 4, 2);
		return REF_FLOW_L4;
	}
	return REF_FLOW_OTHER;
}

/*
 * A random frame for the differential tests: 0-3 VLAN tags, an EtherType
 * among IPv4, IPv6, ARP and noise, IP headers with now and then a bad
 * version or IHL, options, fragments, protocols among TCP, UDP, ICMP,
 * ICMPv6, GRE and noise, random bytes elsewhere, and a length cut anywhere
 * (often inside the headers). @rnd returns 32 random bits.
 * Return: the frame's length (<= @cap, which must be >= 128).
 */
static inline size_t ref_flow_random_frame(uint8_t *f, size_t cap, uint32_t (*rnd)(void))
{
	static const unsigned int types[] = { 0x0800, 0x0800, 0x86dd, 0x86dd, 0x0806, 0x1234 };
	static const uint8_t protos[] = { 6, 17, 1, 58, 6, 17, 47, 0 };
	size_t off = 12, full;
	unsigned int tags = rnd() % 4, i;
	unsigned int type = types[rnd() % 6];

	for (i = 0; i < cap; i++)
		f[i] = (uint8_t)rnd();
	for (i = 0; i < tags; i++) {
		unsigned int tpid = rnd() % 2 ? 0x8100 : 0x88a8;

		f[off] = tpid >> 8;
		f[off + 1] = tpid & 0xff;
		off += 4;
	}
	f[off] = type >> 8;
	f[off + 1] = type & 0xff;
	off += 2;
	if (type == 0x0800) {
		unsigned int ihl = rnd() % 8 ? 5 + rnd() % 3 : rnd() % 16;

		f[off] = (rnd() % 8 ? 4 : rnd() % 16) << 4 | ihl;
		if (rnd() % 2)
			f[off + 6] &= 0xe0;	/* mostly unfragmented */
		if (rnd() % 2)
			f[off + 7] = 0;
		f[off + 9] = protos[rnd() % 8];
		full = off + 4 * (ihl < 5 ? 5 : ihl) + 20;
	} else {
		f[off] = (rnd() % 8 ? 6 : rnd() % 16) << 4 | (f[off] & 15);
		f[off + 6] = protos[rnd() % 8];
		full = off + 40 + 20;
	}
	if (full > cap)
		full = cap;
	/* a third of the frames cut short: anywhere from 0 bytes to the full headers */
	return rnd() % 3 ? full + rnd() % (cap - full + 1) : rnd() % (full + 1);
}

#endif /* _REF_FLOW_H */
