// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_obj.c - the registry of kptr-held objects (containers, list
 * buckets), their deferred destruction, the module-wide memory limit and
 * the allocation counters.
 *
 * Handles are sparse capabilities: 63 random bits drawn anew for every
 * object (positive as an s64), kept in a hash table, so a handle is found
 * only by whoever was given it (a guess names some live object with
 * probability live / 2^63), a stale one names nothing, and the number of
 * objects is bounded by the memory limit alone, not by a shared pool of
 * slots one program could exhaust.
 *
 * Destruction: a kptr destructor runs wherever a map element is deleted,
 * NMI and tracing programs that interrupted one of our locked sections
 * included. The last user reference therefore only queues an irq_work
 * (lock-free, NMI-safe), whose handler queues the destroy on a workqueue:
 * locks, RCU callbacks and bounded batches all happen in process context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/sched/mm.h>
#include <linux/spinlock.h>

#include "enetstl_obj.h"

static unsigned long enetstl_mem_limit_kb = 256 * 1024;
module_param_named(mem_limit_kb, enetstl_mem_limit_kb, ulong, 0644);
MODULE_PARM_DESC(mem_limit_kb, "Memory all containers and list buckets together may use, KiB (default 262144)");

struct enetstl_mem_stats enetstl_stats;

static atomic_t enetstl_obj_live = ATOMIC_INIT(0);
static struct workqueue_struct *enetstl_obj_wq;


static const struct rhashtable_params enetstl_obj_params =
	ENETSTL_HANDLE_TABLE(struct enetstl_obj, handle, node);

static struct rhashtable enetstl_objs;

bool enetstl_charge(u64 bytes)
{
	u64 limit = (u64)READ_ONCE(enetstl_mem_limit_kb) * 1024;

	if (atomic64_add_return(bytes, &enetstl_stats.bytes) > limit) {
		atomic64_sub(bytes, &enetstl_stats.bytes);
		atomic64_inc(&enetstl_stats.alloc_failed);
		return false;
	}
	return true;
}

void enetstl_uncharge(u64 bytes)
{
	atomic64_sub(bytes, &enetstl_stats.bytes);
}

static void enetstl_obj_free_irq(struct irq_work *w)
{
	struct enetstl_obj *o = container_of(w, struct enetstl_obj, free_irq);

	queue_work(enetstl_obj_wq, &o->free_work);
}

int enetstl_obj_register(struct enetstl_obj *o, u32 kind,
			 void (*destroy)(struct work_struct *work))
{
	o->kind = kind;
	init_irq_work(&o->free_irq, enetstl_obj_free_irq);
	INIT_WORK(&o->free_work, destroy);
	if (!enetstl_charge(ENETSTL_OBJ_INDEX_BYTES))
		return -ENOMEM;
	if (enetstl_handle_insert(&enetstl_objs, &o->node, &o->handle, enetstl_obj_params)) {
		enetstl_uncharge(ENETSTL_OBJ_INDEX_BYTES);
		return -ENOMEM;
	}
	atomic_inc(&enetstl_obj_live);
	return 0;
}

void enetstl_obj_init(struct enetstl_obj *o)
{
	refcount_set(&o->users, 1);
	o->memcg = NULL;
#ifdef CONFIG_MEMCG
	/* A SYSCALL program run by its loader: that process pays. */
	if (in_task() && current->mm)
		o->memcg = get_mem_cgroup_from_mm(current->mm);
#endif
}

static void enetstl_obj_unregister(struct enetstl_obj *o)
{
	rhashtable_remove_fast(&enetstl_objs, &o->node, enetstl_obj_params);
	enetstl_uncharge(ENETSTL_OBJ_INDEX_BYTES);
	atomic_dec(&enetstl_obj_live);
}

void enetstl_obj_free_memcg(struct enetstl_obj *o)
{
#ifdef CONFIG_MEMCG
	if (o->memcg)
		mem_cgroup_put(o->memcg);
#endif
	o->memcg = NULL;
}

struct mem_cgroup *enetstl_obj_memcg_enter(struct enetstl_obj *o)
{
	return o->memcg ? set_active_memcg(o->memcg) : NULL;
}

void enetstl_obj_memcg_exit(struct enetstl_obj *o, struct mem_cgroup *old)
{
	if (o->memcg)
		set_active_memcg(old);
}

struct enetstl_obj *enetstl_obj_lookup(u64 handle, u32 kind)
{
	struct enetstl_obj *o;

	if (!handle)
		return NULL;
	o = rhashtable_lookup(&enetstl_objs, &handle, enetstl_obj_params);
	return o && o->kind == kind && enetstl_obj_alive(o) ? o : NULL;
}

struct enetstl_obj *enetstl_obj_get(u64 handle, u32 kind)
{
	struct enetstl_obj *o;

	rcu_read_lock();
	o = enetstl_obj_lookup(handle, kind);
	if (o && !refcount_inc_not_zero(&o->users))
		o = NULL;
	rcu_read_unlock();
	return o;
}

void enetstl_obj_put(struct enetstl_obj *o)
{
	if (refcount_dec_and_test(&o->users)) {
		atomic64_inc(&enetstl_stats.destroys_pending);
		irq_work_queue(&o->free_irq);
	}
}

/*
 * The destroy work's first step: the irq_work that queued it is idle (on
 * PREEMPT_RT it runs in a thread and may not have returned yet), and the
 * handle stops naming the object.
 */
void enetstl_obj_retire(struct enetstl_obj *o)
{
	irq_work_sync(&o->free_irq);
	enetstl_obj_unregister(o);
}

/* The destroy work's last step. */
void enetstl_obj_destroyed(struct enetstl_obj *o)
{
	atomic64_dec(&enetstl_stats.destroys_pending);
}

int enetstl_obj_setup(void)
{
	int err = rhashtable_init(&enetstl_objs, &enetstl_obj_params);

	if (err)
		return err;
	enetstl_obj_wq = alloc_workqueue("enetstl", WQ_UNBOUND, 0);
	if (!enetstl_obj_wq) {
		rhashtable_destroy(&enetstl_objs);
		return -ENOMEM;
	}
	return 0;
}

/*
 * A map holding an object pins the module, but its destructor only queues
 * the destroy: wait for the queued ones (the irq_work handlers have run
 * once a grace period passed: they run with interrupts off), then for the
 * RCU callbacks the destroys queued.
 */
void enetstl_obj_exit(void)
{
	while (atomic64_read(&enetstl_stats.destroys_pending))
		msleep(1);
	synchronize_rcu();
	destroy_workqueue(enetstl_obj_wq);
	rcu_barrier();
	rcu_barrier();
	WARN_ON_ONCE(atomic_read(&enetstl_obj_live));
	rhashtable_destroy(&enetstl_objs);
}
