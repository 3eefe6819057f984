/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_simd.h - the one way eNetSTL code touches vector registers:
 *
 *	if (enetstl_simd_begin()) {
 *		r = something_avx2(...);	(from a file built with -mavx2)
 *		enetstl_simd_end();
 *	} else {
 *		r = something_scalar(...);	(identical results)
 *	}
 *
 * enetstl_simd_begin() says yes only when the CPU has AVX2 (and the OS saves
 * YMM state), generic_only is off, and irq_fpu_usable() allows kernel FPU
 * use in the current context (not in NMI, not inside an interrupted kernel
 * FPU section); it then opens a kernel_fpu_begin() section, which saves the
 * interrupted task's vector state. No sleeping before enetstl_simd_end().
 */
#ifndef _ENETSTL_SIMD_H
#define _ENETSTL_SIMD_H

#include <linux/jump_label.h>
#ifdef CONFIG_X86_64
#include <asm/fpu/api.h>
#endif

DECLARE_STATIC_KEY_FALSE(enetstl_avx2_enabled);

static __always_inline bool enetstl_simd_begin(void)
{
#ifdef CONFIG_X86_64
	if (static_branch_likely(&enetstl_avx2_enabled) && irq_fpu_usable()) {
		kernel_fpu_begin();
		return true;
	}
#endif
	return false;
}

static __always_inline void enetstl_simd_end(void)
{
#ifdef CONFIG_X86_64
	kernel_fpu_end();
#endif
}

#endif /* _ENETSTL_SIMD_H */
