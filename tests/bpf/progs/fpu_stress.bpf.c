// SPDX-License-Identifier: GPL-2.0
/*
 * fpu_stress.bpf.c - drives the AVX2 kfuncs from the receive path: attached
 * (generic XDP) to lo, it runs the compare kfuncs on the payload of every UDP
 * datagram to FPU_PORT, while the sender checks its own vector registers.
 * Half of the datagrams run the calls inside a SIMD section the program
 * holds (enetstl_simd_enter/exit), the others one FPU section per call.
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

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} fpu_counts SEC(".maps");	/* [0] datagrams seen, [1] kfunc calls, [2] of them in held AVX2 sections */

static __always_inline __s64 simd_calls(__u8 *buf)
{
	__u32 h[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	__s64 r = 0;

	r += enetstl_match32(buf, 64, buf[0]);
	r += enetstl_find16(buf, 64, buf[1]);
	r += enetstl_key_eq(buf, 32, buf + 32, 32);
	r += enetstl_key_find(buf, 16, buf + 16, 48);
	r += enetstl_hash_multi(buf, 37, h, sizeof(h));	/* 8 lanes: the AVX2 path */
	return r;
}

SEC("xdp")
int xdp_fpu_stress(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u8 buf[FPU_PAYLOAD];
	__u32 k0 = 0, k1 = 1, k2 = 2;
	__u64 *seen, *calls, *held;
	struct enetstl_simd *simd;
	__s64 r;

	if ((void *)(udp + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_UDP || udp->dest != bpf_htons(FPU_PORT))
		return XDP_PASS;
	if (bpf_xdp_load_bytes(ctx, sizeof(*eth) + sizeof(*ip) + sizeof(*udp), buf, sizeof(buf)))
		return XDP_PASS;
	seen = bpf_map_lookup_elem(&fpu_counts, &k0);
	calls = bpf_map_lookup_elem(&fpu_counts, &k1);
	held = bpf_map_lookup_elem(&fpu_counts, &k2);
	if (!seen || !calls || !held)
		return XDP_PASS;
	if (buf[2] & 1) {
		simd = enetstl_simd_enter();
		r = simd_calls(buf);
		if (simd->active)
			__sync_fetch_and_add(held, 5);
		enetstl_simd_exit(simd);
	} else {
		r = simd_calls(buf);
	}
	__sync_fetch_and_add(seen, 1);
	__sync_fetch_and_add(calls, r > -1000 ? 5 : 0);
	return XDP_DROP;
}
