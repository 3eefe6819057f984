/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/cuckoo.h - a blocked cuckoo hash table of flow keys, looked up in
 * one kfunc call: the hash, both buckets, the signatures and the keys.
 */
#ifndef _ENETSTL_CUCKOO_H
#define _ENETSTL_CUCKOO_H

#include <enetstl/kfunc.h>
#include <enetstl/flow.h>

/** ENETSTL_CUCKOO_SLOTS - slots in a bucket. */
#define ENETSTL_CUCKOO_SLOTS 16
/** ENETSTL_CUCKOO_MAX_BUCKETS_LOG - the largest log2 of a table's buckets. */
#define ENETSTL_CUCKOO_MAX_BUCKETS_LOG 16
/** ENETSTL_CUCKOO_BUCKET_SIZE - sizeof(struct enetstl_cuckoo_bucket). */
#define ENETSTL_CUCKOO_BUCKET_SIZE 736

/**
 * struct enetstl_cuckoo_bucket - one bucket of a flow table
 * @sig: each slot's signature; 0 marks a free slot
 * @val: each slot's value (for example an output port)
 * @key: each slot's flow key
 *
 * A table is 2^n of these back to back (n = @buckets_log of
 * enetstl_cuckoo_flow_find()), in one map value (an array map of one entry,
 * BPF_F_MMAPABLE so that the control plane writes it in place), global data
 * or any memory the verifier sizes. Slot i of a bucket holds the entry
 * (@sig[i], @val[i], @key[i]).
 */
struct enetstl_cuckoo_bucket {
	__u16 sig[ENETSTL_CUCKOO_SLOTS];
	__u32 val[ENETSTL_CUCKOO_SLOTS];
	struct enetstl_flow_key key[ENETSTL_CUCKOO_SLOTS];
};

/**
 * enetstl_cuckoo_flow_find() - look a flow key up in a blocked cuckoo table
 * @key: the flow key (enetstl/flow.h; packet, map value or stack), read
 *       as five 64-bit words: 8-byte aligned, as its type is (a key in a
 *       packet at another offset only where the CPU allows unaligned
 *       loads, as x86-64 does)
 * @table: the table: struct enetstl_cuckoo_bucket[2^@buckets_log]
 * @table__sz: its size in bytes, which the verifier checks @table has; at
 *             least ENETSTL_CUCKOO_BUCKET_SIZE << @buckets_log (more is
 *             allowed and not read)
 * @buckets_log: log2 of the table's buckets, 0..ENETSTL_CUCKOO_MAX_BUCKETS_LOG
 * @seed: the table's CRC-32C seed
 *
 * The key's hash, signature and two buckets, with N = 2^@buckets_log
 * (all arithmetic on 32-bit unsigned values, modulo 2^32):
 *
 *   h   = enetstl_crc32c_flow(@key, @seed)   (CRC-32C, no inversion)
 *   sig = h >> 16, or 1 where that is 0
 *   b1  = h & (N - 1)
 *   b2  = (b1 ^ ((sig * 0x5bd1e995) >> (32 - @buckets_log))) & (N - 1),
 *         and b2 = b1 when @buckets_log is 0
 *
 * b2's formula gives b1 back from b2 and sig, so a control plane can move
 * an entry between its two buckets without the key's hash. The lookup
 * scans bucket b1, slots 0 to 15, then bucket b2, slots 0 to 15, and stops
 * at the first slot whose signature is sig and whose 40-byte key equals
 * @key byte for byte. A key stored twice is found at its first place in
 * that order; a control plane that fills a bucket's first free slot makes
 * common keys cheap. Nothing is written and nothing is locked: a control
 * plane may change the table while programs read it (plain loads, no
 * ordering). A lookup returns the value of a slot whose signature and key
 * it read as matching; a slot rewritten during that lookup may yield the
 * old value, the new one, or a miss. So write a new entry's value and key
 * before its signature, and let a freed slot (signature 0) rest for longer
 * than a lookup takes before it holds another key.
 *
 * General registers only (the CPU's crc32 instruction where it has it):
 * no FPU section.
 *
 * Return: the value of the slot found (0..2^32 - 1); -ENOENT if no slot
 * holds @key; -EINVAL if @buckets_log is above
 * ENETSTL_CUCKOO_MAX_BUCKETS_LOG, @table__sz is below the table's size, or
 * @key or @table is NULL (a map value not checked, which verifiers before
 * Linux 7.x let through).
 */
extern __s64 enetstl_cuckoo_flow_find(const struct enetstl_flow_key *key, const void *table,
				      __u32 table__sz, __u32 buckets_log, __u32 seed) ENETSTL_KFUNC;

#endif /* _ENETSTL_CUCKOO_H */
