/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_lock.h - the BH-safe spinlocks of containers and list buckets,
 * without local_bh_disable()/local_bh_enable() where bottom halves are
 * already off.
 *
 * These locks are taken only in process context or with bottom halves off
 * (XDP, TC and SYSCALL programs, workqueues), never in hard-IRQ or NMI
 * context, and every holder has bottom halves off: no softirq can then
 * spin on a lock its own CPU holds. A caller already running with bottom
 * halves off (XDP and TC programs always do) keeps that true with a plain
 * spin_lock(), and saves local_bh_enable()'s look for pending softirqs
 * (about 31 instructions a lock and unlock on 6.1, 18 of them in
 * __local_bh_enable_ip()). PREEMPT_RT keeps spin_lock_bh(): there
 * softirq_count() is per task, and disabling bottom halves takes the
 * per-CPU lock the sleeping spinlock relies on.
 */
#ifndef _ENETSTL_LOCK_H
#define _ENETSTL_LOCK_H

#include <linux/preempt.h>
#include <linux/spinlock.h>

/* Take @lock with bottom halves off; true if this call turned them off. */
static __always_inline bool enetstl_lock(spinlock_t *lock)
{
	if (!IS_ENABLED(CONFIG_PREEMPT_RT) && softirq_count()) {
		spin_lock(lock);
		return false;
	}
	spin_lock_bh(lock);
	return true;
}

/* Release @lock; @bh: what enetstl_lock() returned. */
static __always_inline void enetstl_unlock(spinlock_t *lock, bool bh)
{
	if (bh)
		spin_unlock_bh(lock);
	else
		spin_unlock(lock);
}

#endif /* _ENETSTL_LOCK_H */
