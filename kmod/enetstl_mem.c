// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_mem.c - containers and their nodes: node memory (slab caches, a
 * per-container stock of freed nodes), lifetimes, handles, slots, and the
 * kfuncs on containers and single nodes. The design: enetstl_mem.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/slab.h>

#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "enetstl_mem.h"
#include "enetstl_mem_index.h"

/*
 * Node memory: slab caches of kmalloc's size classes, one chosen for each
 * container when it is created, so an allocation skips kmalloc's size lookup.
 */
static const u32 enetstl_node_sizes[] = { 192, 256, 512, 1024, 2048, 4096, 8192 };
static struct kmem_cache *enetstl_node_caches[ARRAY_SIZE(enetstl_node_sizes)];
static_assert(sizeof(struct enetstl_node) + ENETSTL_MEM_PAYLOAD_MAX <= 8192);

/* Nodes a destroy kills per lock hold. */
#define ENETSTL_MEM_KILL_BATCH	256

/* Charge @bytes to @c and the module; false (nothing charged) over either limit. */
bool enetstl_mem_charge(struct enetstl_mem *c, u64 bytes)
{
	if (atomic64_add_return(bytes, &c->bytes) > c->max_bytes) {
		atomic64_sub(bytes, &c->bytes);
		atomic64_inc(&enetstl_stats.alloc_failed);
		return false;
	}
	if (!enetstl_charge(bytes)) {	/* counts the failure itself */
		atomic64_sub(bytes, &c->bytes);
		return false;
	}
	return true;
}

void enetstl_mem_uncharge(struct enetstl_mem *c, u64 bytes)
{
	atomic64_sub(bytes, &c->bytes);
	enetstl_uncharge(bytes);
}

/* ---- nodes ---- */

/*
 * Container lock held, @c not dead. Fresh @n joins @c, on its member list:
 * the caller's reference on @n becomes the reference of being live.
 */
void enetstl_node_adopt(struct enetstl_mem *c, struct enetstl_node *n)
{
	WRITE_ONCE(n->fresh, false);
	hlist_add_head(&n->member, &c->members);
	WRITE_ONCE(n->live, true);
}

/*
 * Container lock held. A fresh @n joins @c (unless @c is being destroyed):
 * on its member list, with the reference of being live. Return: whether @n
 * is live.
 */
static bool enetstl_node_enter(struct enetstl_mem *c, struct enetstl_node *n)
{
	if (n->fresh && !c->dead) {
		refcount_inc(&n->refs);
		enetstl_node_adopt(c, n);
	}
	return n->live;
}

/*
 * Container lock held, @n live. Give @n a handle (enetstl_handle_insert()),
 * charged to its container.
 */
static void enetstl_node_name_locked(struct enetstl_mem *c, struct enetstl_node *n)
{
	if (!enetstl_mem_charge(c, ENETSTL_NAME_BYTES))
		return;
	if (enetstl_handle_insert(&enetstl_names, &n->name, &n->handle, enetstl_name_params)) {
		enetstl_mem_uncharge(c, ENETSTL_NAME_BYTES);
		atomic64_inc(&enetstl_stats.alloc_failed);
	}
}

/* @n's handle, given on first use; 0 when it is no longer live or memory is short. */
u64 enetstl_node_name(struct enetstl_node *n)
{
	struct enetstl_mem *c = n->owner;
	bool bh;
	u64 h;

	bh = enetstl_lock(&c->lock);
	if (enetstl_node_enter(c, n) && !n->handle)
		enetstl_node_name_locked(c, n);
	h = n->handle;
	enetstl_unlock(&c->lock, bh);
	return h;
}

static void enetstl_mem_put_memref(struct enetstl_mem *c);

/*
 * A container keeps its freed nodes for its next allocations, as
 * bpf_mem_alloc keeps objects for BPF programs: a slab allocation and its
 * slow paths cost more than the rest of an insert. A freed node goes on
 * @c->kept from any CPU without a lock and stays charged to the container
 * and the module, so the container's limit bounds all the memory it holds;
 * an allocation on any CPU takes one back (llist_del_first(): takers
 * serialized). Kept nodes go back to the slab when the container is freed.
 */
static struct enetstl_node *enetstl_node_unkeep(struct enetstl_mem *c)
{
	struct llist_node *n;
	bool bh;

	if (llist_empty(&c->kept))
		return NULL;
	bh = enetstl_lock(&c->kept_lock);
	n = llist_del_first(&c->kept);
	enetstl_unlock(&c->kept_lock, bh);
	return n ? llist_entry(n, struct enetstl_node, kept) : NULL;
}

/*
 * Zero a node's first @size bytes a word at a time: memset() may be
 * "rep stosb", a step per byte where it is not microcoded.
 */
static void enetstl_node_zero(struct enetstl_node *n, u32 size)
{
	u64 *p = (u64 *)n, *end = p + size / sizeof(u64);

	static_assert(sizeof(struct enetstl_node) % sizeof(u64) == 0);
	for (; p + 4 <= end; p += 4) {
		WRITE_ONCE(p[0], 0);
		WRITE_ONCE(p[1], 0);
		WRITE_ONCE(p[2], 0);
		WRITE_ONCE(p[3], 0);
	}
	for (; p < end; p++)
		WRITE_ONCE(*p, 0);
}

/* Give @n's memory back to the slab, uncharged: what enetstl_node_memory() took. */
static void enetstl_node_memory_free(struct enetstl_mem *c, struct enetstl_node *n)
{
	enetstl_mem_uncharge(c, c->slab_size);
	kmem_cache_free(c->cache, n);
}

/* After a grace period: no walk can reach @n any more. */
void enetstl_node_free_rcu(struct rcu_head *head)
{
	struct enetstl_node *n = container_of(head, struct enetstl_node, rcu);
	struct enetstl_mem *c = n->owner;

	atomic64_inc(&enetstl_stats.nodes_freed);
	if (READ_ONCE(c->dead))
		enetstl_node_memory_free(c, n);
	else
		llist_add(&n->kept, &c->kept);	/* still charged */
	enetstl_mem_put_memref(c);
}

/* Container lock held. Empty every slot of @n. */
static void enetstl_node_clear_slots(struct enetstl_node *n)
{
	int i;

	for (i = 0; i < ENETSTL_MEM_SLOTS; i++) {
		struct enetstl_node *t = n->slots[i];

		if (t) {
			enetstl_slot_set(n, i, NULL, false);
			t->linked--;
			enetstl_node_put(t);
		}
	}
}

/* Container lock held. Take @n out of its container and drop its live ref. */
void enetstl_node_kill(struct enetstl_mem *c, struct enetstl_node *n)
{
	if (n->indexed)
		enetstl_index_forget(c, n);
	hlist_del(&n->member);
	WRITE_ONCE(n->live, false);
	if (n->handle) {
		rhashtable_remove_fast(&enetstl_names, &n->name, enetstl_name_params);
		WRITE_ONCE(n->handle, 0);
		enetstl_mem_uncharge(c, ENETSTL_NAME_BYTES);
	}
	enetstl_node_clear_slots(n);
	enetstl_node_put(n);
}

/* ---- containers ---- */

/* The last memory reference is gone: no node of @c exists but those kept. */
static void enetstl_mem_free_rcu(struct rcu_head *head)
{
	struct enetstl_mem *c = container_of(head, struct enetstl_mem, rcu);
	struct enetstl_node *n, *next;

	/* the destroy drained the list: only nodes freed while it ran are left */
	llist_for_each_entry_safe(n, next, llist_del_all(&c->kept), kept)
		enetstl_node_memory_free(c, n);
	enetstl_index_free(c);
	enetstl_uncharge(kmalloc_size_roundup(sizeof(*c)));
	enetstl_obj_free_memcg(&c->obj);
	atomic64_inc(&enetstl_stats.containers_freed);
	kfree(c);
}

static void enetstl_mem_put_memref(struct enetstl_mem *c)
{
	if (refcount_dec_and_test(&c->mem_refs))
		call_rcu(&c->rcu, enetstl_mem_free_rcu);
}

/*
 * Process context (the workqueue), the last user gone: out of the
 * registry, then every member killed, ENETSTL_MEM_KILL_BATCH per lock
 * hold, so that no lock is held for long whatever the container's size.
 */
static void enetstl_mem_destroy(struct work_struct *work)
{
	struct enetstl_mem *c = container_of(work, struct enetstl_mem, obj.free_work);
	struct hlist_node *tmp;
	struct enetstl_node *n;
	bool more = true, bh;
	int i;

	enetstl_obj_retire(&c->obj);
	while (more) {
		i = 0;
		bh = enetstl_lock(&c->lock);
		c->dead = true;
		hlist_for_each_entry_safe(n, tmp, &c->members, member) {
			if (i++ == ENETSTL_MEM_KILL_BATCH)
				break;
			enetstl_node_kill(c, n);
		}
		more = !hlist_empty(&c->members);
		enetstl_unlock(&c->lock, bh);
		cond_resched();
	}
	/* Freed nodes kept for reuse, in batches too (from now on they go to the slab). */
	do {
		for (i = 0; i < ENETSTL_MEM_KILL_BATCH; i++) {
			n = enetstl_node_unkeep(c);
			if (!n)
				break;
			enetstl_node_memory_free(c, n);
		}
		cond_resched();
	} while (i == ENETSTL_MEM_KILL_BATCH);
	enetstl_mem_put_memref(c);
	enetstl_obj_destroyed(&c->obj);
}

__bpf_kfunc_start_defs();

__bpf_kfunc struct enetstl_mem *enetstl_mem_create(u32 payload_size, u64 max_bytes)
{
	struct enetstl_mem *c;
	int i;

	if (payload_size < ENETSTL_MEM_PAYLOAD_MIN || payload_size > ENETSTL_MEM_PAYLOAD_MAX)
		return NULL;
	if (!enetstl_charge(kmalloc_size_roundup(sizeof(*c))))
		return NULL;
	c = kzalloc(sizeof(*c), GFP_ATOMIC | __GFP_NOWARN | __GFP_ACCOUNT);
	if (!c)
		goto fail;
	enetstl_obj_init(&c->obj);
	spin_lock_init(&c->lock);
	spin_lock_init(&c->kept_lock);
	INIT_HLIST_HEAD(&c->members);
	c->payload_size = ALIGN(payload_size, 8);
	c->node_size = sizeof(struct enetstl_node) + c->payload_size;
	for (i = 0; enetstl_node_sizes[i] < c->node_size; i++)
		;
	c->cache = enetstl_node_caches[i];
	c->slab_size = enetstl_node_sizes[i];
	c->max_bytes = max_bytes ?: U64_MAX;
	refcount_set(&c->mem_refs, 1);
	if (enetstl_obj_register(&c->obj, ENETSTL_OBJ_MEM, enetstl_mem_destroy)) {
		enetstl_obj_free_memcg(&c->obj);
		goto fail;
	}
	atomic64_inc(&enetstl_stats.containers_created);
	return c;
fail:
	kfree(c);
	enetstl_uncharge(kmalloc_size_roundup(sizeof(*c)));
	atomic64_inc(&enetstl_stats.alloc_failed);
	return NULL;
}

__bpf_kfunc u64 enetstl_mem_handle(struct enetstl_mem *c)
{
	return c ? enetstl_obj_handle(&c->obj) : 0;
}

__bpf_kfunc struct enetstl_mem *enetstl_mem_get(u64 handle)
{
	struct enetstl_obj *o = enetstl_obj_get(handle, ENETSTL_OBJ_MEM);

	return o ? container_of(o, struct enetstl_mem, obj) : NULL;
}

/*
 * Also the kptr destructor: 6.1 calls it with NULL for empty map slots, and
 * it may run in any context (NMI, or a tracing program that interrupted
 * this module inside a locked section): lock-free, the destroy is queued.
 */
__bpf_kfunc void enetstl_mem_release(struct enetstl_mem *c)
{
	if (c)
		enetstl_obj_put(&c->obj);
}

/*
 * Slab memory for a new node of @c, charged to @c and the module (the slab
 * object's whole size) and to @c's memory cgroup; NULL over a limit.
 */
static struct enetstl_node *enetstl_node_memory(struct enetstl_mem *c)
{
	struct enetstl_node *n;
	struct mem_cgroup *old;

	if (!enetstl_mem_charge(c, c->slab_size))
		return NULL;
	old = enetstl_obj_memcg_enter(&c->obj);
	n = kmem_cache_zalloc(c->cache, GFP_ATOMIC | __GFP_NOWARN | __GFP_ACCOUNT);
	enetstl_obj_memcg_exit(&c->obj, old);
	if (n)
		return n;
	enetstl_mem_uncharge(c, c->slab_size);
	atomic64_inc(&enetstl_stats.alloc_failed);
	return NULL;
}

/*
 * A new, fresh node of @c, zeroed, charged to @c and the module, with the
 * caller's reference; NULL over a limit or when @c is going. The caller
 * holds a reference on @c or the RCU read lock (so @c's memory stays).
 */
static struct enetstl_node *enetstl_node_alloc_in(struct enetstl_mem *c)
{
	struct enetstl_node *n;

	/* Zero once the last user has gone: the container is being freed. */
	if (READ_ONCE(c->dead) || !refcount_inc_not_zero(&c->mem_refs)) {
		atomic64_inc(&enetstl_stats.alloc_failed);
		return NULL;
	}
	n = enetstl_node_unkeep(c);
	if (n) {
		enetstl_node_zero(n, c->node_size);	/* as the slab zeroes a new node */
		atomic64_inc(&enetstl_stats.nodes_reused);
	} else {
		n = enetstl_node_memory(c);
		if (!n) {
			enetstl_mem_put_memref(c);
			return NULL;
		}
	}
	n->owner = c;
	n->fresh = true;
	refcount_set(&n->refs, 1);
	atomic64_inc(&enetstl_stats.nodes_allocated);
	return n;
}

__bpf_kfunc struct enetstl_node *enetstl_node_alloc(struct enetstl_mem *c)
{
	return c ? enetstl_node_alloc_in(c) : NULL;
}

__bpf_kfunc struct enetstl_node *enetstl_node_new(u64 mem)
{
	struct enetstl_node *n = NULL;
	struct enetstl_obj *o;

	enetstl_read_lock();
	o = enetstl_obj_lookup(mem, ENETSTL_OBJ_MEM);
	if (o)
		n = enetstl_node_alloc_in(container_of(o, struct enetstl_mem, obj));
	enetstl_read_unlock();
	return n;
}

__bpf_kfunc struct enetstl_node *enetstl_node_lookup(u64 handle)
{
	struct enetstl_node *n;

	enetstl_read_lock();
	n = enetstl_node_load(handle);
	if (n && (!enetstl_mem_alive(n->owner) || !refcount_inc_not_zero(&n->refs)))
		n = NULL;
	enetstl_read_unlock();
	return n;
}

__bpf_kfunc u64 enetstl_node_handle(struct enetstl_node *n)
{
	return n ? enetstl_node_handle_of(n) : 0;
}

__bpf_kfunc struct enetstl_node *enetstl_node_get(struct enetstl_node *n, u32 slot)
{
	struct enetstl_node *t;

	if (!n || slot >= ENETSTL_MEM_SLOTS)
		return NULL;
	enetstl_read_lock();
	/*
	 * A slot holds a reference, so its target is freed only after the slot
	 * changed and a grace period passed: if the count is already zero the
	 * slot has moved on; read it again.
	 */
	for (;;) {
		t = READ_ONCE(n->slots[slot]);
		if (!t || refcount_inc_not_zero(&t->refs))
			break;
		cpu_relax();
	}
	enetstl_read_unlock();
	return t;
}

__bpf_kfunc s64 enetstl_node_slot(struct enetstl_node *n, u32 slot)
{
	struct enetstl_node *t;
	u64 h;

	if (!n || slot >= ENETSTL_MEM_SLOTS)
		return -EINVAL;
	enetstl_read_lock();
	t = READ_ONCE(n->slots[slot]);
	h = t ? enetstl_node_handle_of(t) : 0;
	enetstl_read_unlock();
	return h;
}

__bpf_kfunc int enetstl_node_link(struct enetstl_node *n, u32 slot, u64 target)
{
	struct enetstl_node *t = NULL, *old;
	struct enetstl_mem *c;
	int err = 0;
	bool bh;

	if (!n || slot >= ENETSTL_MEM_SLOTS)
		return -EINVAL;
	c = n->owner;
	enetstl_read_lock();	/* @target's node, if another container's, stays readable */
	bh = enetstl_lock(&c->lock);
	if (!enetstl_node_enter(c, n)) {
		err = -ENOENT;
		goto out;
	}
	/* an indexed list changes by insert and erase only: its members stay exactly the index's */
	if (n->indexed) {
		err = -EPERM;
		goto out;
	}
	if (target) {
		t = enetstl_node_load(target);
		if (!t) {
			err = -ENOENT;
			goto out;
		}
		if (t->owner != c) {
			t = NULL;
			err = -EXDEV;
			goto out;
		}
		refcount_inc(&t->refs);	/* live (named, ours, under our lock), so never zero */
		t->linked++;
	}
	old = n->slots[slot];
	enetstl_slot_set(n, slot, t, false);
	if (old) {
		old->linked--;
		enetstl_node_put(old);
	}
out:
	enetstl_unlock(&c->lock, bh);
	enetstl_read_unlock();
	return err;
}

__bpf_kfunc int enetstl_node_unlink(struct enetstl_node *n, u32 slot)
{
	return enetstl_node_link(n, slot, 0);
}

__bpf_kfunc u8 *enetstl_node_data(struct enetstl_node *n, u32 rdwr_buf_size)
{
	if (!n || !rdwr_buf_size || rdwr_buf_size > n->owner->payload_size)
		return NULL;
	return n->data;
}

__bpf_kfunc void enetstl_node_release(struct enetstl_node *n)
{
	if (n)
		enetstl_node_put(n);
}

/*
 * A node some slot still points at is not freed (-EBUSY): freeing it would
 * cut every path through it, and the nodes behind would be lost silently.
 */
__bpf_kfunc int enetstl_node_free(struct enetstl_node *n)
{
	struct enetstl_mem *c;
	int err = 0;
	bool bh;

	if (!n)
		return -EINVAL;
	c = n->owner;
	bh = enetstl_lock(&c->lock);
	if (n->live) {
		/* the head of an indexed list goes with its index: only once the list is empty */
		if (n->linked || (n->indexed && n->top))
			err = -EBUSY;
		else
			enetstl_node_kill(c, n);
	} else if (!n->fresh) {
		err = -ENOENT;
	}
	enetstl_unlock(&c->lock, bh);
	enetstl_node_put(n);
	return err;
}
__bpf_kfunc_end_defs();

void enetstl_node_caches_destroy(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(enetstl_node_caches); i++) {
		kmem_cache_destroy(enetstl_node_caches[i]);	/* NULL: nothing */
		enetstl_node_caches[i] = NULL;
	}
}

int enetstl_node_caches_create(void)
{
	char name[32];
	int i;

	for (i = 0; i < ARRAY_SIZE(enetstl_node_caches); i++) {
		snprintf(name, sizeof(name), "enetstl_node_%u", enetstl_node_sizes[i]);
		enetstl_node_caches[i] = kmem_cache_create(name, enetstl_node_sizes[i],
							   __alignof__(struct enetstl_node),
							   ENETSTL_SLAB_NO_MERGE, NULL);
		if (!enetstl_node_caches[i]) {
			enetstl_node_caches_destroy();
			return -ENOMEM;
		}
	}
	return 0;
}
