// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_simd.c - decide once, at load, whether the AVX2 paths may run; the
 * kfuncs with which a BPF program holds one FPU section for several calls.
 */
#include <linux/kernel.h>
#include <asm/cpufeature.h>
#ifdef CONFIG_X86_64
#include <asm/fpu/xcr.h>
#include <asm/fpu/api.h>
#endif

#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "enetstl_simd.h"

DEFINE_STATIC_KEY_FALSE(enetstl_avx2_enabled);

void enetstl_simd_setup(void)
{
#ifdef CONFIG_X86_64
	if (!enetstl_generic_only && boot_cpu_has(X86_FEATURE_AVX2) &&
	    cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM, NULL))
		static_branch_enable(&enetstl_avx2_enabled);
#endif
}

const char *enetstl_simd_path(void)
{
	return static_branch_unlikely(&enetstl_avx2_enabled) ? "avx2" : "generic";
}

DEFINE_PER_CPU(struct enetstl_simd, enetstl_simd_slot[ENETSTL_SIMD_LEVELS]);
DEFINE_PER_CPU(unsigned int, enetstl_simd_owner) = ENETSTL_SIMD_NOBODY;

__bpf_kfunc_start_defs();

__bpf_kfunc struct enetstl_simd *enetstl_simd_enter(void)
{
	struct enetstl_simd *s;

	preempt_disable();
	s = this_cpu_ptr(&enetstl_simd_slot[interrupt_context_level()]);
	if (s->depth++) {
		/* Nested: the outermost enter keeps this CPU, and the count, as they were. */
		preempt_enable();
		return s;
	}
#ifdef CONFIG_X86_64
	/* Outermost: pinned to this CPU until its exit, whether opened or not. */
	if (static_branch_likely(&enetstl_avx2_enabled) && irq_fpu_usable()) {
		kernel_fpu_begin();
		s->active = 1;
		this_cpu_write(enetstl_simd_owner, preempt_count());
	}
#endif
	return s;
}

__bpf_kfunc void enetstl_simd_exit(struct enetstl_simd *simd)
{
	/* The verifier passes back exactly the handle enter() returned. */
	if (--simd->depth)
		return;
	if (simd->active) {
		simd->active = 0;
		this_cpu_write(enetstl_simd_owner, ENETSTL_SIMD_NOBODY);
#ifdef CONFIG_X86_64
		kernel_fpu_end();
#endif
	}
	preempt_enable();
}

__bpf_kfunc_end_defs();
