// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_mem_ordered.c - ordered lists over a container's nodes (a skip
 * list's levels are slots 0..levels-1): budgeted descents, search, find,
 * insert and erase. The design: enetstl_mem.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>

#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "enetstl_mem.h"
#include "enetstl_mem_index.h"

/* memcmp() order, a word at a time (the kernel's memcmp() goes bytewise). */
static __always_inline int enetstl_key_cmp(const u8 *a, const u8 *b, u32 n)
{
	for (; n >= 8; n -= 8, a += 8, b += 8) {
		u64 x = get_unaligned_be64(a), y = get_unaligned_be64(b);

		if (x != y)
			return x < y ? -1 : 1;
	}
	for (; n; n--, a++, b++)
		if (*a != *b)
			return *a < *b ? -1 : 1;
	return 0;
}

/*
 * Keys of whole 8-byte words (16: the skip list's, 40: a 5-tuple with IPv6
 * addresses): the key's words are byte-swapped once, in @kw.
 */
static __always_inline int enetstl_key_cmpw(const u8 *a, const u64 *kw, u32 nw)
{
	u64 x;
	u32 i;

	/*
	 * Written so that one compare of a swapped word decides <, > or =;
	 * unrolled (@nw is a constant): a loop costs three more instructions
	 * a word, and a node visit usually decides on the first word.
	 */
#pragma GCC unroll 8
	for (i = 0; i < nw - 1; i++) {
		x = get_unaligned_be64(a + 8 * i);
		if (x < kw[i])
			return -1;
		if (x > kw[i])
			return 1;
	}
	x = get_unaligned_be64(a + 8 * i);
	return x < kw[i] ? -1 : x != kw[i];
}

#define ENETSTL_KEY_WORDS_MAX	5	/* the largest key of whole words a descent specialises */

/*
 * The descent of an ordered list from @x: for each level from @levels - 1
 * down to 0, move along it while the next node's key is below @key;
 * @preds[l] (if wanted) is where level l stopped. Returns the level-0 stop,
 * or NULL at ENETSTL_MEM_WALK_MOVES(@ksz) moves (programs can build cycles:
 * the budget bounds the bytes compared, whatever the key size);
 * *@hit is the stop's successor when its key equals @key, else NULL.
 * Called under RCU or the container lock, so every node reached through a
 * slot stays allocated meanwhile. Inlined, so that a constant @ksz and NULL
 * @preds fold away (ENETSTL_DESCEND).
 */
static __always_inline struct enetstl_node *
enetstl_descend(struct enetstl_node *x, const u8 *key, u32 ksz, int levels,
		struct enetstl_node **preds, struct enetstl_node **hit)
{
	u32 budget = ENETSTL_MEM_WALK_MOVES(ksz) / 2;
	bool words = ksz == 16 || ksz == 40;
	u64 kw[ENETSTL_KEY_WORDS_MAX] __uninitialized;	/* words: all written first */
	/* @x's slots above its top are empty: on those levels the walk stays on @x */
	int top = min_t(int, levels, READ_ONCE(x->top));
	struct enetstl_node *t = NULL;
	u32 i;
	int l;

	if (words)
#pragma GCC unroll 8
		for (i = 0; i < ksz / 8; i++)
			kw[i] = get_unaligned_be64(key + 8 * i);
#define ENETSTL_KEY_CMP(t) (words ? enetstl_key_cmpw((t)->data, kw, ksz / 8) :	\
				    enetstl_key_cmp((t)->data, key, ksz))
	if (preds)
		for (l = levels - 1; l >= top; l--)
			preds[l] = x;
	for (l = top - 1; l >= 0; l--) {
		/* Two moves per budget check: the check is a fifth of a move's cost. */
		for (;;) {
			t = READ_ONCE(x->slots[l]);
			if (!t || ENETSTL_KEY_CMP(t) >= 0)
				break;
			x = t;
			t = READ_ONCE(x->slots[l]);
			if (!t || ENETSTL_KEY_CMP(t) >= 0)
				break;
			x = t;
			if (unlikely(!--budget))
				return NULL;
		}
		if (preds)
			preds[l] = x;
	}
	/* t: x's successor on level 0, not below the key; equal? (compared again, cheaper than tracking it) */
	*hit = t && !ENETSTL_KEY_CMP(t) ? t : NULL;
#undef ENETSTL_KEY_CMP
	return x;
}

/* 16- and 40-byte keys (flow keys) get their own copies of the descent. */
#define ENETSTL_DESCEND(x, key, ksz, levels, preds, hit)				\
	((ksz) == 16 ? enetstl_descend(x, key, 16, levels, preds, hit) :		\
	 (ksz) == 40 ? enetstl_descend(x, key, 40, levels, preds, hit) :		\
		       enetstl_descend(x, key, ksz, levels, preds, hit))

/* Key sizes the ordered-list calls accept, for a container of @c's payload. */
static __always_inline bool enetstl_key_ok(const struct enetstl_mem *c, u32 ksz)
{
	return ksz && ksz <= c->payload_size && ksz <= ENETSTL_MEM_KEY_MAX;
}

/*
 * RCU read side. The node a descent from @x finds with key @key, or NULL.
 * Out of line: a find that its list's index answers pays nothing for the
 * descent's registers and stack (its key words are a stack array, with a
 * stack protector).
 */
static noinline struct enetstl_node *enetstl_find_walk(struct enetstl_node *x, const void *key,
						       u32 key__sz)
{
	struct enetstl_node *hit = NULL;

	if (!ENETSTL_DESCEND(x, key, key__sz, ENETSTL_MEM_SLOTS, NULL, &hit))
		return NULL;
	return hit;
}

/*
 * RCU read side. The live node with key @key in the list from @head, and
 * its container in *@cp; NULL for none, a bad key size or a walk over
 * budget. The list's index, if it has one for keys of @key__sz bytes,
 * answers first; a descent only when the key's bucket was full.
 */
static __always_inline struct enetstl_node *enetstl_find_live(u64 head, const void *key,
							      u32 key__sz, struct enetstl_mem **cp)
{
	struct enetstl_node *x, *hit = NULL;
	struct enetstl_index *idx;
	bool descend = true;

	x = enetstl_head_load(head, cp);
	if (!x || !enetstl_key_ok(*cp, key__sz))
		return NULL;
	idx = rcu_dereference_raw((*cp)->index);	/* under either RCU flavour: enetstl_read_lock() */
	if (idx && idx->head == x && idx->key_len == key__sz)
		hit = ENETSTL_INDEX_FIND(idx, key, key__sz, &descend);
	if (!hit && descend)
		hit = enetstl_find_walk(x, key, key__sz);
	return hit && READ_ONCE(hit->live) ? hit : NULL;
}

__bpf_kfunc_start_defs();

__bpf_kfunc s64 enetstl_node_search(u64 start, const void *key, u32 key__sz,
				    u64 *preds, u32 preds__sz)
{
	struct enetstl_node *x, *hit, *p[ENETSTL_MEM_SLOTS] __uninitialized;
	u32 levels = preds__sz / sizeof(u64);
	struct enetstl_mem *c;
	s64 ret = 0;
	int l;

	if (!key || !key__sz || !preds || !levels || levels > ENETSTL_MEM_SLOTS ||
	    preds__sz % sizeof(u64))
		return -EINVAL;
	enetstl_read_lock();
	x = enetstl_head_load(start, &c);
	if (!x) {
		ret = -ENOENT;
		goto out;
	}
	if (!enetstl_key_ok(c, key__sz)) {
		ret = -EINVAL;
		goto out;
	}
	/* Lock-free, like enetstl_node_get(). */
	if (!ENETSTL_DESCEND(x, key, key__sz, levels, p, &hit)) {
		ret = -ELOOP;
		goto out;
	}
	for (l = 0; l < levels; l++)
		preds[l] = enetstl_node_handle_of(p[l]);
	if (hit)
		ret = enetstl_node_handle_of(hit);
out:
	enetstl_read_unlock();
	return ret;
}

__bpf_kfunc struct enetstl_node *enetstl_node_find(u64 head, const void *key, u32 key__sz)
{
	struct enetstl_node *hit;
	struct enetstl_mem *c;

	if (!key || !key__sz)
		return NULL;
	enetstl_read_lock();
	hit = enetstl_find_live(head, key, key__sz, &c);
	if (hit && !refcount_inc_not_zero(&hit->refs))
		hit = NULL;
	enetstl_read_unlock();
	return hit;
}

/*
 * enetstl_node_find_data() for any list and key size: the descent and the
 * generic key code are here, out of line, so that the common case below
 * saves no registers for them.
 */
static noinline u8 *enetstl_find_data_any(u64 head, const void *key, u32 key__sz,
					  u32 rdwr_buf_size)
{
	struct enetstl_node *hit;
	struct enetstl_mem *c;

	enetstl_read_lock();
	hit = enetstl_find_live(head, key, key__sz, &c);
	if (hit && rdwr_buf_size > c->payload_size)
		hit = NULL;
	enetstl_read_unlock();
	return hit ? hit->data : NULL;
}

/*
 * XDP and TC only. No reference: the payload stays valid until the program
 * returns because node memory is freed or reused only an RCU grace period
 * after its last reference goes (enetstl_node_put()), and these programs
 * run inside an RCU read-side section that began before the node was
 * reached (so before that reference could go). SYSCALL programs may sleep:
 * they are not given this kfunc. That section (rcu_read_lock(), or bottom
 * halves off, which RCU waits for as well) also covers the handle table,
 * the index and the nodes this reads, so the common case takes no read
 * lock of its own. Flattened: the handle table's lookup
 * (which GCC keeps out of line on 6.1 and 6.12) is inlined with its hash,
 * so the handle stays in a register, with no stack protector. Inline only
 * what a flow key's find in its list's index needs (16- or 40-byte keys,
 * the index answering); anything else (no index, other key sizes, a full
 * bucket's descent) starts again in enetstl_find_data_any(), whose answer
 * is the same.
 */
__bpf_kfunc __attribute__((flatten)) u8 *enetstl_node_find_data(u64 head, const void *key,
								 u32 key__sz, u32 rdwr_buf_size)
{
	struct enetstl_node *x, *hit;
	struct enetstl_index *idx;
	struct enetstl_mem *c;
	bool descend = true;

	if (!key || !key__sz || !rdwr_buf_size)
		return NULL;
	if (key__sz != 40 && key__sz != 16)
		return enetstl_find_data_any(head, key, key__sz, rdwr_buf_size);
	x = enetstl_head_load(head, &c);
	if (!x || !enetstl_key_ok(c, key__sz))
		return NULL;
	idx = rcu_dereference_raw(c->index);	/* the program's RCU read side */
	if (!idx || idx->head != x || idx->key_len != key__sz)
		goto any;
	hit = key__sz == 40 ? enetstl_index_find(idx, key, 40, &descend) :
			      enetstl_index_find(idx, key, 16, &descend);
	if (!hit && descend)
		goto any;
	if (hit && (!READ_ONCE(hit->live) || rdwr_buf_size > c->payload_size))
		hit = NULL;
	return hit ? hit->data : NULL;
any:
	return enetstl_find_data_any(head, key, key__sz, rdwr_buf_size);
}

/*
 * Container lock held. Where a node with the key @key goes in the list from
 * @x: fills @preds; 0, -EEXIST (a live node has the key), -ESTALE (it would
 * follow a node freed while still linked), -ELOOP.
 */
static int enetstl_list_place(struct enetstl_node *x, const u8 *key, u32 key__sz, u32 levels,
			      struct enetstl_node **preds)
{
	struct enetstl_node *hit;
	u32 l;

	if (!ENETSTL_DESCEND(x, key, key__sz, ENETSTL_MEM_SLOTS, preds, &hit))
		return -ELOOP;
	if (hit && hit->live)
		return -EEXIST;
	for (l = 0; l < levels; l++)
		if (!preds[l]->live)
			return -ESTALE;
	return 0;
}

/*
 * Container lock held. Link live @n after @preds on levels 0 .. @levels - 1.
 * The predecessor's reference on its successor moves to @n's slot; each
 * predecessor gains one on @n. @n is complete before it is published, so a
 * lock-free walk sees it whole or not at all.
 */
static void enetstl_list_splice(struct enetstl_node *n, struct enetstl_node **preds, u32 levels)
{
	u32 l;

	for (l = 0; l < levels; l++)
		enetstl_slot_set(n, l, preds[l]->slots[l], false);
	n->linked += levels;
	for (l = 0; l < levels; l++) {
		refcount_inc(&n->refs);
		/* publish: @n's slots and payload are visible before @n is */
		enetstl_slot_set(preds[l], l, n, true);
	}
}

/*
 * Takes the program's reference to @n, as enetstl_node_release() would: a
 * fresh node that is not inserted is freed, one already live stays in its
 * container.
 */
__bpf_kfunc int enetstl_node_insert(struct enetstl_node *n, u64 head, u32 key_len, u32 levels)
{
	/* every level is written by the descent before it is read: no zeroing */
	struct enetstl_node *x, *preds[ENETSTL_MEM_SLOTS] __uninitialized;
	struct enetstl_index *idx;
	struct enetstl_mem *c, *hc;
	bool adopted = false, bh;
	int err = 0;
	u32 l;

	if (!n)
		return -EINVAL;
	c = n->owner;
	if (!levels || levels > ENETSTL_MEM_SLOTS || !enetstl_key_ok(c, key_len)) {
		err = -EINVAL;
		goto put;
	}
	enetstl_read_lock();
	x = enetstl_head_load(head, &hc);
	if (x && hc != c) {
		err = -EXDEV;
		goto unlock;
	}
	bh = enetstl_lock(&c->lock);
	if (!x || c->dead || !x->live || !(n->live || n->fresh)) {
		err = -ENOENT;
		goto out;
	}
	if (x == n) {
		err = -EINVAL;
		goto out;
	}
	idx = rcu_dereference_protected(c->index, 1);
	if (idx && idx->head != x)
		idx = NULL;
	/* indexed lists: members in their own list only, each with the index's key length */
	if (n->indexed || x->indexed > ENETSTL_IDX_HEAD || (idx && key_len != idx->key_len)) {
		err = n->indexed ? -EBUSY : x->indexed > ENETSTL_IDX_HEAD ? -EPERM : -EINVAL;
		goto out;
	}
	/* A fresh node's slots are empty: linking one makes it live first. */
	for (l = 0; !n->fresh && l < levels; l++) {
		if (n->slots[l]) {
			err = -EBUSY;
			goto out;
		}
	}
	/* The key is read from the payload; the program may change it meanwhile, which is its business. */
	err = enetstl_list_place(x, n->data, key_len, levels, preds);
	if (err)
		goto out;
	/* A fresh node's program reference becomes its live one: nothing to put. */
	adopted = n->fresh;
	if (adopted)
		enetstl_node_adopt(c, n);
	enetstl_list_splice(n, preds, levels);
	if (idx)
		enetstl_index_add(idx, n);
out:
	enetstl_unlock(&c->lock, bh);
unlock:
	enetstl_read_unlock();
put:
	if (!adopted)
		enetstl_node_put(n);
	return err;
}

__bpf_kfunc int enetstl_node_erase(u64 head, const void *key, u32 key__sz)
{
	struct enetstl_node *x, *hit, *succ, *preds[ENETSTL_MEM_SLOTS] __uninitialized;
	struct enetstl_mem *c;
	int err = 0, l, on;
	bool bh;

	if (!key || !key__sz)
		return -EINVAL;
	enetstl_read_lock();	/* keeps the head's and container's memory while we lock it */
	x = enetstl_head_load(head, &c);
	if (!x) {
		enetstl_read_unlock();
		return -ENOENT;
	}
	if (!enetstl_key_ok(c, key__sz)) {
		enetstl_read_unlock();
		return -EINVAL;
	}
	bh = enetstl_lock(&c->lock);
	if (c->dead || !x->live) {
		err = -ENOENT;
		goto out;
	}
	if (!ENETSTL_DESCEND(x, key, key__sz, ENETSTL_MEM_SLOTS, preds, &hit)) {
		err = -ELOOP;
		goto out;
	}
	if (!hit) {
		err = -ENOENT;
		goto out;
	}
	/* Linked from outside its levels too: freeing it would cut those paths. */
	for (l = 0, on = 0; l < ENETSTL_MEM_SLOTS; l++)
		on += preds[l]->slots[l] == hit;
	if (hit->linked != on) {
		err = -EBUSY;
		goto out;
	}
	/* Each level's predecessor takes a reference on the successor and drops its own on @hit. */
	for (l = 0; l < ENETSTL_MEM_SLOTS; l++) {
		if (preds[l]->slots[l] != hit)
			continue;
		succ = hit->slots[l];
		if (succ) {
			refcount_inc(&succ->refs);
			succ->linked++;
		}
		enetstl_slot_set(preds[l], l, succ, false);
		hit->linked--;
		enetstl_node_put(hit);
	}
	/*
	 * Freed as enetstl_node_free() frees: out of the container, slots
	 * emptied (so no chain of dead nodes can hold memory), memory after a
	 * grace period. A lock-free walk standing on it meanwhile finds its
	 * slots empty and ends early: enetstl_node_find() may miss a key then.
	 */
	if (hit->live)
		enetstl_node_kill(c, hit);
	else
		err = -ENOENT;	/* it was freed already; now it is also unlinked */
out:
	enetstl_unlock(&c->lock, bh);
	enetstl_read_unlock();
	return err;
}

__bpf_kfunc_end_defs();
