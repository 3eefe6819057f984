/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/simd.h - one vector-unit section for several SIMD kfunc calls.
 *
 * Each SIMD kfunc (enetstl_match*, enetstl_find*, enetstl_key_find,
 * enetstl_hash_multi, enetstl_cm_update) normally opens and closes its own
 * kernel FPU section, which costs more than a small compare. A program that
 * makes several such calls per packet can open the section once:
 *
 *	struct enetstl_simd *simd = enetstl_simd_enter();
 *
 *	i = enetstl_find16(b1, sizeof(b1), sig);	(no FPU section of its own)
 *	j = enetstl_find16(b2, sizeof(b2), sig);
 *	enetstl_simd_exit(simd);			(on every path: the verifier checks)
 *
 * Results are identical with or without a section, and with or without
 * AVX2: when the vector unit cannot be used in the current context (no AVX2,
 * generic_only=1, or an interrupted kernel FPU section) enter() opens
 * nothing and the kfuncs take their generic paths.
 *
 * Rules, enforced by the verifier: every enter() is matched by exactly one
 * exit() of the handle it returned; no tail call and no program exit while
 * a handle is held. XDP and TC (SCHED_CLS) programs only: SYSCALL programs
 * may sleep, and the section disables preemption. Keep sections short (one
 * packet's work): they delay preemption and softirqs like any FPU section.
 */
#ifndef _ENETSTL_SIMD_H
#define _ENETSTL_SIMD_H

#include <enetstl/kfunc.h>

/**
 * struct enetstl_simd - handle of an open SIMD section (read-only to BPF)
 * @depth: sections entered and not yet exited at this CPU and context level
 * @active: 1 when the section holds the vector unit (kfuncs use AVX2 in it),
 *	    0 when they run their generic code
 */
struct enetstl_simd {
	__u32 depth;
	__u32 active;
};

/**
 * enetstl_simd_enter() - open a SIMD section (nestable)
 *
 * Return: the handle, never NULL; pass it to enetstl_simd_exit().
 */
extern struct enetstl_simd *enetstl_simd_enter(void) ENETSTL_KFUNC;

/**
 * enetstl_simd_exit() - close the section enetstl_simd_enter() opened
 * @simd: the handle enetstl_simd_enter() returned
 */
extern void enetstl_simd_exit(struct enetstl_simd *simd) ENETSTL_KFUNC;

#endif /* _ENETSTL_SIMD_H */
