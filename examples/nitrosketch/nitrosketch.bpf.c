// SPDX-License-Identifier: GPL-2.0
/*
 * nitrosketch.bpf.c - NitroSketch: per (packet, row), sample with
 * probability 1/p_inv and add p_inv to the key's counter in that row. Only
 * sampled rows are hashed. One body, two variants:
 *   NF_ENETSTL=1  geometric sampling (enetstl_geo_skip): a decrement per
 *                 row, one kfunc call per sampled row
 *   NF_ENETSTL=0  pure eBPF: bpf_get_prandom_u32() per row
 * The hash lanes are the same eBPF code in both (the one of enetstl_hash_multi).
 * Build defines: NF_ROWS (1..8), NF_ENETSTL; .rodata: p_inv.
 */
#include "nf_parse.bpf.h"
#include "nf_hash.bpf.h"
#include "nitrosketch.h"
#if NF_ENETSTL
#include <enetstl/enetstl.h>
#else
#include <enetstl/hash.h>
#endif

#if !defined(NF_ROWS) || NF_ROWS < 1 || NF_ROWS > NS_MAX_ROWS
#error "NF_ROWS must be 1..8"
#endif

char LICENSE[] SEC("license") = "GPL";

/* 1 / sampling probability, >= 1 */
const volatile __u32 p_inv = 16;

struct ns_sketch {
	__u32 counters[NF_ROWS][NS_COLS];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ns_sketch);
} ns_sketch SEC(".maps");

static const __u32 ns_seeds[ENETSTL_HASH_MAX_LANES] = ENETSTL_HASH_SEEDS;

#if NF_ENETSTL
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_geo);
} ns_geo SEC(".maps");
#endif

SEC("xdp")
int xdp_nitrosketch(struct xdp_md *ctx)
{
	struct nf_key k;
	struct nf_stats *st;
	struct ns_sketch *sk;
	__u32 zero = 0, kw[NF_KEY_WORDS], n = 0;
	int r;
#if NF_ENETSTL
	struct enetstl_geo *g;
#else
	__u32 thr = (__u32)((1ull << 32) / p_inv) - (p_inv == 1);
#endif

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
	sk = bpf_map_lookup_elem(&ns_sketch, &zero);
	if (!sk)
		return XDP_PASS;
#if NF_ENETSTL
	g = bpf_map_lookup_elem(&ns_geo, &zero);
	if (!g)
		return XDP_PASS;
	if (g->magic != ENETSTL_GEO_MAGIC &&
	    enetstl_geo_init(g, sizeof(*g), ENETSTL_P(1, p_inv))) {
		st->nf[NS_STAT_ERR]++;
		return XDP_PASS;
	}
#endif
	nf_hash_words(&k, kw);
#pragma unroll
	for (r = 0; r < NF_ROWS; r++) {
#if NF_ENETSTL
		if (g->countdown) {
			g->countdown--;
			continue;
		}
		g->countdown = (__u32)enetstl_geo_skip(g, sizeof(*g));
#else
		if (bpf_get_prandom_u32() > thr)
			continue;
#endif
		{
			__u32 h = nf_hash_lane(kw, ns_seeds[r]);
			__u32 c = (__u32)(((__u64)h * NS_COLS) >> 32) & (NS_COLS - 1);

			sk->counters[r][c] += p_inv;
			n++;
		}
	}
	st->nf[NS_STAT_SAMPLED] += n;
	return XDP_PASS;
}
