/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_obj.h - what the kptr-held objects (containers, list buckets)
 * share: a registry of live objects by handle, user references, the
 * module-wide memory limit and the allocation counters.
 */
#ifndef _ENETSTL_OBJ_H
#define _ENETSTL_OBJ_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>

enum enetstl_obj_kind {
	ENETSTL_OBJ_MEM = 1,
	ENETSTL_OBJ_LIST = 2,
};

/*
 * Head of every registered object. @users counts the references programs
 * and map kptrs hold; when it drops to zero the object leaves the registry
 * and its kind's destroy function runs. Object memory is freed after an RCU
 * grace period, so enetstl_obj_get() may race with the last release.
 */
struct enetstl_obj {
	refcount_t users;
	u32 id;
	u32 cookie;
	u32 kind;
};

/* Allocation counters, /sys/module/enetstl/mem_stats. */
struct enetstl_mem_stats {
	atomic64_t containers_created, containers_freed;
	atomic64_t nodes_allocated, nodes_dropped, nodes_freed;
	atomic64_t nodes_reused;	/* allocations served by a container's freed nodes */
	atomic64_t lists_created, lists_freed;
	atomic64_t alloc_failed;
	atomic64_t bytes;	/* held by containers, nodes (also freed ones kept), lists */
};

extern struct enetstl_mem_stats enetstl_stats;

/* Charge @bytes to the module-wide limit; false (nothing charged) if over. */
bool enetstl_charge(u64 bytes);
void enetstl_uncharge(u64 bytes);

/* At most ENETSTL_OBJ_SLOTS - 1 containers and lists are alive at once. */
#define ENETSTL_OBJ_SLOT_BITS	14
#define ENETSTL_OBJ_SLOTS	(1u << ENETSTL_OBJ_SLOT_BITS)

/* Register @o (users = 1); 0, or -ENOMEM when the registry is full. */
int enetstl_obj_register(struct enetstl_obj *o, u32 kind);
/* Remove @o from the registry (last user gone). */
void enetstl_obj_unregister(struct enetstl_obj *o);
/* The object named by @handle with a new user reference, or NULL. */
struct enetstl_obj *enetstl_obj_get(u64 handle, u32 kind);
/* Object id of @handle (the low half). */
static inline u32 enetstl_handle_id(u64 handle)
{
	return (u32)handle;
}

static inline u64 enetstl_obj_handle(const struct enetstl_obj *o)
{
	return ((u64)o->cookie << 32) | o->id;
}

#endif /* _ENETSTL_OBJ_H */
