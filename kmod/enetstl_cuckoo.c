// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_cuckoo.c - enetstl_cuckoo_flow_find(): a flow key's lookup in a
 * blocked cuckoo table (enetstl/cuckoo.h) in one call: the CRC-32C, both
 * buckets, signatures and keys. General registers only, no FPU section.
 */
#include <linux/kernel.h>
#include <linux/compiler.h>

#include <enetstl/cuckoo.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"

#define ENETSTL_CUCKOO_ALT_MUL	0x5bd1e995u

/* The key's words @k against a slot's key, a 64-bit word at a time. */
static __always_inline bool enetstl_cuckoo_key_eq(const struct enetstl_flow_key *slot,
						  const u64 *k)
{
	const u64 *s = (const u64 *)slot;

	return ((s[0] ^ k[0]) | (s[1] ^ k[1]) | (s[2] ^ k[2]) | (s[3] ^ k[3]) |
		(s[4] ^ k[4])) == 0;
}

/*
 * The slot of @b holding @sig and key words @k, or -1: slots 0 to 15,
 * unrolled. Plain reads of a table the control plane may be writing: a
 * torn slot only fails to match, and a plain read lets each signature be
 * compared in memory (cmp + je; READ_ONCE() costs a load more per slot).
 */
static __always_inline int enetstl_cuckoo_bucket_find(const struct enetstl_cuckoo_bucket *b,
						      const u64 *k, u16 sig)
{
	int i;

#pragma GCC unroll 16
	for (i = 0; i < ENETSTL_CUCKOO_SLOTS; i++)
		if (b->sig[i] == sig && enetstl_cuckoo_key_eq(&b->key[i], k))
			return i;
	return -1;
}

__bpf_kfunc_start_defs();

__bpf_kfunc s64 enetstl_cuckoo_flow_find(const struct enetstl_flow_key *key, const void *table,
					 u32 table__sz, u32 buckets_log, u32 seed)
{
	const struct enetstl_cuckoo_bucket *tab = table, *b;
	const u64 *k = (const u64 *)key;
	u32 h, mask, b1;
	u16 sig;
	int i;

	/* up to 6.x the verifier lets an unchecked map value through with its size */
	if (unlikely(!key))
		return -EINVAL;
	barrier();	/* a branch each: gcc would merge the tests with setcc and or */
	/* table__sz >> log < bucket size: table__sz < bucket size << log */
	if (unlikely(!table) || buckets_log > ENETSTL_CUCKOO_MAX_BUCKETS_LOG ||
	    (table__sz >> buckets_log) < sizeof(*tab))
		return -EINVAL;
	h = enetstl_crc32c_key40(seed, (const u8 *)key);
	sig = h >> 16 ? h >> 16 : 1;
	mask = (1u << buckets_log) - 1;
	b1 = h & mask;
	b = &tab[b1];
	i = enetstl_cuckoo_bucket_find(b, k, sig);
	if (i < 0) {
		/* a 64-bit shift: buckets_log 0 shifts by 32 and gives b1 */
		b = &tab[(b1 ^ (u32)((u64)(u32)(sig * ENETSTL_CUCKOO_ALT_MUL) >>
				     (32 - buckets_log))) & mask];
		i = enetstl_cuckoo_bucket_find(b, k, sig);
		if (i < 0)
			return -ENOENT;
	}
	return READ_ONCE(b->val[i]);
}

__bpf_kfunc_end_defs();

static_assert(sizeof(struct enetstl_cuckoo_bucket) == ENETSTL_CUCKOO_BUCKET_SIZE);
static_assert(sizeof(struct enetstl_flow_key) == 5 * sizeof(u64));
