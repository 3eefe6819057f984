// SPDX-License-Identifier: GPL-2.0
/*
 * test_rx.c - the kfuncs on a real receive path: rx_path.bpf.o attached in
 * generic XDP mode to lo, UDP datagrams sent through the stack, the per-packet
 * results read back from the map and compared with the reference (the flow
 * key: the socket's own 5-tuple).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "runner.h"
#include "test_common.h"
#include "ref_bitops.h"
#include "ref_crc32c.h"
#include "rx_path.skel.h"

#define RX_PACKETS	1000

static uint8_t payloads[RX_PACKETS][1400];
static uint32_t lens[RX_PACKETS];

void test_rx_path(void)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(RX_PORT),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timespec pause = { 0, 2 * 1000 * 1000 };
	struct rx_path *skel = rx_path__open_and_load();
	int ifindex = if_nametoindex("lo"), sock = -1, found = 0, sent = 0;
	bool attached = false;
	uint8_t key[40] = { 0 };
	char label[128];

	tl_errors = 0;
	if (!CHECK(skel, "rx_path load failed: %s", strerror(errno)))
		goto out;
	if (!CHECK(ifindex > 0, "no lo interface"))
		goto out;
	if (!CHECK(!bpf_xdp_attach(ifindex, bpf_program__fd(skel->progs.xdp_rx),
				   XDP_FLAGS_SKB_MODE, NULL), "attach to lo: %s", strerror(errno)))
		goto out;
	attached = true;
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (!CHECK(sock >= 0, "socket: %s", strerror(errno)))
		goto out;
	for (uint32_t seq = 0; seq < RX_PACKETS; seq++) {
		lens[seq] = 4 + tl_rand() % (sizeof(payloads[0]) - 3);
		tl_rand_bytes(payloads[seq], lens[seq]);
		if (tl_rand() % 3 == 0)	/* sparse payloads move the first set bit around */
			memset(payloads[seq] + 4, 0, lens[seq] - 4 - (lens[seq] > 8 ? tl_rand() % 4 : 0));
		memcpy(payloads[seq], &seq, sizeof(seq));
		if (sendto(sock, payloads[seq], lens[seq], 0, (void *)&dst, sizeof(dst)) ==
		    (ssize_t)lens[seq])
			sent++;
		if (seq % 32 == 31)	/* stay below the backlog limit of lo */
			nanosleep(&pause, NULL);
	}
	CHECK_EQ("datagrams sent", sent, RX_PACKETS);
	nanosleep(&pause, NULL);
	{	/* the datagrams' flow key: 127.0.0.1:sport -> 127.0.0.1:RX_PORT, UDP */
		struct sockaddr_in src;
		socklen_t slen = sizeof(src);
		uint32_t lo = htonl(INADDR_LOOPBACK);
		uint16_t dport = htons(RX_PORT);

		CHECK(!getsockname(sock, (void *)&src, &slen), "getsockname: %s", strerror(errno));
		memcpy(key, &lo, 4);
		memcpy(key + 16, &lo, 4);
		memcpy(key + 32, &src.sin_port, 2);
		memcpy(key + 34, &dport, 2);
		key[36] = IPPROTO_UDP;
		key[37] = 4;
	}
	for (uint32_t seq = 0; seq < RX_PACKETS; seq++) {
		struct rx_result r;
		uint32_t n = lens[seq] > 512 ? 512 : lens[seq];

		if (!CHECK(!bpf_map_lookup_elem(bpf_map__fd(skel->maps.rx_results), &seq, &r),
			   "datagram %u (len %u) not seen by XDP", seq, lens[seq]))
			continue;
		found++;
		CHECK_EQ("payload length", r.len, lens[seq]);
		CHECK_EQ("crc32c of payload", r.crc, ref_crc32c(RX_SEED, payloads[seq], lens[seq]));
		CHECK_EQ("bitmap_ffs of payload", r.first_bit, ref_bitmap_ffs(payloads[seq], n, 0));
		CHECK_EQ("flow_parse class", r.flow_class, 0);
		CHECK(!memcmp(r.flow, key, sizeof(key)), "datagram %u: flow key is not the socket's", seq);
	}
out:
	if (attached)
		bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL);
	if (sock >= 0)
		close(sock);
	rx_path__destroy(skel);
	snprintf(label, sizeof(label),
		 "[%s] receive path: generic XDP on lo, %d/%d UDP datagrams hashed and parsed correctly",
		 test_mode, found, RX_PACKETS);
	tl_result("%s", label);
}
