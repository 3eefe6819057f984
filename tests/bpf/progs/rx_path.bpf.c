// SPDX-License-Identifier: GPL-2.0
/*
 * rx_path.bpf.c - the kfuncs on a real receive path: attached (generic XDP)
 * to lo, it hashes the payload of every UDP datagram to RX_PORT, parses the
 * frame's flow key, and records the results under the datagram's sequence
 * number (first 4 payload bytes).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <enetstl/enetstl.h>
#include "test_common.h"
#include "scratch_map.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RX_MAX_FLOWS);
	__type(key, __u32);
	__type(value, struct rx_result);
} rx_results SEC(".maps");

SEC("xdp")
int xdp_rx(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct enetstl_flow_key k = {};
	struct rx_result res = {};
	struct scratch *s;
	struct iphdr *ip;
	struct udphdr *udp;
	__u32 off, len, seq, zero = 0;

	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_UDP || ip->ihl < 5)
		return XDP_PASS;
	off = sizeof(*eth) + ip->ihl * 4;
	udp = data + off;
	if ((void *)(udp + 1) > end || udp->dest != bpf_htons(RX_PORT))
		return XDP_PASS;
	off += sizeof(*udp);
	len = bpf_ntohs(udp->len);
	if (len < sizeof(*udp) + sizeof(seq) || len - sizeof(*udp) > MAX_DATA)
		return XDP_PASS;
	len -= sizeof(*udp);

	s = bpf_map_lookup_elem(&scratch_map, &zero);
	if (!s || bpf_xdp_load_bytes(ctx, off, s->b, len))
		return XDP_PASS;
	__builtin_memcpy(&seq, s->b, sizeof(seq));
	res.len = len;
	res.crc = enetstl_crc32c(s->b, len, RX_SEED);
	res.first_bit = enetstl_bitmap_ffs(s->b, len > 512 ? 512 : len, 0);
	res.flow_class = enetstl_flow_parse(ctx, &k);
	__builtin_memcpy(res.flow, &k, sizeof(k));
	bpf_map_update_elem(&rx_results, &seq, &res, BPF_ANY);
	return XDP_DROP;
}
