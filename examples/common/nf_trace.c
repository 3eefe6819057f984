// SPDX-License-Identifier: GPL-2.0
/* nf_trace.c - synthetic traces for the NF examples (see nf_trace.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nf_trace.h"

struct gen_flow {
	uint8_t family, proto, vlans;
	uint8_t src6[16], dst6[16];
	uint32_t src4, dst4;
	uint16_t sport, dport;	/* network order; ICMP: type/code bytes, id */
};

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static void flow_key(const struct gen_flow *f, struct enetstl_flow_key *k, int frag)
{
	memset(k, 0, sizeof(*k));
	k->family = f->family;
	k->proto = f->proto;
	if (f->family == 4) {
		k->src[0] = f->src4;
		k->dst[0] = f->dst4;
	} else {
		memcpy(k->src, f->src6, 16);
		memcpy(k->dst, f->dst6, 16);
	}
	if (!frag) {
		k->sport = f->sport;
		k->dport = f->dport;
	}
}

/*
 * Build one packet of flow @f into @p; @l3proto_override / @frag / @ext6
 * make the variants. Return: the length up to the end of the L4 header
 * (*@full gets the whole length with payload).
 */
static unsigned int build(uint8_t *p, const struct gen_flow *f, int frag, int ext6,
			  uint8_t proto, unsigned int *full)
{
	unsigned int o = 12, l4len, payload = rnd() % 48;
	uint16_t et;
	int i;

	for (i = 0; i < 12; i++)
		p[i] = (uint8_t)(0x02 + i);	/* MACs: locally administered */
	for (i = 0; i < f->vlans; i++) {
		et = htons(i == 0 && f->vlans == 2 ? 0x88a8 : 0x8100);
		memcpy(p + o, &et, 2);
		et = htons(100 + i);
		memcpy(p + o + 2, &et, 2);
		o += 4;
	}
	et = htons(f->family == 4 ? 0x0800 : 0x86dd);
	memcpy(p + o, &et, 2);
	o += 2;
	l4len = proto == IPPROTO_TCP ? 20 : 8;
	if (f->family == 4) {
		uint16_t v;

		p[o] = 0x45;
		p[o + 1] = 0;
		v = htons(20 + l4len + payload);
		memcpy(p + o + 2, &v, 2);
		v = htons(0x1234);
		memcpy(p + o + 4, &v, 2);
		v = htons(frag ? 0x00b9 : 0x4000);	/* offset 185*8, or DF */
		memcpy(p + o + 6, &v, 2);
		p[o + 8] = 64;
		p[o + 9] = proto;
		p[o + 10] = p[o + 11] = 0;
		memcpy(p + o + 12, &f->src4, 4);
		memcpy(p + o + 16, &f->dst4, 4);
		o += 20;
	} else {
		uint16_t v = htons(l4len + payload + (ext6 ? 8 : 0));

		p[o] = 0x60;
		p[o + 1] = p[o + 2] = p[o + 3] = 0;
		memcpy(p + o + 4, &v, 2);
		p[o + 6] = ext6 ? 0 : proto;	/* 0: hop-by-hop options */
		p[o + 7] = 64;
		memcpy(p + o + 8, f->src6, 16);
		memcpy(p + o + 24, f->dst6, 16);
		o += 40;
		if (ext6) {
			memset(p + o, 0, 8);
			p[o] = proto;
			p[o + 2] = 1;	/* PadN */
			o += 8;
		}
	}
	memset(p + o, 0, l4len);
	memcpy(p + o, &f->sport, 2);
	memcpy(p + o + 2, &f->dport, 2);
	if (proto == IPPROTO_TCP) {
		p[o + 12] = 5 << 4;
		p[o + 13] = 0x18;
	} else if (proto == IPPROTO_UDP) {
		uint16_t v = htons(8 + payload);

		memcpy(p + o + 4, &v, 2);
	} else {	/* ICMP / ICMPv6: type, code from sport; identifier from dport */
		memcpy(p + o + 4, &f->dport, 2);
		memset(p + o + 2, 0, 2);
	}
	o += l4len;
	for (i = 0; i < (int)payload; i++)
		p[o + i] = (uint8_t)rnd();
	*full = o + payload;
	if (*full < 60) {	/* Ethernet minimum, zero padding */
		memset(p + *full, 0, 60 - *full);
		*full = 60;
	}
	return o;
}

static void random_flow(struct gen_flow *f)
{
	unsigned int r = rnd() % 100;

	memset(f, 0, sizeof(*f));
	f->family = rnd() % 100 < 60 ? 4 : 6;
	f->proto = r < 60 ? IPPROTO_TCP : r < 90 ? IPPROTO_UDP :
		   f->family == 4 ? IPPROTO_ICMP : 58;
	r = rnd() % 100;
	f->vlans = r < 60 ? 0 : r < 85 ? 1 : 2;
	f->src4 = (uint32_t)rnd();
	f->dst4 = (uint32_t)rnd();
	for (int i = 0; i < 16; i++) {
		f->src6[i] = (uint8_t)rnd();
		f->dst6[i] = (uint8_t)rnd();
	}
	f->src6[0] = 0x20;
	f->dst6[0] = 0x20;
	if (f->proto == IPPROTO_TCP || f->proto == IPPROTO_UDP) {
		f->sport = htons(1024 + rnd() % 60000);
		f->dport = htons(rnd() % 4 ? 443 : 1 + rnd() % 1023);
	} else {
		f->sport = htons(f->family == 4 ? 0x0800 : 0x8000);	/* echo request */
		f->dport = (uint16_t)rnd();
	}
}

/*
 * @f: the flow @g with the 4-byte words of each address swapped pairwise
 * (0<->1, 2<->3): another flow whose addresses XOR-fold to @g's.
 */
static void fold_twin(struct gen_flow *f, const struct gen_flow *g)
{
	static const int perm[16] = { 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11 };

	*f = *g;
	for (int i = 0; i < 16; i++) {
		f->src6[i] = g->src6[perm[i]];
		f->dst6[i] = g->dst6[perm[i]];
	}
}

int nf_trace_gen(struct nf_trace *t, const struct nf_trace_opts *o)
{
	struct gen_flow *gf;
	double *cdf, sum = 0;
	uint32_t i;

	memset(t, 0, sizeof(*t));
	rng = o->seed ? o->seed : 1;
	t->n = o->packets;
	t->nflows = o->flows;
	t->pkt = calloc(t->n, sizeof(*t->pkt));
	t->len = calloc(t->n, sizeof(*t->len));
	t->cls = calloc(t->n, 1);
	t->flow = calloc(t->n, sizeof(*t->flow));
	/* one extra flow slot per packet for IPv4 non-first fragments (ports 0) */
	t->flows = calloc(t->nflows * 2, sizeof(*t->flows));
	t->flow_pkts = calloc(t->nflows * 2, sizeof(*t->flow_pkts));
	t->fold_twin = calloc(t->nflows * 2, sizeof(*t->fold_twin));
	gf = calloc(t->nflows, sizeof(*gf));
	cdf = calloc(t->nflows, sizeof(*cdf));
	if (!t->pkt || !t->len || !t->cls || !t->flow || !t->flows || !t->flow_pkts ||
	    !t->fold_twin || !gf || !cdf) {
		free(gf);
		free(cdf);
		nf_trace_free(t);
		return -ENOMEM;
	}
	for (i = 0; i < t->nflows * 2; i++)
		t->fold_twin[i] = -1;
	for (i = 0; i < t->nflows; i++) {
		random_flow(&gf[i]);
		if (i % 8 == 1 && gf[i - 1].family == 6) {
			fold_twin(&gf[i], &gf[i - 1]);
			t->fold_twin[i] = i - 1;
		}
		flow_key(&gf[i], &t->flows[i], 0);
		flow_key(&gf[i], &t->flows[t->nflows + i], 1);
		sum += 1.0 / pow(i + 1, o->zipf_s);
		cdf[i] = sum;
	}
	for (i = 0; i < t->n; i++) {
		double u = (double)(rnd() >> 11) / (double)(1ull << 53) * sum;
		uint32_t lo = 0, hi = t->nflows - 1, kind = rnd() % 100, hdr, full;
		struct gen_flow f;
		uint8_t *p = t->pkt[i];

		while (lo < hi) {	/* first flow whose cumulative weight exceeds u */
			uint32_t mid = (lo + hi) / 2;

			if (cdf[mid] > u)
				hi = mid;
			else
				lo = mid + 1;
		}
		f = gf[lo];
		t->flow[i] = -1;
		if (kind >= o->noise_pct) {
			/* a flow packet; a few IPv4 ones are non-first fragments */
			int frag = f.family == 4 && rnd() % 50 == 0;

			build(p, &f, frag, 0, f.proto, &full);
			t->len[i] = full;
			t->cls[i] = NF_FLOW;
			t->flow[i] = frag ? t->nflows + lo : lo;
			t->flow_pkts[t->flow[i]]++;
			if (f.family == 4)
				t->v4++;
			else
				t->v6++;
			t->flow_bytes += full;
			continue;
		}
		switch (rnd() % 8) {
		case 0:	/* ARP */
			memset(p, 0xff, 6);
			memset(p + 6, 0x02, 6);
			p[12] = 0x08;
			p[13] = 0x06;
			memset(p + 14, 0, 46);
			t->len[i] = 60;
			t->cls[i] = NF_OTHER;
			break;
		case 1:	/* IPv4 GRE: not TCP/UDP/ICMP */
			f.family = 4;
			build(p, &f, 0, 0, 47, &full);
			t->len[i] = full;
			t->cls[i] = NF_OTHER;
			break;
		case 2:	/* IPv6 with a hop-by-hop header: not walked */
			f.family = 6;
			if (f.proto == IPPROTO_ICMP)
				f.proto = 58;
			build(p, &f, 0, 1, f.proto, &full);
			t->len[i] = full;
			t->cls[i] = NF_OTHER;
			break;
		case 3:	/* IPv4 header length below 5 words */
			f.family = 4;
			if (f.proto == 58)
				f.proto = IPPROTO_ICMP;
			hdr = build(p, &f, 0, 0, f.proto, &full);
			p[12 + 4 * f.vlans + 2] = 0x43;
			t->len[i] = full;
			t->cls[i] = NF_BAD;
			(void)hdr;
			break;
		case 4:	/* wrong IP version in the header */
			hdr = build(p, &f, 0, 0, f.proto, &full);
			p[12 + 4 * f.vlans + 2] = f.family == 4 ? 0x65 : 0x40;
			t->len[i] = full;
			t->cls[i] = NF_BAD;
			break;
		default: /* truncated anywhere before the end of the L4 header (>= 14 bytes) */
			hdr = build(p, &f, 0, 0, f.proto, &full);
			t->len[i] = 14 + rnd() % (hdr - 14);
			memset(p + t->len[i], 0, NF_TRACE_MAX_PKT - t->len[i]);
			t->cls[i] = NF_BAD;
			break;
		}
	}
	for (i = 0; i < t->n; i++)
		t->count[t->cls[i]]++;
	t->nflows *= 2;
	free(gf);
	free(cdf);
	return 0;
}

void nf_trace_free(struct nf_trace *t)
{
	free(t->pkt);
	free(t->len);
	free(t->cls);
	free(t->flow);
	free(t->flows);
	free(t->flow_pkts);
	free(t->fold_twin);
	memset(t, 0, sizeof(*t));
}

void nf_key_str(const struct enetstl_flow_key *k, char *buf, unsigned int size)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	const char *proto = k->proto == 6 ? "tcp" : k->proto == 17 ? "udp" :
			    k->proto == 1 ? "icmp" : k->proto == 58 ? "icmp6" : "?";
	int af = k->family == 6 ? AF_INET6 : AF_INET;

	inet_ntop(af, k->src, s, sizeof(s));
	inet_ntop(af, k->dst, d, sizeof(d));
	if (af == AF_INET6)
		snprintf(buf, size, "%s [%s]:%u > [%s]:%u", proto, s, ntohs(k->sport), d,
			 ntohs(k->dport));
	else
		snprintf(buf, size, "%s %s:%u > %s:%u", proto, s, ntohs(k->sport), d,
			 ntohs(k->dport));
}
