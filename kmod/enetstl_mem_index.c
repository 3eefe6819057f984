// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_mem_index.c - the hashed index of an ordered list: made by
 * enetstl_node_index(), kept by insert (enetstl_index_add()) and by every
 * kill (enetstl_index_forget()), freed with its head or its container.
 * The design: enetstl_mem_index.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/vmalloc.h>

#include "enetstl_compat.h"
#include "enetstl_mem_index.h"

/* Container lock held: @n, just inserted into the indexed list, joins the index. */
void enetstl_index_add(struct enetstl_index *idx, struct enetstl_node *n)
{
	u32 h = enetstl_index_hash(n->data, idx->key_len), bi = h & idx->mask;
	struct enetstl_index_bucket *b = &idx->b[bi];
	int w;

	for (w = 0; w < ENETSTL_INDEX_WAYS; w++) {
		if (b->node[w])
			continue;
		WRITE_ONCE(b->hash[w], h);
		smp_store_release(&b->node[w], n);	/* the hash before the node */
		n->indexed = ENETSTL_IDX_WAY;
		n->ipos = bi * ENETSTL_INDEX_WAYS + w;
		return;
	}
	WRITE_ONCE(b->over, b->over + 1);
	n->indexed = ENETSTL_IDX_OVER;
	n->ipos = bi * ENETSTL_INDEX_WAYS;
}

static void enetstl_index_free_rcu(struct rcu_head *head)
{
	kvfree(container_of(head, struct enetstl_index, rcu));
}

/* Container lock held, or the container's last reference: the index goes (after readers). */
static void enetstl_index_drop(struct enetstl_mem *c, struct enetstl_index *idx)
{
	RCU_INIT_POINTER(c->index, NULL);
	enetstl_mem_uncharge(c, idx->bytes);
	call_rcu(&idx->rcu, enetstl_index_free_rcu);
}

/*
 * Container lock held, @n being killed. A member leaves its way (the node
 * first, so no reader pairs the way with a new hash) or its bucket's
 * count; the head takes the index with it while the container lives (its
 * list is empty then: enetstl_node_free() refuses the head of a non-empty
 * indexed list). In a destroy the index stays until the container goes:
 * members killed after their head still leave it.
 */
void enetstl_index_forget(struct enetstl_mem *c, struct enetstl_node *n)
{
	struct enetstl_index *idx = rcu_dereference_protected(c->index, 1);
	struct enetstl_index_bucket *b;
	u32 w = n->ipos % ENETSTL_INDEX_WAYS;

	if (WARN_ON_ONCE(!idx))
		return;
	b = &idx->b[n->ipos / ENETSTL_INDEX_WAYS];
	switch (n->indexed) {
	case ENETSTL_IDX_HEAD:
		if (!c->dead)
			enetstl_index_drop(c, idx);
		break;
	case ENETSTL_IDX_WAY:
		if (!WARN_ON_ONCE(b->node[w] != n)) {
			WRITE_ONCE(b->node[w], NULL);
			WRITE_ONCE(b->hash[w], 0);
		}
		break;
	case ENETSTL_IDX_OVER:
		if (!WARN_ON_ONCE(!b->over))
			WRITE_ONCE(b->over, b->over - 1);
		break;
	}
	n->indexed = ENETSTL_IDX_NONE;
}

/* The container goes (its last memory reference, after a grace period). */
void enetstl_index_free(struct enetstl_mem *c)
{
	struct enetstl_index *idx = rcu_dereference_protected(c->index, 1);

	if (idx) {
		RCU_INIT_POINTER(c->index, NULL);
		enetstl_mem_uncharge(c, idx->bytes);
		kvfree(idx);
	}
}

__bpf_kfunc_start_defs();

/*
 * Sleepable (SYSCALL programs): the bucket array is a kvmalloc, made
 * before any lock is taken and freed if the index cannot be set.
 */
__bpf_kfunc int enetstl_node_index(u64 head, u32 key_len, u32 entries)
{
	struct enetstl_index *idx;
	struct enetstl_node *x;
	struct enetstl_mem *c;
	u32 buckets;
	size_t size;
	int err = 0;
	bool bh;

	if (!key_len || key_len > ENETSTL_MEM_KEY_MAX || !entries ||
	    entries > ENETSTL_MEM_INDEX_MAX)
		return -EINVAL;
	buckets = roundup_pow_of_two(entries);
	size = struct_size(idx, b, buckets);
	idx = kvzalloc(size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!idx) {
		atomic64_inc(&enetstl_stats.alloc_failed);
		return -ENOMEM;
	}
	idx->key_len = key_len;
	idx->mask = buckets - 1;
	idx->bytes = size;
	enetstl_read_lock();
	x = enetstl_head_load(head, &c);
	if (!x) {
		err = -ENOENT;
		goto unlock;
	}
	if (key_len > c->payload_size) {
		err = -EINVAL;
		goto unlock;
	}
	bh = enetstl_lock(&c->lock);
	if (c->dead || !x->live)
		err = -ENOENT;
	else if (rcu_access_pointer(c->index))
		err = -EEXIST;
	else if (x->indexed || x->top)	/* a member of the index, or a list not empty */
		err = -EBUSY;
	else if (!enetstl_mem_charge(c, size))
		err = -ENOMEM;
	if (!err) {
		idx->head = x;
		x->indexed = ENETSTL_IDX_HEAD;
		rcu_assign_pointer(c->index, idx);
		idx = NULL;
	}
	enetstl_unlock(&c->lock, bh);
unlock:
	enetstl_read_unlock();
	kvfree(idx);
	return err;
}

__bpf_kfunc_end_defs();
