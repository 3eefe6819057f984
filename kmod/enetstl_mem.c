// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_mem.c - the memory wrapper: containers that own pointer-linked
 * nodes, held by BPF programs as referenced kptrs; registration of the
 * kptr destructors and of the counters file.
 *
 * Lifetimes
 *  - A container has user references (obj.users: map kptrs, programs) and
 *    memory references (mem_refs: one for all users together, one per node
 *    not yet freed). The last user queues its destroy (enetstl_obj.c): from
 *    a workqueue, it leaves the registry, and its nodes are unlinked and
 *    dropped in batches of ENETSTL_MEM_KILL_BATCH; its memory goes with
 *    the last node.
 *  - A node has one reference while it is live (on its container's member
 *    list), one per slot pointing at it, one per program reference. Once
 *    all are gone and an RCU grace period has passed, its memory is kept
 *    by the container for its next nodes (still charged to it); kept
 *    memory goes back to the slab when the container is freed. Slots are
 *    read without a lock under RCU.
 *  - A new node is fresh: only the program that allocated it can reach it.
 *    It joins its container (becomes live) the first time it is linked,
 *    inserted or named, all under the container lock, so an allocation
 *    takes no lock; released while still fresh, it is simply freed. A
 *    fresh node holds a memory reference on its container like any other.
 *  - Handles: a node gets its handle, 63 random bits (positive as an s64,
 *    so that results can carry handles or errors), the first time one is
 *    asked for, not at allocation (most nodes of an ordered list are never
 *    named). Handles of all containers live in one hash table, so a handle
 *    is found only by whoever was given it: a guess names some live node
 *    with probability (live nodes) / 2^63.
 *
 * Locking: each container has one BH-safe spinlock; it serializes naming,
 * link, unlink, insert, erase, free and destroy of that container. The
 * kfuncs serve XDP, TC and SYSCALL programs only, and the kptr destructor
 * takes no lock, so no lock here is ever taken with interrupts off, and no
 * section holding one does more than a fixed amount of work (descents are
 * budgeted, destroy goes in batches). Reads of slots and handles, finds,
 * and reference counting are lock-free.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/kobject.h>
#include <linux/llist.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include <enetstl/mem.h>
#include <enetstl/list.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "enetstl_obj.h"

struct enetstl_mem {
	struct enetstl_obj obj;
	spinlock_t lock;		/* the container lock (BH-safe) */
	struct hlist_head members;	/* every live node; lock: the container lock */
	u32 payload_size;
	u32 node_size;			/* struct and payload: what is zeroed */
	u32 slab_size;			/* what the slab allocates for it: what is charged */
	bool dead;			/* destroyed: no alloc, no link */
	struct kmem_cache *cache;	/* where its nodes come from: enetstl_node_caches[] */
	struct llist_head kept;		/* freed nodes kept for reuse; taking one: kept_lock */
	spinlock_t kept_lock;
	refcount_t mem_refs;
	atomic64_t bytes;
	u64 max_bytes;
	struct rcu_head rcu;
};

struct enetstl_node {
	struct enetstl_node *slots[ENETSTL_MEM_SLOTS];
	struct enetstl_mem *owner;
	u64 handle;			/* 0 until first asked for, and once freed */
	struct rhash_head name;		/* in enetstl_names while it has a handle */
	refcount_t refs;
	u32 linked;			/* slots pointing here; the container lock */
	bool live;			/* in its container, not freed; lock to change */
	bool fresh;			/* allocated, not yet live: enetstl_node_enter() */
	union {
		struct hlist_node member;	/* in owner->members while live */
		struct rcu_head rcu;		/* after: freeing */
		struct llist_node kept;		/* after that: kept by owner for reuse */
	};
	u8 data[] __aligned(8);
};

/* What a node costs besides its payload: 16 slots and 56 bytes. */
static_assert(sizeof(struct enetstl_node) == ENETSTL_MEM_SLOTS * 8 + 56);

/*
 * Node memory: slab caches of kmalloc's size classes, one chosen for each
 * container when it is created, so an allocation skips kmalloc's size lookup.
 */
static const u32 enetstl_node_sizes[] = { 192, 256, 512, 1024, 2048, 4096, 8192 };
static struct kmem_cache *enetstl_node_caches[ARRAY_SIZE(enetstl_node_sizes)];
static_assert(sizeof(struct enetstl_node) + ENETSTL_MEM_PAYLOAD_MAX <= 8192);

/* Node handles: 63 random bits each, in one table for all containers. */
static const struct rhashtable_params enetstl_name_params =
	ENETSTL_HANDLE_TABLE(struct enetstl_node, handle, name);

static struct rhashtable enetstl_names;

/*
 * What one handle costs in the table: its share of the bucket array, at
 * most 8 bytes per bucket / 0.375 (the table grows at 75% load, shrinks at
 * 30%), rounded up. Charged to the node's container while it has a handle.
 */
#define ENETSTL_NAME_BYTES	24

/* Some user holds @c, and its destroy has not begun: its nodes are reachable. */
static __always_inline bool enetstl_mem_alive(const struct enetstl_mem *c)
{
	return enetstl_obj_alive(&c->obj) && !READ_ONCE(c->dead);
}

/* Nodes a destroy kills per lock hold. */
#define ENETSTL_MEM_KILL_BATCH	256

/*
 * The read side of nodes and of the hash table is a preempt-disabled
 * section: both are freed by call_rcu(), whose grace periods wait for such
 * sections too (one RCU since 4.20), and on PREEMPT_RCU kernels (Debian's)
 * it saves rcu_read_lock()'s out-of-line calls. Nothing inside may sleep.
 * On PREEMPT_RT a spinlock_t is a sleeping lock, and the insert and erase
 * paths take the container lock inside this section: there it is a
 * (preemptible) rcu_read_lock() section, inside which RT lets them sleep.
 */
static __always_inline void enetstl_read_lock(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		rcu_read_lock();
	else
		rcu_read_lock_sched();
}

static __always_inline void enetstl_read_unlock(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		rcu_read_unlock();
	else
		rcu_read_unlock_sched();
}

/* Charge @bytes to @c and the module; false (nothing charged) over either limit. */
static bool enetstl_mem_charge(struct enetstl_mem *c, u64 bytes)
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

static void enetstl_mem_uncharge(struct enetstl_mem *c, u64 bytes)
{
	atomic64_sub(bytes, &c->bytes);
	enetstl_uncharge(bytes);
}

/* ---- nodes ---- */

/*
 * Container lock held, @c not dead. Fresh @n joins @c, on its member list:
 * the caller's reference on @n becomes the reference of being live.
 */
static void enetstl_node_adopt(struct enetstl_mem *c, struct enetstl_node *n)
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
static u64 enetstl_node_name(struct enetstl_node *n)
{
	struct enetstl_mem *c = n->owner;
	u64 h;

	spin_lock_bh(&c->lock);
	if (enetstl_node_enter(c, n) && !n->handle)
		enetstl_node_name_locked(c, n);
	h = n->handle;
	spin_unlock_bh(&c->lock);
	return h;
}

static u64 enetstl_node_handle_of(struct enetstl_node *n)
{
	u64 h = READ_ONCE(n->handle);

	if (!h && (READ_ONCE(n->live) || READ_ONCE(n->fresh)))
		h = enetstl_node_name(n);
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

	if (llist_empty(&c->kept))
		return NULL;
	spin_lock_bh(&c->kept_lock);
	n = llist_del_first(&c->kept);
	spin_unlock_bh(&c->kept_lock);
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
static void enetstl_node_free_rcu(struct rcu_head *head)
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

static void enetstl_node_put(struct enetstl_node *n)
{
	if (refcount_dec_and_test(&n->refs)) {
		atomic64_inc(&enetstl_stats.nodes_dropped);
		call_rcu(&n->rcu, enetstl_node_free_rcu);
	}
}

/* Container lock held. Empty every slot of @n. */
static void enetstl_node_clear_slots(struct enetstl_node *n)
{
	int i;

	for (i = 0; i < ENETSTL_MEM_SLOTS; i++) {
		struct enetstl_node *t = n->slots[i];

		if (t) {
			WRITE_ONCE(n->slots[i], NULL);
			t->linked--;
			enetstl_node_put(t);
		}
	}
}

/* Container lock held. Take @n out of its container and drop its live ref. */
static void enetstl_node_kill(struct enetstl_mem *c, struct enetstl_node *n)
{
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
	bool more = true;
	int i;

	enetstl_obj_retire(&c->obj);
	while (more) {
		i = 0;
		spin_lock_bh(&c->lock);
		c->dead = true;
		hlist_for_each_entry_safe(n, tmp, &c->members, member) {
			if (i++ == ENETSTL_MEM_KILL_BATCH)
				break;
			enetstl_node_kill(c, n);
		}
		more = !hlist_empty(&c->members);
		spin_unlock_bh(&c->lock);
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

/* RCU read side. The live node named by @handle, unreferenced, or NULL. */
static __always_inline struct enetstl_node *enetstl_node_load(u64 handle)
{
	return handle ? rhashtable_lookup(&enetstl_names, &handle, enetstl_name_params) : NULL;
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

	if (!n || slot >= ENETSTL_MEM_SLOTS)
		return -EINVAL;
	c = n->owner;
	enetstl_read_lock();	/* @target's node, if another container's, stays readable */
	spin_lock_bh(&c->lock);
	if (!enetstl_node_enter(c, n)) {
		err = -ENOENT;
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
	WRITE_ONCE(n->slots[slot], t);
	if (old) {
		old->linked--;
		enetstl_node_put(old);
	}
out:
	spin_unlock_bh(&c->lock);
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

	if (!n)
		return -EINVAL;
	c = n->owner;
	spin_lock_bh(&c->lock);
	if (n->live) {
		if (n->linked)
			err = -EBUSY;
		else
			enetstl_node_kill(c, n);
	} else if (!n->fresh) {
		err = -ENOENT;
	}
	spin_unlock_bh(&c->lock);
	enetstl_node_put(n);
	return err;
}

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

	/* Written so that one compare of a swapped word decides <, > or = */
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
	u64 kw[ENETSTL_KEY_WORDS_MAX];
	struct enetstl_node *t;
	u32 i;
	int l;

	if (words)
		for (i = 0; i < ksz / 8; i++)
			kw[i] = get_unaligned_be64(key + 8 * i);
#define ENETSTL_KEY_CMP(t) (words ? enetstl_key_cmpw((t)->data, kw, ksz / 8) :	\
				    enetstl_key_cmp((t)->data, key, ksz))
	for (l = levels - 1; l >= 0; l--) {
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

/*
 * RCU read side. The live node named by @handle, for the calls that start
 * from a list's head, and its container in *@cp; NULL when there is none
 * or its container is being destroyed.
 */
static __always_inline struct enetstl_node *enetstl_head_load(u64 handle, struct enetstl_mem **cp)
{
	struct enetstl_node *x = enetstl_node_load(handle);

	if (!x || !enetstl_mem_alive(x->owner))
		return NULL;
	*cp = x->owner;
	return x;
}

/* Key sizes the ordered-list calls accept, for a container of @c's payload. */
static __always_inline bool enetstl_key_ok(const struct enetstl_mem *c, u32 ksz)
{
	return ksz && ksz <= c->payload_size && ksz <= ENETSTL_MEM_KEY_MAX;
}

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
	struct enetstl_node *x, *hit = NULL;
	struct enetstl_mem *c;

	if (!key || !key__sz)
		return NULL;
	enetstl_read_lock();
	x = enetstl_head_load(head, &c);
	if (!x || !enetstl_key_ok(c, key__sz) ||
	    !ENETSTL_DESCEND(x, key, key__sz, ENETSTL_MEM_SLOTS, NULL, &hit) || !hit)
		goto out;
	if (!READ_ONCE(hit->live) || !refcount_inc_not_zero(&hit->refs))
		hit = NULL;
out:
	enetstl_read_unlock();
	return hit;
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
		WRITE_ONCE(n->slots[l], preds[l]->slots[l]);
	n->linked += levels;
	for (l = 0; l < levels; l++) {
		refcount_inc(&n->refs);
		/* publish: @n's slots and payload are visible before @n is */
		smp_store_release(&preds[l]->slots[l], n);
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
	struct enetstl_mem *c, *hc;
	bool adopted = false;
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
	spin_lock_bh(&c->lock);
	if (!x || c->dead || !x->live || !(n->live || n->fresh)) {
		err = -ENOENT;
		goto out;
	}
	if (x == n) {
		err = -EINVAL;
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
out:
	spin_unlock_bh(&c->lock);
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
	spin_lock_bh(&c->lock);
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
		WRITE_ONCE(preds[l]->slots[l], succ);
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
	spin_unlock_bh(&c->lock);
	enetstl_read_unlock();
	return err;
}

__bpf_kfunc_end_defs();

/* ---- registration ---- */

BTF_ID_LIST(enetstl_dtor_ids)
BTF_ID(struct, enetstl_mem)
BTF_ID(func, enetstl_mem_release)
BTF_ID(struct, enetstl_list)
BTF_ID(func, enetstl_list_release)

static ssize_t mem_stats_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct enetstl_mem_stats *s = &enetstl_stats;

	return sysfs_emit(buf,
			  "containers_created %lld\ncontainers_freed %lld\n"
			  "nodes_allocated %lld\nnodes_dropped %lld\nnodes_freed %lld\n"
			  "nodes_reused %lld\n"
			  "lists_created %lld\nlists_freed %lld\n"
			  "alloc_failed %lld\nbytes %lld\ndestroys_pending %lld\n",
			  (s64)atomic64_read(&s->containers_created),
			  (s64)atomic64_read(&s->containers_freed),
			  (s64)atomic64_read(&s->nodes_allocated),
			  (s64)atomic64_read(&s->nodes_dropped),
			  (s64)atomic64_read(&s->nodes_freed),
			  (s64)atomic64_read(&s->nodes_reused),
			  (s64)atomic64_read(&s->lists_created),
			  (s64)atomic64_read(&s->lists_freed),
			  (s64)atomic64_read(&s->alloc_failed),
			  (s64)atomic64_read(&s->bytes),
			  (s64)atomic64_read(&s->destroys_pending));
}

/* /sys/module/enetstl/mem_stats: allocation counters, balanced when idle. */
static struct kobj_attribute enetstl_mem_stats_attr = __ATTR_RO(mem_stats);

/*
 * The build resolved the destructor ids (the kfuncs themselves are in the
 * module's one kfunc set, checked by enetstl_check_ids()).
 */
int enetstl_mem_check_ids(void)
{
	u32 i;

	for (i = 0; i < 4; i++)
		if (!enetstl_dtor_ids[i])
			return -ENOEXEC;
	return 0;
}

static void enetstl_node_caches_destroy(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(enetstl_node_caches); i++) {
		kmem_cache_destroy(enetstl_node_caches[i]);	/* NULL: nothing */
		enetstl_node_caches[i] = NULL;
	}
}

static int enetstl_node_caches_create(void)
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

int enetstl_mem_init(void)
{
	const struct btf_id_dtor_kfunc dtors[] = {
		{ .btf_id = enetstl_dtor_ids[0], .kfunc_btf_id = enetstl_dtor_ids[1] },
		{ .btf_id = enetstl_dtor_ids[2], .kfunc_btf_id = enetstl_dtor_ids[3] },
	};
	int err;

	err = enetstl_obj_setup();
	if (err)
		return err;
	err = rhashtable_init(&enetstl_names, &enetstl_name_params);
	if (err)
		goto fail_names;
	err = enetstl_node_caches_create();
	if (err)
		goto fail_caches;
	err = register_btf_id_dtor_kfuncs(dtors, ARRAY_SIZE(dtors), THIS_MODULE);
	if (err) {
		pr_err("registering kptr destructors failed: %d\n", err);
		goto fail;
	}
	err = sysfs_create_file(&THIS_MODULE->mkobj.kobj, &enetstl_mem_stats_attr.attr);
	if (!err)
		return 0;
fail:
	enetstl_node_caches_destroy();
fail_caches:
	rhashtable_destroy(&enetstl_names);
fail_names:
	enetstl_obj_exit();
	return err;
}

/*
 * No container or list has users here (a map holding one pins the module,
 * programs hold references only while they run), but destroys may still be
 * queued: enetstl_obj_exit() waits for them and for the RCU callbacks they
 * queued (a node's may queue its container's).
 */
void enetstl_mem_exit(void)
{
	sysfs_remove_file(&THIS_MODULE->mkobj.kobj, &enetstl_mem_stats_attr.attr);
	enetstl_obj_exit();
	rhashtable_destroy(&enetstl_names);
	enetstl_node_caches_destroy();
	if (atomic64_read(&enetstl_stats.bytes))
		pr_err("memory counters unbalanced at exit: %lld bytes\n",
		       (s64)atomic64_read(&enetstl_stats.bytes));
}
