/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_obj.h - what the kptr-held objects (containers, list buckets)
 * share: a registry of live objects by handle, user references, deferred
 * destruction, the memory limit, memcg charging and the counters.
 */
#ifndef _ENETSTL_OBJ_H
#define _ENETSTL_OBJ_H

#include <linux/atomic.h>
#include <linux/irq_work.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct mem_cgroup;

enum enetstl_obj_kind {
	ENETSTL_OBJ_MEM = 1,
	ENETSTL_OBJ_LIST = 2,
};

/*
 * Head of every registered object. @users counts the references programs
 * and map kptrs hold. The last one may go anywhere a map element can be
 * deleted (NMI, a tracing program inside one of our locked sections), so
 * it only queues @free_irq: the object leaves the registry and its kind's
 * destroy function runs later, from a workqueue (enetstl_obj_put()).
 * Object memory is freed after an RCU grace period, so enetstl_obj_get()
 * may race with the last release.
 */
struct enetstl_obj {
	refcount_t users;
	u32 kind;
	u64 handle;		/* 63 random bits; the key in the registry */
	struct rhash_head node;	/* in the registry while registered */
	struct mem_cgroup *memcg;	/* charged for its memory; NULL: none */
	struct irq_work free_irq;
	struct work_struct free_work;
};

/* Allocation counters, /sys/module/enetstl/mem_stats (format: mem.h). */
struct enetstl_mem_stats {
	atomic64_t containers_created, containers_freed;
	atomic64_t nodes_allocated, nodes_dropped, nodes_freed;
	atomic64_t nodes_reused;	/* allocations served by a container's freed nodes */
	atomic64_t lists_created, lists_freed;
	atomic64_t alloc_failed;
	atomic64_t bytes;	/* held by containers, nodes (also freed ones kept), lists */
	atomic64_t destroys_pending;	/* objects whose last user went, not yet destroyed */
};

extern struct enetstl_mem_stats enetstl_stats;

/* Charge @bytes to the module-wide limit; false (nothing charged) if over. */
bool enetstl_charge(u64 bytes);
void enetstl_uncharge(u64 bytes);

/*
 * Hash tables keyed by random 64-bit handles (the registry, node names):
 * the handles are random already, so the hash only folds them and mixes
 * in the table's seed (no table is keyed by anything a program chose).
 * Inline, so that a lookup's hash is a few instructions in its caller.
 */
static inline u32 enetstl_handle_hash(const void *data, u32 len, u32 seed)
{
	u64 k = *(const u64 *)data;

	return (u32)k ^ (u32)(k >> 32) ^ seed;
}

/* A handle compares as one word: rhashtable's default is a memcmp() call. */
static inline int enetstl_handle_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	return *(const u64 *)((const u8 *)obj + arg->ht->p.key_offset) != *(const u64 *)arg->key;
}

#define ENETSTL_HANDLE_TABLE(type, key, head) {			\
	.key_len = sizeof(u64),						\
	.key_offset = offsetof(type, key),				\
	.head_offset = offsetof(type, head),				\
	.hashfn = enetstl_handle_hash,					\
	.obj_cmpfn = enetstl_handle_cmp,				\
	.automatic_shrinking = true,					\
}

/*
 * Give the entry @node of @ht a fresh handle in *@handle, its key: 63
 * random bits (positive as an s64, so results can carry handles or
 * errors), unique in the table (a collision, about entries / 2^63, draws
 * again). Return: 0, or -ENOMEM with *@handle 0. Inlined, so that @params
 * stays a constant for rhashtable's fast path.
 */
static __always_inline int enetstl_handle_insert(struct rhashtable *ht, struct rhash_head *node,
						 u64 *handle,
						 const struct rhashtable_params params)
{
	int err = -ENOMEM, tries;

	for (tries = 0; tries < 4; tries++) {
		WRITE_ONCE(*handle, get_random_u64() >> 1);
		if (!*handle)
			continue;
		err = rhashtable_lookup_insert_fast(ht, node, params);
		if (err != -EEXIST)
			break;
	}
	if (!err)
		return 0;
	WRITE_ONCE(*handle, 0);
	return -ENOMEM;
}

/*
 * What one registered object costs in the registry's hash table: its
 * share of the bucket array (8 bytes per bucket at a load of 0.375 at
 * worst), rounded up; charged while registered.
 */
#define ENETSTL_OBJ_INDEX_BYTES	24

/*
 * Start @o: users = 1, and the memory cgroup of the calling task (a
 * SYSCALL program's loader) when there is one; allocations made between
 * enetstl_obj_memcg_enter() and _exit() are charged to it.
 */
void enetstl_obj_init(struct enetstl_obj *o);
/*
 * Publish @o under a fresh random handle, complete: 0, or -ENOMEM (the
 * memory limit, or memory short). @destroy runs in process context once
 * the last user has gone (enetstl_obj_put()).
 */
int enetstl_obj_register(struct enetstl_obj *o, u32 kind,
			 void (*destroy)(struct work_struct *work));
/* The object named by @handle with a new user reference, or NULL. */
struct enetstl_obj *enetstl_obj_get(u64 handle, u32 kind);
/* RCU read side: the live object named by @handle, unreferenced, or NULL. */
struct enetstl_obj *enetstl_obj_lookup(u64 handle, u32 kind);
/* Drop a user reference; from any context, NMI included. Takes no lock. */
void enetstl_obj_put(struct enetstl_obj *o);
/* Destroy work: first retire (out of the registry), last say it is destroyed. */
void enetstl_obj_retire(struct enetstl_obj *o);
void enetstl_obj_destroyed(struct enetstl_obj *o);
/* Drop the memcg reference (with the object's memory). */
void enetstl_obj_free_memcg(struct enetstl_obj *o);

/*
 * Allocations for @o go to its memory cgroup (__GFP_ACCOUNT), wherever
 * they happen: in softirq the interrupted task's cgroup would pay instead.
 */
struct mem_cgroup *enetstl_obj_memcg_enter(struct enetstl_obj *o);
void enetstl_obj_memcg_exit(struct enetstl_obj *o, struct mem_cgroup *old);

/* Some user still holds @o: after the last put, its handle names nothing at once. */
static inline bool enetstl_obj_alive(const struct enetstl_obj *o)
{
	return refcount_read(&o->users) != 0;
}

static inline u64 enetstl_obj_handle(const struct enetstl_obj *o)
{
	return o->handle;
}

int enetstl_obj_setup(void);
void enetstl_obj_exit(void);

#endif /* _ENETSTL_OBJ_H */
