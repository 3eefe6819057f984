// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_obj.c - the registry of kptr-held objects (containers, list
 * buckets), their deferred destruction, the module-wide memory limit and
 * the allocation counters.
 *
 * Handles are sparse capabilities: secret << 14 | slot, the secret 49
 * random bits drawn anew for every object (a handle is positive as an
 * s64), so a handle is found only by whoever was given it (a guess names a
 * live object with probability 2^-49), and a stale one names nothing.
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
#include <linux/sched/mm.h>
#include <linux/spinlock.h>

#include "enetstl_obj.h"

static unsigned long enetstl_mem_limit_kb = 256 * 1024;
module_param_named(mem_limit_kb, enetstl_mem_limit_kb, ulong, 0644);
MODULE_PARM_DESC(mem_limit_kb, "Memory all containers and list buckets together may use, KiB (default 262144)");

struct enetstl_mem_stats enetstl_stats;

static struct enetstl_obj __rcu *enetstl_obj_tab[ENETSTL_OBJ_SLOTS];
static u32 enetstl_obj_next = 1, enetstl_obj_live;
/* BH-safe: taken by kfuncs (XDP, TC, SYSCALL) and by the destroy work. */
static DEFINE_SPINLOCK(enetstl_obj_lock);
static struct workqueue_struct *enetstl_obj_wq;

#define ENETSTL_OBJ_SECRET_MASK	((U64_MAX >> 1) & (U64_MAX << ENETSTL_OBJ_SLOT_BITS))

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
	u32 i, slot;
	int err = -ENOMEM;
	u64 secret;

	o->kind = kind;
	init_irq_work(&o->free_irq, enetstl_obj_free_irq);
	INIT_WORK(&o->free_work, destroy);
	do {
		secret = get_random_u64() & ENETSTL_OBJ_SECRET_MASK;
	} while (!secret);
	spin_lock_bh(&enetstl_obj_lock);
	/* Next fit from where the last one went; slot 0 is never used (handle 0 names nothing). */
	for (i = 1; i < ENETSTL_OBJ_SLOTS; i++) {
		slot = (enetstl_obj_next + i - 1) % (ENETSTL_OBJ_SLOTS - 1) + 1;
		if (rcu_access_pointer(enetstl_obj_tab[slot]))
			continue;
		o->handle = secret | slot;
		rcu_assign_pointer(enetstl_obj_tab[slot], o);
		enetstl_obj_next = slot + 1;
		enetstl_obj_live++;
		err = 0;
		break;
	}
	spin_unlock_bh(&enetstl_obj_lock);
	return err;
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
	spin_lock_bh(&enetstl_obj_lock);
	RCU_INIT_POINTER(enetstl_obj_tab[o->handle & (ENETSTL_OBJ_SLOTS - 1)], NULL);
	enetstl_obj_live--;
	spin_unlock_bh(&enetstl_obj_lock);
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

	o = rcu_dereference_check(enetstl_obj_tab[handle & (ENETSTL_OBJ_SLOTS - 1)],
				  rcu_read_lock_any_held());
	return o && o->handle == handle && o->kind == kind && enetstl_obj_alive(o) ? o : NULL;
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
	enetstl_obj_wq = alloc_workqueue("enetstl", WQ_UNBOUND, 0);
	return enetstl_obj_wq ? 0 : -ENOMEM;
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
	WARN_ON_ONCE(enetstl_obj_live);
}
