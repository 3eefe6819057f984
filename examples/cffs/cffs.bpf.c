// SPDX-License-Identifier: GPL-2.0
/*
 * cffs.bpf.c - cFFS-style priority queue (cffs.h): enqueue each packet at
 * its flow's rank, dequeue the lowest ranks while more than qlen are queued.
 * One body, three variants:
 *   NF_ENETSTL=1  enetstl_ctz64() for the two bitmap scans
 *   NF_ENETSTL=0  pure eBPF: a branchless binary-search bit scan
 *   NF_ENETSTL=0, NF_FLAVOR_BEST=1 (cffs_best_ebpf)  pure eBPF, the fastest
 *                 scan: a de Bruijn multiply and a 64-byte table
 *   NF_ENETSTL=1, NF_FLAVOR_QUEUE=1 (cffs_queue_enetstl)  the queue itself in
 *                 the library: enetstl_cffs_push() until the queue holds qlen,
 *                 then enetstl_cffs_push_pop_min() (enqueue and dequeue in
 *                 one call), on the state's first members (struct
 *                 enetstl_cffs, the same layout)
 * .rodata: qlen (queue length kept, >= 1).
 */
#include "nf_parse.bpf.h"
#include "cffs.h"
#if NF_ENETSTL
#include <enetstl/enetstl.h>
#else
#include "nf_bits.bpf.h"
#endif

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 qlen = 64;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cf_state);
} cf_state SEC(".maps");

#ifdef NF_FLAVOR_QUEUE
_Static_assert(__builtin_offsetof(struct cf_state, queued) == sizeof(struct enetstl_cffs),
	       "cf_state begins with an enetstl_cffs");

/*
 * Enqueue rank @r and, when that makes more than qlen, dequeue the lowest:
 * the rank dequeued, or -1. Errors never happen: the rank is below
 * CF_RANKS and the library keeps the queue.
 */
static __always_inline int cf_step(struct cf_state *q, __u32 r)
{
	struct enetstl_cffs *cq = (struct enetstl_cffs *)q;

	if (q->queued < qlen) {
		if (!enetstl_cffs_push(cq, r))
			q->queued++;
		return -1;
	}
	/* a full queue: enqueue, then dequeue the lowest rank, in one call */
	return enetstl_cffs_push_pop_min(cq, r);
}
#else
/* Index of the lowest set bit of a non-zero word. */
static __always_inline __u32 lowest(__u64 x)
{
#if NF_ENETSTL
	return enetstl_ctz64(x);
#elif defined(NF_FLAVOR_BEST)
	return nf_ctz64_debruijn(x);
#else
	return nf_ctz64(x);
#endif
}

/* cf_step() with the queue in the program. */
static __always_inline int cf_step(struct cf_state *q, __u32 r)
{
	__u32 w, i;

	q->count[r]++;
	q->l1[r / 64] |= 1ull << (r % 64);
	q->l0 |= 1ull << (r / 64);
	q->queued++;
	if (q->queued <= qlen || !q->l0)
		return -1;
	/*
	 * Bound each index right where it is used: the 6.1 verifier loses the
	 * bound of a 32-bit OR, and with clang-19 also that of the word index
	 * (the barrier keeps the AND next to its use).
	 */
	w = lowest(q->l0);
	asm volatile("" : "+r"(w));
	w &= 63;
	i = lowest(q->l1[w]) & 63;
	r = w * 64 + i;
	asm volatile("" : "+r"(r));
	r &= CF_RANKS - 1;
	q->queued--;
	if (--q->count[r] == 0) {
		q->l1[w] &= ~(1ull << i);
		if (!q->l1[w])
			q->l0 &= ~(1ull << w);
	}
	return r;
}
#endif

SEC("xdp")
int xdp_cffs(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;
	struct nf_stats *st;
	struct cf_state *q;
	__u32 zero = 0;
	int r;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
	q = bpf_map_lookup_elem(&cf_state, &zero);
	if (!q)
		return XDP_PASS;
	/* one enqueue per packet: at most one dequeue keeps the length at qlen */
	r = cf_step(q, cf_rank(&k));
	if (r < 0)
		return XDP_PASS;
	q->dequeued++;
	q->rank_sum += r;
	q->decisions = q->decisions * 31 + r;
	return XDP_PASS;
}
