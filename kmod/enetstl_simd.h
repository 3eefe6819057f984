/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_simd.h - the one way eNetSTL code touches vector registers:
 *
 *	int simd = enetstl_simd_begin();
 *
 *	if (simd) {
 *		r = something_avx2(...);	(from a file built with -mavx2)
 *		enetstl_simd_end(simd);
 *	} else {
 *		r = something_scalar(...);	(identical results)
 *	}
 *
 * enetstl_simd_begin() says yes only when the CPU has AVX2 (and the OS saves
 * YMM state) and generic_only is off, and then either
 *  - the calling BPF program holds a section (enetstl_simd_enter()) at this
 *    CPU and context level: the vector unit is already ours, nothing to do;
 *  - or irq_fpu_usable() allows kernel FPU use in the current context (not
 *    in NMI, not inside an interrupted kernel FPU section): it opens a
 *    kernel_fpu_begin() section, which saves the interrupted task's vector
 *    state, and enetstl_simd_end() closes it.
 * No sleeping before enetstl_simd_end().
 */
#ifndef _ENETSTL_KMOD_SIMD_H
#define _ENETSTL_KMOD_SIMD_H

#include <linux/jump_label.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#ifdef CONFIG_X86_64
#include <asm/fpu/api.h>
#endif
#include <enetstl/simd.h>

DECLARE_STATIC_KEY_FALSE(enetstl_avx2_enabled);

/*
 * Sections held by BPF programs, per CPU and per context level (task,
 * softirq, hardirq, NMI): an interrupt that runs a program while a lower
 * level holds a section sees its own, closed, slot.
 */
#define ENETSTL_SIMD_LEVELS	4
DECLARE_PER_CPU(struct enetstl_simd, enetstl_simd_slot[ENETSTL_SIMD_LEVELS]);

/*
 * preempt_count() of the code holding this CPU's open section, or
 * ENETSTL_SIMD_NOBODY (preempt_count() never has bit 31). Only that code
 * sees the same count: an interrupt adds to it, and the holder cannot be
 * preempted, so one compare tells a kfunc it runs inside the section.
 */
#define ENETSTL_SIMD_NOBODY	(~0u)
DECLARE_PER_CPU(unsigned int, enetstl_simd_owner);

enum {
	ENETSTL_SIMD_NONE,	/* use the generic code */
	ENETSTL_SIMD_OWN,	/* opened here: close with enetstl_simd_end() */
	ENETSTL_SIMD_HELD,	/* a program's section is open: use it as it is */
};

#ifdef CONFIG_X86_64
/* The code calling holds this CPU's open section (at its context level). */
static __always_inline bool enetstl_simd_owned(void)
{
	return this_cpu_read(enetstl_simd_owner) == (unsigned int)preempt_count();
}
#endif

static __always_inline int enetstl_simd_begin(void)
{
#ifdef CONFIG_X86_64
	if (!static_branch_likely(&enetstl_avx2_enabled))
		return ENETSTL_SIMD_NONE;
	if (enetstl_simd_owned())
		return ENETSTL_SIMD_HELD;
	if (irq_fpu_usable()) {
		kernel_fpu_begin();
		return ENETSTL_SIMD_OWN;
	}
#endif
	return ENETSTL_SIMD_NONE;
}

/*
 * As enetstl_simd_begin(), but never opens a section: ENETSTL_SIMD_HELD
 * when the calling program holds one, else ENETSTL_SIMD_NONE. For work
 * that costs less in general registers than a kernel FPU section.
 */
static __always_inline int enetstl_simd_held(void)
{
#ifdef CONFIG_X86_64
	if (static_branch_likely(&enetstl_avx2_enabled) && enetstl_simd_owned())
		return ENETSTL_SIMD_HELD;
#endif
	return ENETSTL_SIMD_NONE;
}

static __always_inline void enetstl_simd_end(int simd)
{
#ifdef CONFIG_X86_64
	if (simd == ENETSTL_SIMD_OWN)
		kernel_fpu_end();
#endif
}

#endif /* _ENETSTL_KMOD_SIMD_H */
