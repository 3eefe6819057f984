// SPDX-License-Identifier: GPL-2.0
/*
 * flowhash.bpf.c - the demo XDP program: parses Ethernet (up to two VLAN
 * tags), IPv4/IPv6 and TCP/UDP, hashes each packet's 5-tuple with eNetSTL's
 * CRC-32C kfunc, counts per flow, and keeps a 4096-bucket occupancy bitmap
 * scanned with the bitmap kfunc. Everything else passes untouched.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <enetstl/enetstl.h>
#include "flowhash.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FLOWHASH_MAX_FLOWS);
	__type(key, struct flow_key);
	__type(value, struct flow_val);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct flowhash_stats);
} stats SEC(".maps");

struct vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/* Fill @k from the packet; returns 0 for an IPv4/IPv6 TCP/UDP packet. */
static __always_inline int parse(void *data, void *end, struct flow_key *k)
{
	struct ethhdr *eth = data;
	void *l4;
	__u16 proto;
	int i;

	if ((void *)(eth + 1) > end)
		return -1;
	proto = eth->h_proto;
	l4 = eth + 1;
	for (i = 0; i < 2; i++) {
		struct vlan_hdr *vh = l4;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > end)
			return -1;
		proto = vh->proto;
		l4 = vh + 1;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l4;

		if ((void *)(ip + 1) > end || ip->ihl < 5)
			return -1;
		__builtin_memcpy(k->src, &ip->saddr, 4);
		__builtin_memcpy(k->dst, &ip->daddr, 4);
		k->proto = ip->protocol;
		k->family = 4;
		l4 = (void *)ip + ip->ihl * 4;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l4;

		if ((void *)(ip6 + 1) > end)
			return -1;
		__builtin_memcpy(k->src, &ip6->saddr, 16);
		__builtin_memcpy(k->dst, &ip6->daddr, 16);
		k->proto = ip6->nexthdr;
		k->family = 6;
		l4 = ip6 + 1;
	} else {
		return -1;
	}
	if (k->proto != IPPROTO_TCP && k->proto != IPPROTO_UDP)
		return -1;
	/* TCP and UDP both start with the two ports. */
	if (l4 + 4 > end)
		return -1;
	__builtin_memcpy(&k->sport, l4, 2);
	__builtin_memcpy(&k->dport, l4 + 2, 2);
	return 0;
}

SEC("xdp")
int xdp_flowhash(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct flow_key k = {};
	struct flow_val *v, nv = {};
	struct flowhash_stats *st;
	__u32 zero = 0, hash;

	st = bpf_map_lookup_elem(&stats, &zero);
	if (!st)
		return XDP_PASS;
	if (parse(data, end, &k)) {
		__sync_fetch_and_add(&st->other, 1);
		return XDP_PASS;
	}
	hash = enetstl_crc32c(&k, sizeof(k), FLOWHASH_SEED);
	v = bpf_map_lookup_elem(&flows, &k);
	if (!v) {
		nv.hash = hash;
		nv.bucket = hash % FLOWHASH_BUCKETS;
		bpf_map_update_elem(&flows, &k, &nv, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&flows, &k);
		if (!v)
			return XDP_PASS;
	}
	__sync_fetch_and_add(&v->packets, 1);
	__sync_fetch_and_add(&v->bytes, (__u64)(end - data));
	__sync_fetch_and_or(&st->bitmap[(hash % FLOWHASH_BUCKETS) / 64], 1ull << (hash % 64));
	__sync_fetch_and_add(&st->packets, 1);
	st->first_bucket = enetstl_bitmap_ffs(st->bitmap, sizeof(st->bitmap), 0);
	st->hash_bits_set = enetstl_popcount32(hash);
	return XDP_PASS;
}
