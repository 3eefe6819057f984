// SPDX-License-Identifier: GPL-2.0
/*
 * htss.bpf.c - HTSS-style membership table (htss.h): look the flow's
 * signature up in its bucket, learn it on a miss. The table is one shared
 * array; CPUs learning the same new flow at once may store it twice, which
 * costs a slot and changes no answer. One body, three variants:
 *   NF_ENETSTL=1  enetstl_crc32c_flow(), enetstl_find32() for the signature and,
 *                 on a miss, for the first free slot
 *   NF_ENETSTL=1, NF_FLAVOR_CRC=1 (htss_crc_enetstl)  enetstl_crc32c_flow() only
 *   NF_ENETSTL=0  pure eBPF: table-driven CRC-32C, slot-by-slot scans
 *   NF_ENETSTL=0, NF_FLAVOR_BEST=1 (htss_best_ebpf)  the best pure eBPF for
 *                 the same contract: h is the top 32 bits of
 *                 multiply-add-shift row 0 (nf_mas.h), bucket and signature
 *                 from h as htss.h says, about 35 instructions instead of a
 *                 40-step table CRC; the slot-by-slot scans of the pure-eBPF
 *                 variant, which stop at the first match (SWAR, two
 *                 signatures to a 64-bit word, costs as many instructions
 *                 per slot as the unrolled compare and reads the whole
 *                 bucket: about 5 ns per packet slower, measured natively)
 */
#include "nf_parse.bpf.h"
#include "htss.h"
#if NF_ENETSTL
#include <enetstl/enetstl.h>
#elif defined(NF_FLAVOR_BEST)
#include "nf_mas.h"
#else
#include "nf_hash.bpf.h"
#endif

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HT_BUCKETS);
	__type(key, __u32);
	__type(value, struct ht_bucket);
} ht_table SEC(".maps");

/* Return: the first slot of @b holding @v, or -1. */
#if NF_ENETSTL && !defined(NF_FLAVOR_CRC)
static __always_inline int find(struct ht_bucket *b, __u32 v)
{
	int i = enetstl_find32(b->sig, sizeof(b->sig), v);

	return i < 0 ? -1 : i;
}
#else
static __always_inline int find(struct ht_bucket *b, __u32 v)
{
	int i;

#pragma unroll
	for (i = 0; i < HT_SLOTS; i++)
		if (b->sig[i] == v)
			return i;
	return -1;
}
#endif

SEC("xdp")
int xdp_htss(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;
	struct nf_stats *st;
	struct ht_bucket *b;
	__u32 h, idx, sig;
	int slot;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
#if NF_ENETSTL
	h = enetstl_crc32c_flow(&k, HT_SEED);
#elif defined(NF_FLAVOR_BEST)
	{
		__u64 x[NF_KEY_WORDS];

		nf_mas_words(&k, x);
		h = nf_mas_row(x, 0) >> 32;
	}
#else
	h = nf_crc32c_key(&k, HT_SEED);
#endif
	idx = ht_bucket_of(h);
	sig = ht_sig_of(h);
	b = bpf_map_lookup_elem(&ht_table, &idx);
	if (!b)
		return XDP_PASS;
	if (find(b, sig) >= 0) {
		st->nf[HT_STAT_KNOWN]++;
		return XDP_PASS;
	}
	slot = find(b, 0);
	if (slot < 0) {
		st->nf[HT_STAT_FULL]++;
		return XDP_PASS;
	}
	b->sig[slot & (HT_SLOTS - 1)] = sig;
	st->nf[HT_STAT_NEW]++;
	return XDP_PASS;
}
