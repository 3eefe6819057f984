// SPDX-License-Identifier: GPL-2.0
/*
 * cuckoo.bpf.c - cuckoo switch: look the flow key up in a blocked cuckoo
 * hash table (cuckoo.h) filled by the control plane (cuckoo_ctl.c, the
 * loader's insert/delete) and count packets per output port; with the
 * .rodata flag `forward` set, redirect hits to that port's ifindex. Misses
 * and everything the parser does not take pass. One body, four variants:
 *   NF_ENETSTL=1  enetstl_crc32c_flow() for the hash, enetstl_match16() to find
 *                 the slots whose signature matches, bit scans to walk them
 *   NF_ENETSTL=1, NF_FLAVOR_CRC=1 (cuckoo_crc_enetstl)  enetstl_crc32c_flow() only,
 *                 the slot scan of the pure-eBPF variant (which kfunc pays?)
 *   NF_ENETSTL=1, NF_FLAVOR_TABLE=1 (cuckoo_table_enetstl)  the whole lookup in
 *                 one enetstl_cuckoo_flow_find() (enetstl/cuckoo.h: the same
 *                 hash, buckets and scan as cuckoo_crc_enetstl) over the table
 *                 as one map value
 *   NF_ENETSTL=0  pure eBPF: table-driven CRC-32C, a slot-by-slot scan
 *   NF_ENETSTL=0, NF_FLAVOR_BEST=1 (cuckoo_best_ebpf)  the best pure eBPF for
 *                 the same contract: the hash is the top 32 bits of a
 *                 multiply-add-shift row (nf_mas.h, cuckoo.h; the control
 *                 plane hashes alike), the slot-by-slot scan
 * All compare full keys inline (40 bytes: five 8-byte words).
 */
#include "nf_parse.bpf.h"
#include "cuckoo.h"
#if NF_ENETSTL
#include <enetstl/enetstl.h>
#elif defined(NF_FLAVOR_BEST)
#include "nf_mas.h"
#else
#include "nf_hash.bpf.h"
#endif

char LICENSE[] SEC("license") = "GPL";

#include "cuckoo_maps.bpf.h"

#ifdef NF_FLAVOR_TABLE
/* The library's table is this NF's, slot for slot. */
_Static_assert(sizeof(struct ck_bucket) == sizeof(struct enetstl_cuckoo_bucket), "bucket");
_Static_assert(__builtin_offsetof(struct ck_bucket, port) ==
	       __builtin_offsetof(struct enetstl_cuckoo_bucket, val), "bucket values");
_Static_assert(__builtin_offsetof(struct ck_bucket, key) ==
	       __builtin_offsetof(struct enetstl_cuckoo_bucket, key), "bucket keys");
_Static_assert(CK_SLOTS == ENETSTL_CUCKOO_SLOTS, "slots");

SEC("xdp")
int xdp_cuckoo(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;
	struct nf_stats *st;
	__s64 port;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
	port = enetstl_cuckoo_flow_find(&k, &ck_table, sizeof(ck_table), CK_BUCKETS_LOG, CK_SEED);
	if (port < 0) {
		st->nf[CK_STAT_MISS]++;
		return XDP_PASS;
	}
	st->nf[CK_STAT_HIT]++;
	return ck_hit(port);
}
#else
/* Return: the slot of @k in bucket @b, or -1. */
#if NF_ENETSTL && !defined(NF_FLAVOR_CRC)
static __always_inline int bucket_find(struct ck_bucket *b, const struct enetstl_flow_key *k,
				       __u16 sig)
{
	__s64 mask = enetstl_match16(b->sig, sizeof(b->sig), sig);
	int n;

	for (n = 0; n < CK_SLOTS && mask > 0; n++) {
		__u32 i = (enetstl_ffs64(mask) - 1) & (CK_SLOTS - 1);

		if (ck_key_eq(&b->key[i], k))
			return i;
		mask &= mask - 1;
	}
	return -1;
}
#else
static __always_inline int bucket_find(struct ck_bucket *b, const struct enetstl_flow_key *k,
				       __u16 sig)
{
	return ck_bucket_find(b, k, sig);	/* cuckoo.h */
}
#endif

SEC("xdp")
int xdp_cuckoo(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;
	struct nf_stats *st;
	struct ck_bucket *b;
	__u32 h, idx;
	__u16 sig;
	int slot;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
#if NF_ENETSTL
	h = enetstl_crc32c_flow(&k, CK_SEED);
#elif defined(NF_FLAVOR_BEST)
	{
		__u64 x[NF_KEY_WORDS];

		nf_mas_words(&k, x);
		h = nf_mas_row(x, 0) >> 32;
	}
#else
	h = nf_crc32c_key(&k, CK_SEED);
#endif
	sig = ck_sig(h);
	idx = h & (CK_BUCKETS - 1);
	b = bpf_map_lookup_elem(&ck_table, &idx);
	if (!b)
		return XDP_PASS;
	slot = bucket_find(b, &k, sig);
	if (slot < 0) {
		idx = ck_alt(idx, sig);
		b = bpf_map_lookup_elem(&ck_table, &idx);
		if (!b)
			return XDP_PASS;
		slot = bucket_find(b, &k, sig);
		if (slot < 0) {
			st->nf[CK_STAT_MISS]++;
			return XDP_PASS;
		}
	}
	st->nf[CK_STAT_HIT]++;
	return ck_hit(b->port[slot & (CK_SLOTS - 1)]);
}
#endif
