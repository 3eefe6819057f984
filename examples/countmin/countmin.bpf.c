// SPDX-License-Identifier: GPL-2.0
/*
 * countmin.bpf.c - count-min sketch over the flow key, NF_ROWS rows of
 * CM_COLS counters, with heavy-hitter candidates. One body, three variants:
 *   NF_ENETSTL=1  enetstl_cm_update(): all rows hashed and bumped in one call
 *   NF_ENETSTL=0  pure eBPF, the same algorithm: the kfunc's hash lanes
 *                 unrolled in the program (both build identical sketches)
 *   NF_ENETSTL=1, NF_FLAVOR_CRC=1 (cm_k*_crc_enetstl)
 *                 enetstl_cm_crc_flow() (enetstl_cm_crc_update() of the
 *                 40-byte flow key): one CRC-32C of the key, rows by
 *                 multiply-add-shift (nf_mas_col), no FPU section
 *   NF_ENETSTL=0, NF_FLAVOR_BEST=1 (cm_k*_best_ebpf)  the best pure eBPF for
 *                 the contract: one multiply-add-shift hash of the key's ten
 *                 words (c, 32 bits), then rows by multiply-add-shift of c
 *                 (nf_mas.h): pairwise independent rows for keys whose c
 *                 differ, as count-min needs
 * Build defines: NF_ROWS (2..8), NF_ENETSTL, NF_FLAVOR_BEST, NF_FLAVOR_CRC;
 * .rodata: hh_threshold.
 */
#include "nf_parse.bpf.h"
#include "countmin.h"
#if NF_ENETSTL
#include <enetstl/enetstl.h>
#include "nf_mas.h"
#elif defined(NF_FLAVOR_BEST)
#include "nf_mas.h"
#else
#include "nf_hash.bpf.h"
#endif

#if !defined(NF_ROWS) || NF_ROWS < 1 || NF_ROWS > CM_MAX_ROWS
#error "NF_ROWS must be 1..8"
#endif

char LICENSE[] SEC("license") = "GPL";

#if NF_ENETSTL && defined(NF_FLAVOR_CRC)
#define CM_HDR struct enetstl_cm_crc_hdr
#else
#define CM_HDR struct enetstl_cm_hdr
#endif
#include "countmin_maps.bpf.h"

#if !defined(NF_FLAVOR_BEST) && !defined(NF_FLAVOR_CRC)
static const __u32 cm_seeds[ENETSTL_HASH_MAX_LANES] = ENETSTL_HASH_SEEDS;
#endif

#if NF_ENETSTL && defined(NF_FLAVOR_CRC)
static __always_inline __s64 cm_update(struct cm_sketch *sk, struct enetstl_flow_key *k)
{
	cm_crc_hdr_init(&sk->hdr);	/* first packet on this CPU */
	return enetstl_cm_crc_flow(k, sk, sizeof(*sk), 1);
}
#elif NF_ENETSTL
static __always_inline __s64 cm_update(struct cm_sketch *sk, struct enetstl_flow_key *k)
{
	if (!sk->hdr.rows) {	/* first packet on this CPU: the kfunc's header */
		sk->hdr.rows = NF_ROWS;
		sk->hdr.cols = CM_COLS;
		sk->hdr.flags = 0;
		__builtin_memcpy(sk->hdr.seeds, cm_seeds, sizeof(cm_seeds));
	}
	return enetstl_cm_update(k, sizeof(*k), sk, sizeof(*sk), 1);
}
#elif defined(NF_FLAVOR_BEST)
static __always_inline __s64 cm_update(struct cm_sketch *sk, struct enetstl_flow_key *k)
{
	__u64 x[NF_KEY_WORDS];
	__u32 est = ~0u, h;
	int r;

	nf_mas_words(k, x);
	h = nf_mas_row(x, 0) >> 32;
#pragma unroll
	for (r = 0; r < NF_ROWS; r++) {
		__u32 c = nf_mas_col(h, r, CM_COLS_LOG), v;
		__s64 diff;

		v = sk->counters[r][c] + 1;
		sk->counters[r][c] = v;
		diff = (__s64)v - (__s64)est;
		asm volatile("" : "+r"(diff));	/* branchless min */
		est += diff & (diff >> 63);
	}
	return est;
}
#else
static __always_inline __s64 cm_update(struct cm_sketch *sk, struct enetstl_flow_key *k)
{
	__u32 kw[NF_KEY_WORDS], est = ~0u;
	int r;

	nf_hash_words(k, kw);
#pragma unroll
	for (r = 0; r < NF_ROWS; r++) {
		__u32 h = nf_hash_lane(kw, cm_seeds[r]);
		__u32 c = (__u32)(((__u64)h * CM_COLS) >> 32) & (CM_COLS - 1);
		__u32 v = sk->counters[r][c] + 1;
		__s64 diff;

		sk->counters[r][c] = v;
		diff = (__s64)v - (__s64)est;
		asm volatile("" : "+r"(diff));	/* branchless min */
		est += diff & (diff >> 63);
	}
	return est;
}
#endif

SEC("xdp")
int xdp_countmin(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;
	struct nf_stats *st;
	struct cm_sketch *sk;
	__u32 zero = 0;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
	sk = bpf_map_lookup_elem(&cm_sketch, &zero);
	if (!sk)
		return XDP_PASS;
	cm_note(st, &k, cm_update(sk, &k), 0);
	return XDP_PASS;
}
