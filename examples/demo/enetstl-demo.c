// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl-demo - attach the flowhash XDP program, send a few UDP flows over
 * IPv4 and IPv6 when the interface is lo (or listen for -t seconds on another
 * interface), then print what the program computed with eNetSTL's kfuncs and
 * check every hash against a userspace CRC-32C.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "crc32c_core.h"
#include "flowhash.h"
#include "flowhash.skel.h"

static void usage(const char *prog)
{
	printf("usage: %s [-i IFACE] [-f FLOWS] [-n PACKETS] [-t SECONDS] [--native]\n"
	       "  -i IFACE    interface to attach to (default lo)\n"
	       "  -f FLOWS    UDP flows to send on lo, half IPv4, half IPv6 (default 8)\n"
	       "  -n PACKETS  packets per flow (default 5)\n"
	       "  -t SECONDS  on another interface: how long to watch traffic (default 10)\n"
	       "  --native    native XDP instead of generic (driver support needed)\n", prog);
}

static int die(const char *msg)
{
	fprintf(stderr, "enetstl-demo: %s\n", msg);
	return 1;
}

static void send_flows(int flows, int packets)
{
	struct timespec pause = { 0, 1000 * 1000 };

	for (int f = 0; f < flows; f++) {
		int v6 = f % 2, s = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
		struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(9000 + f),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(9000 + f),
					   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
		char msg[64];

		if (s < 0)
			continue;
		for (int p = 0; p < packets * (f + 1); p++) {
			int len = snprintf(msg, sizeof(msg), "eNetSTL demo flow %d packet %d", f, p);

			if (v6)
				sendto(s, msg, len, 0, (void *)&a6, sizeof(a6));
			else
				sendto(s, msg, len, 0, (void *)&a4, sizeof(a4));
			nanosleep(&pause, NULL);
		}
		close(s);
	}
}

static void fmt_addr(const struct flow_key *k, const __u8 *a, __be16 port, char *buf, size_t n)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(k->family == 6 ? AF_INET6 : AF_INET, a, ip, sizeof(ip));
	snprintf(buf, n, k->family == 6 ? "[%s]:%u" : "%s:%u", ip, ntohs(port));
}

static int report(struct flowhash *skel)
{
	static u32 table[256];
	struct flow_key key, next, *prev = NULL;
	struct flowhash_stats st;
	int flows_fd = bpf_map__fd(skel->maps.flows), bad = 0, n = 0, occupied = 0;
	int first = -1;
	__u32 zero = 0;
	char src[64], dst[64];

	enetstl_crc32c_table_init(table);
	printf("%-5s %-24s %-24s %7s %7s  %-10s %-10s %6s\n", "proto", "source", "destination",
	       "packets", "bytes", "crc32c", "userspace", "bucket");
	while (!bpf_map_get_next_key(flows_fd, prev, &next)) {
		struct flow_val v;
		u32 want;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(flows_fd, &key, &v))
			continue;
		want = enetstl_crc32c_sw(table, FLOWHASH_SEED, (const u8 *)&key, sizeof(key));
		fmt_addr(&key, key.src, key.sport, src, sizeof(src));
		fmt_addr(&key, key.dst, key.dport, dst, sizeof(dst));
		printf("%-5s %-24s %-24s %7llu %7llu  0x%08x 0x%08x %6u%s\n",
		       key.proto == 17 ? "udp" : "tcp", src, dst, (unsigned long long)v.packets,
		       (unsigned long long)v.bytes, v.hash, want, v.bucket,
		       v.hash == want ? "" : "  MISMATCH");
		bad += v.hash != want;
		n++;
	}
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.stats), &zero, &st))
		return die("cannot read the stats map");
	for (int w = 0; w < FLOWHASH_BUCKETS / 64; w++) {
		occupied += __builtin_popcountll(st.bitmap[w]);
		if (first < 0 && st.bitmap[w])
			first = w * 64 + __builtin_ctzll(st.bitmap[w]);
	}
	printf("flows: %d, packets hashed: %llu, other packets passed: %llu\n", n,
	       (unsigned long long)st.packets, (unsigned long long)st.other);
	printf("occupied buckets: %d of %d; first occupied (enetstl_bitmap_ffs in XDP): %d, "
	       "userspace: %d%s\n", occupied, FLOWHASH_BUCKETS, st.first_bucket, first,
	       st.first_bucket == first ? "" : "  MISMATCH");
	bad += st.first_bucket != first;
	if (!n)
		return die("no flows seen: is traffic reaching the interface?");
	printf("result: %s (%d flow hashes checked against userspace CRC-32C)\n",
	       bad ? "MISMATCH" : "all kfunc results match", n);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "native", no_argument, NULL, 'N' }, { "help", no_argument, NULL, 'h' }, { }
	};
	const char *iface = "lo";
	int flows = 8, packets = 5, seconds = 10, native = 0, c, ifindex, err;
	__u32 flags;
	struct flowhash *skel;
	char paths[128] = "";

	while ((c = getopt_long(argc, argv, "i:f:n:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i': iface = optarg; break;
		case 'f': flows = atoi(optarg); break;
		case 'n': packets = atoi(optarg); break;
		case 't': seconds = atoi(optarg); break;
		case 'N': native = 1; break;
		case 'h': usage(argv[0]); return 0;
		default: usage(argv[0]); return 2;
		}
	}
	if (flows < 1 || flows > 64 || packets < 1 || packets > 1000 || seconds < 1)
		return die("out-of-range option: -f 1..64, -n 1..1000, -t >= 1");
	ifindex = if_nametoindex(iface);
	if (!ifindex) {
		fprintf(stderr, "enetstl-demo: no such interface: %s\n", iface);
		return 1;
	}
	if (access("/sys/kernel/btf/enetstl", F_OK))
		return die("the enetstl module is not loaded (or loaded without kfuncs): modprobe enetstl");
	libbpf_set_print(NULL);
	skel = flowhash__open_and_load();
	if (!skel) {
		fprintf(stderr, "enetstl-demo: loading the XDP program failed: %s\n", strerror(errno));
		return 1;
	}
	flags = native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
	err = bpf_xdp_attach(ifindex, bpf_program__fd(skel->progs.xdp_flowhash), flags, NULL);
	if (err) {
		fprintf(stderr, "enetstl-demo: attaching to %s failed: %s\n", iface, strerror(-err));
		flowhash__destroy(skel);
		return 1;
	}
	{
		FILE *f = fopen("/sys/module/enetstl/cpu_paths", "r");
		size_t len = f ? fread(paths, 1, sizeof(paths) - 1, f) : 0;

		paths[len] = '\0';
		for (char *p = paths; *p; p++)
			if (*p == '\n')
				*p = p[1] ? ',' : '\0';
		if (f)
			fclose(f);
	}
	printf("eNetSTL demo: xdp_flowhash on %s (%s mode); enetstl paths: %s\n", iface,
	       native ? "native" : "generic", paths);
	if (!strcmp(iface, "lo")) {
		send_flows(flows, packets);
		usleep(100 * 1000);
	} else {
		printf("watching %s for %d s...\n", iface, seconds);
		sleep(seconds);
	}
	err = report(skel);
	bpf_xdp_detach(ifindex, flags, NULL);
	flowhash__destroy(skel);
	return err;
}
