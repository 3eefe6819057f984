// SPDX-License-Identifier: GPL-2.0
/*
 * nitrosketch.bpf.c - NitroSketch: per (packet, row), sample with
 * probability 1/p_inv and add p_inv to the key's counter in that row. Only
 * sampled rows are hashed. One body, three variants:
 *   NF_ENETSTL=1  geometric sampling (enetstl_geo_skip): the countdown
 *                 spans rows and packets, so a packet with no sampled row
 *                 costs a compare (no hashing), one kfunc call per sampled row
 *   NF_ENETSTL=0  pure eBPF: bpf_get_prandom_u32() per row
 * The hash lanes are the same eBPF code in both (the one of enetstl_hash_multi).
 *   NF_ENETSTL=1, NF_FLAVOR_CRC=1 (ns_k*_crc_enetstl)  the same geometric
 *                 sampling; a packet with a sampled row is hashed once,
 *                 c = enetstl_crc32c_flow(key, NS_CRC_SEED), and each sampled
 *                 row's column is nf_mas_col(c, r): the rows of
 *                 cm_k*_crc_enetstl (countmin.h says what CRC's linearity
 *                 costs)
 * The fourth:
 *   NF_ENETSTL=0, NF_FLAVOR_BEST=1 (ns_k*_best_ebpf)  the best pure eBPF for
 *                 the same contract: geometric sampling in the program and
 *                 multiply-add-shift rows as in cm_k*_best_ebpf (nf_mas.h:
 *                 c = the top 32 bits of H_0(key), row r's column
 *                 nf_mas_col(c, r)), computed only for packets with a
 *                 sampled row, and only the sampled rows' columns.
 *
 * The best variant's sampling. Rows of successive packets form one stream
 * (packet after packet, rows 0..NF_ROWS-1 in each), and each row of the
 * stream must be sampled independently with probability p = 1/p_inv: then
 * the gaps G between sampled rows (the rows skipped) are independent and
 * geometric, P(G >= k) = q^k with q = 1 - p, and drawing the gaps instead
 * of a coin per row yields exactly the same law. A per-CPU map value
 * (struct ns_geo) keeps the gap still to skip (countdown), so a packet whose
 * rows are all skipped costs one compare and one store, and the next
 * sampled row is found directly; only it is hashed.
 *
 * A gap is drawn by inverse CDF, G = floor(ln U / ln q), that is the
 * number of k >= 1 with U < q^k, for U uniform in [0, 1): U is the top 63
 * bits of a per-CPU xorshift64* generator (Vigna; its state seeded once
 * from bpf_get_prandom_u32(), never 0), and q^k is the integer threshold
 * thr[k] ~ 2^63 q^k for k = 1..NS_GEO_K, computed once per CPU from p_inv
 * as thr[k] = thr[k-1] - floor(thr[k-1] / p_inv) from thr[0] = 2^63, which
 * is 2^63 q^k rounded up by less than k units: P(U < thr[k]) is q^k within
 * k * 2^-63, no floating point. A binary search over the 63 thresholds
 * (six branchless steps) gives min(G, 63). Tail beyond the table: a draw
 * of 63 means G >= 63, which has probability q^63 exactly as it should;
 * the program skips 63 rows and then draws afresh (the `ext` flag), and
 * since the geometric law is memoryless, P(G >= 63 + j | G >= 63) = q^j,
 * the gap then is 63 plus a fresh G. So any p_inv >= 1 works (p_inv = 1:
 * every threshold is 0, every gap 0, every row sampled), with no bound on
 * the gap. Each sampled row adds p_inv to its counter: unbiased.
 * Build defines: NF_ROWS (1..8), NF_ENETSTL, NF_FLAVOR_BEST; .rodata: p_inv.
 */
#include "nf_parse.bpf.h"
#include "nitrosketch.h"
#if NF_ENETSTL && defined(NF_FLAVOR_CRC)
#include "nf_mas.h"
#include <enetstl/enetstl.h>
#elif NF_ENETSTL
#include "nf_hash.bpf.h"
#include <enetstl/enetstl.h>
#elif defined(NF_FLAVOR_BEST)
#include "nf_mas.h"
#else
#include "nf_hash.bpf.h"
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

#if !defined(NF_FLAVOR_BEST) && !defined(NF_FLAVOR_CRC)
static const __u32 ns_seeds[ENETSTL_HASH_MAX_LANES] = ENETSTL_HASH_SEEDS;
#endif

#if !NF_ENETSTL && defined(NF_FLAVOR_BEST)
#define NS_GEO_K	63	/* thresholds q^1 .. q^63; a draw of 63 means >= 63 */

/* The per-CPU sampler of the best variant (see the top of this file). */
struct ns_geo {
	__u64 x;			/* xorshift64* state; 0: not seeded yet */
	__u32 countdown;		/* rows to skip before the next event */
	__u32 ext;			/* the event: 1 a fresh draw, 0 a sampled row */
	__u64 thr[NS_GEO_K + 1];	/* thr[k] ~ 2^63 (1 - 1/p_inv)^k, thr[0] = 2^63 */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ns_geo);
} ns_geo SEC(".maps");

/* First use on this CPU: seed the generator, compute the thresholds. */
static __noinline void ns_geo_init(struct ns_geo *g)
{
	__u64 t = 1ull << 63, x;
	int k;

	x = (__u64)bpf_get_prandom_u32() << 32 | bpf_get_prandom_u32();
	for (k = 0; k <= NS_GEO_K; k++) {
		g->thr[k] = t;
		t -= t / p_inv;
	}
	g->countdown = 0;
	g->ext = 1;		/* the first gap is drawn at the first row */
	g->x = x ? x : 1;
}

/*
 * min(G, NS_GEO_K) for a geometric gap G: the number of k in 1..63 with
 * U < thr[k] (thr decreasing), by binary search. U < 2^63 and thr[k] <=
 * 2^63, so U - thr[k] fits in 64 bits signed and its sign bit is U < thr[k].
 */
static __always_inline __u32 ns_draw(struct ns_geo *g)
{
	__u64 x = g->x, u, t;
	__u32 n = 0;
	int s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	g->x = x;
	u = (x * 0x2545f4914f6cdd1dull) >> 1;
#pragma unroll
	for (s = 32; s; s >>= 1) {
		__u32 i = n + s;

		/* mask right at the use: the 6.1 verifier loses the bound of a 32-bit OR */
		asm volatile("" : "+r"(i));
		t = g->thr[i & NS_GEO_K];
		n += ((u - t) >> 63) * s;
	}
	return n;
}
#endif

#if NF_ENETSTL
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_geo);
} ns_geo SEC(".maps");
#endif

#if !NF_ENETSTL && defined(NF_FLAVOR_BEST)
SEC("xdp")
int xdp_nitrosketch(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;
	struct nf_stats *st;
	struct ns_sketch *sk;
	struct ns_geo *g;
	__u32 zero = 0, r, d, ext, h, n = 0;
	__u64 x[NF_KEY_WORDS];
	int i;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
	g = bpf_map_lookup_elem(&ns_geo, &zero);
	if (!g)
		return XDP_PASS;
	if (!g->x)
		ns_geo_init(g);
	/* r: the row of the next event, counted from this packet's row 0 */
	r = g->countdown;
	if (r >= NF_ROWS) {	/* no event in this packet */
		g->countdown = r - NF_ROWS;
		return XDP_PASS;
	}
	sk = bpf_map_lookup_elem(&ns_sketch, &zero);
	if (!sk)
		return XDP_PASS;
	nf_mas_words(&k, x);
	h = nf_mas_row(x, 0) >> 32;
	ext = g->ext;
	if (ext) {		/* a fresh gap from row r on */
		d = ns_draw(g);
		r += d;
		ext = d == NS_GEO_K;
	}
	/*
	 * each sampled row moves r on by at least 1: at most NF_ROWS of them;
	 * a bounded loop, not unrolled (clang 14 cannot unroll it, and the
	 * usual packet samples one row or none)
	 */
	for (i = 0; i < NF_ROWS; i++) {
		__u32 c, row = r;

		if (r >= NF_ROWS)
			break;
		/*
		 * bound the row where it indexes (6.1 loses it through the compare
		 * above); NF_ROWS is a power of 2, so the mask changes nothing
		 */
		_Static_assert((NF_ROWS & (NF_ROWS - 1)) == 0, "NF_ROWS: a power of 2");
		asm volatile("" : "+r"(row));
		row &= NS_MAX_ROWS - 1;
		c = nf_mas_col(h, row, __builtin_ctz(NS_COLS));
		sk->counters[row & (NF_ROWS - 1)][c & (NS_COLS - 1)] += p_inv;
		n++;
		d = ns_draw(g);
		r += d + 1;
		ext = d == NS_GEO_K;
	}
	g->countdown = r - NF_ROWS;
	g->ext = ext;
	st->nf[NS_STAT_SAMPLED] += n;
	return XDP_PASS;
}
#else
SEC("xdp")
int xdp_nitrosketch(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;
	struct nf_stats *st;
	struct ns_sketch *sk;
	__u32 zero = 0, n = 0;
	int r;
#if NF_ENETSTL
	struct enetstl_geo *g;
#else
	__u32 thr = (__u32)((1ull << 32) / p_inv) - (p_inv == 1);
#endif
#ifdef NF_FLAVOR_CRC
	__u32 h;
#else
	__u32 kw[NF_KEY_WORDS];
#endif

	st = nf_begin(ctx, &k);
	if (!st)
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
	/*
	 * the countdown spans rows and packets: a packet none of whose rows is
	 * sampled costs a compare (before the sketch's lookup, as in the best variant)
	 */
	if (g->countdown >= NF_ROWS) {
		g->countdown -= NF_ROWS;
		return XDP_PASS;
	}
#endif
	sk = bpf_map_lookup_elem(&ns_sketch, &zero);
	if (!sk)
		return XDP_PASS;
#ifdef NF_FLAVOR_CRC
	h = enetstl_crc32c_flow(&k, NS_CRC_SEED);
#else
	nf_hash_words(&k, kw);
#endif
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
#ifdef NF_FLAVOR_CRC
			__u32 c = nf_mas_col(h, r, __builtin_ctz(NS_COLS));
#else
			__u32 hr = nf_hash_lane(kw, ns_seeds[r]);
			__u32 c = (__u32)(((__u64)hr * NS_COLS) >> 32);
#endif

			sk->counters[r][c & (NS_COLS - 1)] += p_inv;
			n++;
		}
	}
	st->nf[NS_STAT_SAMPLED] += n;
	return XDP_PASS;
}
#endif
