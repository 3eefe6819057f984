// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow.c - enetstl/flow.h's enetstl_flow_parse_inline() (the body of
 * the enetstl_flow_parse() kfunc) against the reference ref_flow.h: fixed
 * frames of every rule, then random frames cut at random lengths, each in a
 * buffer that ends at a guard page, so that a read past the frame faults.
 */
#include <string.h>
#include "unit.h"
#include <enetstl/flow.h>
#include "ref_flow.h"

static uint32_t rnd32(void)
{
	return (uint32_t)tl_rand();
}

/* flow_unaligned.c: the parse, built without the alignment check */
int unit_flow_parse(void *data, void *end, struct enetstl_flow_key *k);

/* Parse @len bytes of @frame both ways (the library's on a guarded copy). */
static void check_frame(const char *what, const uint8_t *frame, size_t len, int want_class)
{
	struct enetstl_flow_key k;
	struct ref_flow_key r;
	uint8_t *g = unit_guarded(len);
	int c, rc;

	memcpy(g, frame, len);
	memset(&k, 0xa5, sizeof(k));	/* a flow key must not keep a byte of this */
	c = unit_flow_parse(g, g + len, &k);
	rc = ref_flow_parse(frame, len, &r);
	unit_guarded_free(g, len);
	CHECK(c == rc, "%s (%zu bytes): class %d, reference %d", what, len, c, rc);
	CHECK(want_class < 0 || c == want_class, "%s (%zu bytes): class %d, want %d", what, len,
	      c, want_class);
	if (c == ENETSTL_FLOW_L4 && rc == REF_FLOW_L4)
		CHECK(!memcmp(&k, r.b, sizeof(k)), "%s (%zu bytes): key differs from the reference",
		      what, len);
}

/* An Ethernet frame: @tags VLAN tags, then @type and @l3 (of @l3_len bytes). */
static size_t frame(uint8_t *f, int tags, unsigned int type, const uint8_t *l3, size_t l3_len)
{
	size_t off = 12;

	memset(f, 0x11, 12);
	while (tags-- > 0) {
		f[off] = 0x81;
		f[off + 1] = 0x00;
		f[off + 2] = 0x0f;
		f[off + 3] = 0xff;
		off += 4;
	}
	f[off] = type >> 8;
	f[off + 1] = type & 0xff;
	memcpy(f + off + 2, l3, l3_len);
	return off + 2 + l3_len;
}

static const uint8_t ip4_tcp[] = {
	0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 192, 168, 1, 2,
	0x30, 0x39, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0,
};

/* IPv6, next header @nh, then 20 bytes of L4 whose first 8 are ICMPv6 echo-like. */
static size_t ip6(uint8_t *p, uint8_t nh)
{
	static const uint8_t l4[20] = { 128, 0, 0xaa, 0xbb, 0x12, 0x34, 0, 1 };

	memset(p, 0, 40);
	p[0] = 0x60;
	p[5] = 20;
	p[6] = nh;
	p[7] = 64;
	for (int i = 0; i < 16; i++) {
		p[8 + i] = (uint8_t)(0x20 + i);
		p[24 + i] = (uint8_t)(0x80 + i);
	}
	memcpy(p + 40, l4, sizeof(l4));
	return 60;
}

static void test_fixed(void)
{
	uint8_t f[256], l3[128];
	size_t n, l3n;

	n = frame(f, 0, 0x0800, ip4_tcp, sizeof(ip4_tcp));
	check_frame("IPv4 TCP", f, n, ENETSTL_FLOW_L4);
	check_frame("IPv4 TCP, 19 bytes of TCP", f, n - 1, ENETSTL_FLOW_BAD);
	check_frame("Ethernet only", f, 14, ENETSTL_FLOW_BAD);
	check_frame("13 bytes", f, 13, ENETSTL_FLOW_BAD);
	check_frame("0 bytes", f, 0, ENETSTL_FLOW_BAD);
	n = frame(f, 1, 0x0800, ip4_tcp, sizeof(ip4_tcp));
	check_frame("802.1Q IPv4 TCP", f, n, ENETSTL_FLOW_L4);
	check_frame("802.1Q, tag cut short", f, 17, ENETSTL_FLOW_BAD);
	n = frame(f, 2, 0x0800, ip4_tcp, sizeof(ip4_tcp));
	f[12] = 0x88;
	f[13] = 0xa8;	/* 802.1ad outer tag */
	check_frame("802.1ad + 802.1Q IPv4 TCP", f, n, ENETSTL_FLOW_L4);
	n = frame(f, 3, 0x0800, ip4_tcp, sizeof(ip4_tcp));
	check_frame("three VLAN tags", f, n, ENETSTL_FLOW_OTHER);
	n = frame(f, 0, 0x0806, ip4_tcp, 28);
	check_frame("ARP", f, n, ENETSTL_FLOW_OTHER);

	memcpy(l3, ip4_tcp, sizeof(ip4_tcp));
	l3[9] = 17;
	n = frame(f, 0, 0x0800, l3, 28);
	check_frame("IPv4 UDP, 8 bytes of UDP", f, n, ENETSTL_FLOW_L4);
	check_frame("IPv4 UDP, 7 bytes of UDP", f, n - 1, ENETSTL_FLOW_BAD);
	l3[9] = 1;
	n = frame(f, 0, 0x0800, l3, 28);
	check_frame("IPv4 ICMP", f, n, ENETSTL_FLOW_L4);
	l3[9] = 58;
	n = frame(f, 0, 0x0800, l3, 28);
	check_frame("ICMPv6 in IPv4", f, n, ENETSTL_FLOW_OTHER);
	l3[9] = 47;
	n = frame(f, 0, 0x0800, l3, 28);
	check_frame("IPv4 GRE", f, n, ENETSTL_FLOW_OTHER);
	l3[9] = 6;
	l3[6] = 0x00;
	l3[7] = 0x10;	/* fragment offset 16: ports 0, no TCP header needed */
	n = frame(f, 0, 0x0800, l3, 20);
	check_frame("IPv4 non-first fragment", f, n, ENETSTL_FLOW_L4);
	l3[6] = 0x20;
	l3[7] = 0x00;	/* more fragments, offset 0: the first fragment */
	n = frame(f, 0, 0x0800, l3, 20);
	check_frame("IPv4 first fragment without its TCP header", f, n, ENETSTL_FLOW_BAD);
	memcpy(l3, ip4_tcp, sizeof(ip4_tcp));
	l3[0] = 0x44;
	n = frame(f, 0, 0x0800, l3, sizeof(ip4_tcp));
	check_frame("IPv4 IHL 4", f, n, ENETSTL_FLOW_BAD);
	l3[0] = 0x65;
	n = frame(f, 0, 0x0800, l3, sizeof(ip4_tcp));
	check_frame("version 6 in an IPv4 frame", f, n, ENETSTL_FLOW_BAD);
	l3[0] = 0x4f;
	n = frame(f, 0, 0x0800, l3, sizeof(ip4_tcp));
	check_frame("IPv4 IHL 15 beyond the frame", f, n, ENETSTL_FLOW_BAD);
	memset(l3, 0, sizeof(l3));
	memcpy(l3, ip4_tcp, 20);
	l3[0] = 0x46;	/* 4 bytes of options */
	memcpy(l3 + 24, ip4_tcp + 20, 20);
	n = frame(f, 0, 0x0800, l3, 44);
	check_frame("IPv4 with options, TCP", f, n, ENETSTL_FLOW_L4);

	l3n = ip6(l3, 6);
	n = frame(f, 0, 0x86dd, l3, l3n);
	check_frame("IPv6 TCP", f, n, ENETSTL_FLOW_L4);
	check_frame("IPv6 header cut short", f, 14 + 39, ENETSTL_FLOW_BAD);
	l3[6] = 58;
	n = frame(f, 0, 0x86dd, l3, l3n);
	check_frame("IPv6 ICMPv6", f, n, ENETSTL_FLOW_L4);
	l3[6] = 1;
	n = frame(f, 0, 0x86dd, l3, l3n);
	check_frame("ICMP in IPv6", f, n, ENETSTL_FLOW_OTHER);
	l3[6] = 0;
	n = frame(f, 0, 0x86dd, l3, l3n);
	check_frame("IPv6 hop-by-hop header", f, n, ENETSTL_FLOW_OTHER);
	l3[6] = 17;
	l3[0] = 0x40;
	n = frame(f, 0, 0x86dd, l3, l3n);
	check_frame("version 4 in an IPv6 frame", f, n, ENETSTL_FLOW_BAD);
}

static void test_random(void)
{
	uint8_t f[160];

	for (int i = 0; i < 200000; i++) {
		size_t n = ref_flow_random_frame(f, sizeof(f), rnd32);

		check_frame("random frame", f, n, -1);
	}
}

const struct unit_case flow_cases[] = {
	{ "flow: enetstl_flow_parse_inline() on fixed frames of every rule", test_fixed },
	{ "flow: 200000 random frames against the reference, guarded buffers", test_random },
	{ NULL, NULL },
};
