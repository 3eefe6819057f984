/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_mem.h - the memory wrapper's shared parts: containers that own
 * pointer-linked nodes, held by BPF programs as referenced kptrs. Its code:
 * enetstl_mem.c (containers, nodes, their memory), enetstl_mem_ordered.c
 * (ordered lists over nodes), enetstl_mem_registry.c (handles, kptr
 * destructors, counters, setup).
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
 * Locking: each container has one BH-safe spinlock (enetstl_lock.h); it
 * serializes naming, link, unlink, insert, erase, free and destroy of that
 * container. The kfuncs serve XDP, TC and SYSCALL programs only, and the
 * kptr destructor takes no lock, so no lock here is ever taken with
 * interrupts off, and no section holding one does more than a fixed
 * amount of work (descents are budgeted, destroy goes in batches). Reads
 * of slots and handles, finds, and reference counting are lock-free.
 */
#ifndef _ENETSTL_KMOD_MEM_H
#define _ENETSTL_KMOD_MEM_H

#include <linux/llist.h>
#include <linux/rhashtable.h>
#include <linux/spinlock.h>

#include <enetstl/mem.h>
#include "enetstl_lock.h"
#include "enetstl_obj.h"

struct enetstl_index;

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
	/* the hashed index of one of its lists; the container lock to change, RCU to read */
	struct enetstl_index __rcu *index;
	struct rcu_head rcu;
};

/* What a node is to its container's index (enetstl_mem_index.c). */
enum enetstl_indexed {
	ENETSTL_IDX_NONE,	/* not indexed */
	ENETSTL_IDX_HEAD,	/* the head of the indexed list */
	ENETSTL_IDX_WAY,	/* a member in way ipos of the bucket array */
	ENETSTL_IDX_OVER,	/* a member its full bucket (ipos / ways) only counts */
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
	u8 top;				/* highest non-empty slot + 1, 0 for none: enetstl_slot_set() */
	u8 indexed;			/* enum enetstl_indexed; the container lock */
	u32 ipos;			/* its way (bucket * ways + way); the container lock */
	union {
		struct hlist_node member;	/* in owner->members while live */
		struct rcu_head rcu;		/* after: freeing */
		struct llist_node kept;		/* after that: kept by owner for reuse */
	};
	u8 data[] __aligned(8);
};

/* What a node costs besides its payload: 16 slots and 56 bytes. */
static_assert(sizeof(struct enetstl_node) == ENETSTL_MEM_SLOTS * 8 + 56);

/* Node handles: 63 random bits each, in one table for all containers. */
static const struct rhashtable_params enetstl_name_params =
	ENETSTL_HANDLE_TABLE(struct enetstl_node, handle, name);

extern struct rhashtable enetstl_names;		/* enetstl_mem_registry.c */

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

/* RCU read side. The live node named by @handle, unreferenced, or NULL. */
static __always_inline struct enetstl_node *enetstl_node_load(u64 handle)
{
	return handle ? rhashtable_lookup(&enetstl_names, &handle, enetstl_name_params) : NULL;
}

/*
 * RCU read side. The live node named by @handle, for the calls that start
 * from a list's head, and its container in *@cp; NULL when there is none
 * or its container is being destroyed.
 */
static __always_inline struct enetstl_node *enetstl_head_load(u64 handle,
							       struct enetstl_mem **cp)
{
	struct enetstl_node *x = enetstl_node_load(handle);

	if (!x || !enetstl_mem_alive(x->owner))
		return NULL;
	*cp = x->owner;
	return x;
}

/*
 * Container lock held: every slot write goes through here (the lock
 * serializes all changes to a node's slots; allocation zeroes top). Set
 * slot @l of @n to @t (a store-release with @publish: @t's contents are
 * visible before @t is) and keep @n->top exact, so a descent from @n starts
 * at its top: the empty levels above cost nothing and change nothing. A
 * lock-free reader may pair an old top with new slots or the reverse; it
 * then misses or sees a level just linked or unlinked, as a reader a
 * moment earlier or later would.
 */
static __always_inline void enetstl_slot_set(struct enetstl_node *n, u32 l,
					     struct enetstl_node *t, bool publish)
{
	u32 top = n->top;

	if (publish)	/* release: @t is complete before a lock-free walk reaches it */
		smp_store_release(&n->slots[l], t);
	else
		WRITE_ONCE(n->slots[l], t);
	if (t && l >= top) {
		WRITE_ONCE(n->top, l + 1);
	} else if (!t && l + 1 == top) {
		while (top && !n->slots[top - 1])
			top--;
		WRITE_ONCE(n->top, top);
	}
}

/* enetstl_mem.c, for the ordered lists and their index */
bool enetstl_mem_charge(struct enetstl_mem *c, u64 bytes);
void enetstl_mem_uncharge(struct enetstl_mem *c, u64 bytes);
void enetstl_node_adopt(struct enetstl_mem *c, struct enetstl_node *n);
void enetstl_node_kill(struct enetstl_mem *c, struct enetstl_node *n);
void enetstl_node_free_rcu(struct rcu_head *head);
u64 enetstl_node_name(struct enetstl_node *n);

static inline void enetstl_node_put(struct enetstl_node *n)
{
	if (refcount_dec_and_test(&n->refs)) {
		atomic64_inc(&enetstl_stats.nodes_dropped);
		call_rcu(&n->rcu, enetstl_node_free_rcu);
	}
}

/* @n's handle; given on first use (enetstl_node_name()). */
static inline u64 enetstl_node_handle_of(struct enetstl_node *n)
{
	u64 h = READ_ONCE(n->handle);

	if (!h && (READ_ONCE(n->live) || READ_ONCE(n->fresh)))
		h = enetstl_node_name(n);
	return h;
}

/* enetstl_mem.c, for setup (enetstl_mem_registry.c) */
int enetstl_node_caches_create(void);
void enetstl_node_caches_destroy(void);

#endif /* _ENETSTL_KMOD_MEM_H */
