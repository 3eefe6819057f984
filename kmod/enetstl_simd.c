// SPDX-License-Identifier: GPL-2.0
/* enetstl_simd.c - decide once, at load, whether the AVX2 paths may run. */
#include <linux/kernel.h>
#include <asm/cpufeature.h>
#ifdef CONFIG_X86_64
#include <asm/fpu/xcr.h>
#include <asm/fpu/api.h>
#endif

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
