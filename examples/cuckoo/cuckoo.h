/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cuckoo.h - the cuckoo switch, shared by cuckoo.bpf.c and its control plane
 * (cuckoo_ctl.c): a blocked cuckoo hash table of CK_BUCKETS buckets of 16
 * slots, each slot a 16-bit signature, a 40-byte flow key and an output port.
 *
 * A key's hash is h = CRC-32C(key, CK_SEED) (no inversion, as enetstl_crc32c
 * computes it); its signature is h >> 16 (0 is read as 1: 0 marks a free
 * slot); its buckets are b1 = h mod CK_BUCKETS and b2 = ck_alt(b1, sig), and
 * ck_alt(b2, sig) is b1 again, so an entry can move without its key's hash.
 * That is enetstl/cuckoo.h's table with 2^CK_BUCKETS_LOG buckets, whose
 * enetstl_cuckoo_flow_find() does the whole lookup of cuckoo_table_enetstl.
 *
 * The best pure-eBPF variant (cuckoo_best_ebpf) hashes otherwise: h is the
 * top 32 bits of row 0 of the multiply-add-shift family (nf_mas.h),
 * h = (__u32)(nf_mas_row(x, 0) >> 32) with x = nf_mas_words(key), and the
 * signature and buckets come from h as above. Its control plane must hash
 * the same way (struct ck_ctl's hash, CK_HASH_MAS): a table filled for one
 * hash is garbage to the other.
 */
#ifndef _CUCKOO_H
#define _CUCKOO_H

#include <linux/types.h>
#include "nf_common.h"

#ifndef CK_BUCKETS_LOG
#define CK_BUCKETS_LOG 10
#endif
#define CK_BUCKETS	(1u << CK_BUCKETS_LOG)
#define CK_SLOTS	16
#define CK_CAPACITY	(CK_BUCKETS * CK_SLOTS)
#define CK_SEED		0xffffffffu
#define CK_PORTS	256	/* ports counted in ck_ports (port % CK_PORTS) */

struct ck_bucket {
	__u16 sig[CK_SLOTS];		/* 0: free slot */
	__u32 port[CK_SLOTS];
	struct enetstl_flow_key key[CK_SLOTS];
};

/* The whole table as one value (the table flavor's ck_table map). */
struct ck_table {
	struct ck_bucket b[CK_BUCKETS];
};

struct ck_port_stats {
	__u64 packets[CK_PORTS];
};

/* struct nf_stats.nf[] of this NF */
#define CK_STAT_HIT	0
#define CK_STAT_MISS	1

static inline __u16 ck_sig(__u32 h)
{
	__u16 s = h >> 16;

	return s ? s : 1;
}

/* Whole-key equality, a 64-bit word at a time (keys are 8-aligned). */
static inline int ck_key_eq(const struct enetstl_flow_key *a, const struct enetstl_flow_key *b)
{
	const __u64 *x = (const __u64 *)a, *y = (const __u64 *)b;

	return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]) |
		(x[4] ^ y[4])) == 0;
}

/*
 * The slot of @k in @b, or -1: slot by slot, unrolled, stopping at the
 * first slot whose signature and whole key match (a key in slot i costs
 * i + 1 signature compares; the control plane fills a bucket's first free
 * slot). The scan of cuckoo_ebpf, cuckoo_crc_enetstl, cuckoo_best_ebpf and
 * the kernel-C twin (tests/bench/nfmod/nfc.c). Until 2026-12-07 the best
 * variant and the twin compared four signatures to a 64-bit word (SWAR)
 * with a bit scan per candidate; under -icount on 6.1 that cost the best
 * eBPF 6.5-24 instructions a packet more (95% to 25% load), the twin 39-42.
 */
static inline __attribute__((always_inline)) int
ck_bucket_find(const struct ck_bucket *b, const struct enetstl_flow_key *k, __u16 sig)
{
	int i;

#ifdef __clang__
#pragma unroll
#else
#pragma GCC unroll 16
#endif
	for (i = 0; i < CK_SLOTS; i++)
		if (b->sig[i] == sig && ck_key_eq(&b->key[i], k))
			return i;
	return -1;
}

static inline __u32 ck_alt(__u32 b, __u16 sig)
{
	return (b ^ (((__u32)sig * 0x5bd1e995u) >> (32 - CK_BUCKETS_LOG))) & (CK_BUCKETS - 1);
}

#endif
