/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_mem_index.h - the hashed index of an ordered list
 * (enetstl_node_index()): finds by whole key in a bucket instead of a
 * descent. Its code: enetstl_mem_index.c; the lookup, inlined into the
 * finds, is here.
 *
 * One index per container, over the list of one head, for keys of one
 * length. Its members are exactly the live nodes enetstl_node_insert()
 * put into that list: a member leaves it when it is killed (erase, or the
 * container's destroy), and the slots of the head and of members cannot be
 * changed by enetstl_node_link()/unlink(), so every member is on the list
 * and every node inserted into the list is a member.
 *
 * Buckets of ENETSTL_INDEX_WAYS ways (a key hash and a node), a power of 2
 * of them, at least the entries asked for, so the mean load is at most one
 * node a bucket. A member whose bucket is full is only counted in the
 * bucket's over: a lookup that misses in a bucket with over > 0 descends
 * the list as an unindexed find does. The hash is CRC-32C of the key
 * (unkeyed and linear: colliding keys are easy to make), so a flood of
 * colliding keys costs what the list cost without an index, never more
 * than a descent and a bucket; it cannot make the index wrong.
 *
 * Writers hold the container lock; a way is filled hash first, node last
 * (a release), and emptied node first. Readers (RCU) compare the key of
 * the node a way points at, so a way read half changed is a miss or a
 * right answer, as a descent that meets a concurrent insert or erase is.
 */
#ifndef _ENETSTL_KMOD_MEM_INDEX_H
#define _ENETSTL_KMOD_MEM_INDEX_H

#include "enetstl_internal.h"
#include "enetstl_mem.h"

#define ENETSTL_INDEX_WAYS	4

struct enetstl_index_bucket {
	u32 hash[ENETSTL_INDEX_WAYS];		/* the key hash of node[w] */
	struct enetstl_node *node[ENETSTL_INDEX_WAYS];	/* NULL: an empty way */
	u32 over;				/* members this full bucket could not take */
	u32 pad;
};

struct enetstl_index {
	struct enetstl_node *head;	/* the indexed list's head */
	u32 key_len;			/* the keys it indexes: finds of other sizes descend */
	u32 mask;			/* buckets - 1 */
	u64 bytes;			/* charged to the container */
	struct rcu_head rcu;
	struct enetstl_index_bucket b[];
};

/* CRC-32C of a @len-byte key (raw update from 0), the crc32 instruction when there is one. */
static __always_inline u32 enetstl_index_hash(const u8 *key, u32 len)
{
#ifdef ENETSTL_HAVE_CRC32C_HW
	if (static_branch_likely(&enetstl_crc32c_use_hw))
		return len == 40 ? enetstl_crc32c_hw40(0, key) : enetstl_crc32c_hw(0, key, len);
#endif
	return enetstl_crc32c_sw(enetstl_crc32c_table, 0, key, len);
}

/* Key equality, a word at a time for keys of whole words. */
static __always_inline bool enetstl_index_key_eq(const u8 *a, const u8 *b, u32 len)
{
	u64 d = 0;
	u32 i;

	if (len % 8)
		return !memcmp(a, b, len);
#pragma GCC unroll 8
	for (i = 0; i < len; i += 8)
		d |= get_unaligned((const u64 *)(a + i)) ^ get_unaligned((const u64 *)(b + i));
	return !d;
}

/*
 * RCU read side. The member of @idx with key @key (@len == idx->key_len),
 * or NULL; *@descend: NULL because its bucket is full and counts members
 * that only a descent finds.
 */
static __always_inline struct enetstl_node *
enetstl_index_find(const struct enetstl_index *idx, const u8 *key, u32 len, bool *descend)
{
	u32 h = enetstl_index_hash(key, len);
	const struct enetstl_index_bucket *b = &idx->b[h & idx->mask];
	struct enetstl_node *t;
	int w;

#pragma GCC unroll 4
	for (w = 0; w < ENETSTL_INDEX_WAYS; w++) {
		if (READ_ONCE(b->hash[w]) != h)
			continue;
		t = READ_ONCE(b->node[w]);
		if (t && enetstl_index_key_eq(t->data, key, len))
			return t;
	}
	*descend = READ_ONCE(b->over);
	return NULL;
}

/* Flow keys (16 bytes, and 40: a 5-tuple with IPv6 addresses) get their own copies. */
#define ENETSTL_INDEX_FIND(idx, key, len, descend)				\
	((len) == 40 ? enetstl_index_find(idx, key, 40, descend) :		\
	 (len) == 16 ? enetstl_index_find(idx, key, 16, descend) :		\
		       enetstl_index_find(idx, key, len, descend))

/* enetstl_mem_index.c */
void enetstl_index_add(struct enetstl_index *idx, struct enetstl_node *n);
void enetstl_index_forget(struct enetstl_mem *c, struct enetstl_node *n);
void enetstl_index_free(struct enetstl_mem *c);

#endif /* _ENETSTL_KMOD_MEM_INDEX_H */
