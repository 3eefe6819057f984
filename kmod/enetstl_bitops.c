// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_bitops.c - bit-scan kfuncs: thin wrappers over core/bitops_core.h,
 * or on x86-64 one BSF/BSR each (below).
 */
#include <linux/kernel.h>
#include <asm/cpufeature.h>

#include <enetstl/bitops.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "core/bitops_core.h"

static_assert(ENETSTL_BITMAP_MAX_BYTES == 512);

#ifdef CONFIG_X86_64
/*
 * BSF and BSR leave their destination as it was when the source is zero
 * (AMD documents it; Intel's CPUs do the same, and the kernel's own ffs()
 * and fls64() rely on it). Loading the answer for zero first leaves no
 * test and no cmov: a scan is two instructions. A bit scan is worth a
 * kfunc only if it costs less than the program's own (a de Bruijn multiply).
 */
#define ENETSTL_BIT_SCAN(name, insn, type)					\
static __always_inline u32 name(type x, u32 if_zero)			\
{									\
	type r = if_zero;						\
									\
	asm(insn " %1,%0" : "+r" (r) : "rm" (x));			\
	return (u32)r;							\
}
ENETSTL_BIT_SCAN(enetstl_bsf32, "bsfl", u32)
ENETSTL_BIT_SCAN(enetstl_bsf64, "bsfq", u64)
ENETSTL_BIT_SCAN(enetstl_bsr32, "bsrl", u32)
ENETSTL_BIT_SCAN(enetstl_bsr64, "bsrq", u64)

/* Each the bitops_core.h function of the same name, for every input. */
#define ENETSTL_FFS32(x)	(enetstl_bsf32(x, U32_MAX) + 1)
#define ENETSTL_FFS64(x)	(enetstl_bsf64(x, U32_MAX) + 1)
#define ENETSTL_FLS32(x)	(enetstl_bsr32(x, U32_MAX) + 1)
#define ENETSTL_FLS64(x)	(enetstl_bsr64(x, U32_MAX) + 1)
#define ENETSTL_CTZ32(x)	enetstl_bsf32(x, 32)
#define ENETSTL_CTZ64(x)	enetstl_bsf64(x, 64)
#define ENETSTL_CLZ32(x)	(31 - enetstl_bsr32(x, U32_MAX))
#define ENETSTL_CLZ64(x)	(63 - enetstl_bsr64(x, U32_MAX))
#else
#define ENETSTL_FFS32(x)	enetstl_ffs32_core(x)
#define ENETSTL_FFS64(x)	enetstl_ffs64_core(x)
#define ENETSTL_FLS32(x)	enetstl_fls32_core(x)
#define ENETSTL_FLS64(x)	enetstl_fls64_core(x)
#define ENETSTL_CTZ32(x)	enetstl_ctz32_core(x)
#define ENETSTL_CTZ64(x)	enetstl_ctz64_core(x)
#define ENETSTL_CLZ32(x)	enetstl_clz32_core(x)
#define ENETSTL_CLZ64(x)	enetstl_clz64_core(x)
#endif

__bpf_kfunc_start_defs();

__bpf_kfunc u32 enetstl_ffs32(u32 x)
{
	return ENETSTL_FFS32(x);
}

__bpf_kfunc u32 enetstl_ffs64(u64 x)
{
	return ENETSTL_FFS64(x);
}

__bpf_kfunc u32 enetstl_fls32(u32 x)
{
	return ENETSTL_FLS32(x);
}

__bpf_kfunc u32 enetstl_fls64(u64 x)
{
	return ENETSTL_FLS64(x);
}

__bpf_kfunc u32 enetstl_ctz32(u32 x)
{
	return ENETSTL_CTZ32(x);
}

__bpf_kfunc u32 enetstl_ctz64(u64 x)
{
	return ENETSTL_CTZ64(x);
}

__bpf_kfunc u32 enetstl_clz32(u32 x)
{
	return ENETSTL_CLZ32(x);
}

__bpf_kfunc u32 enetstl_clz64(u64 x)
{
	return ENETSTL_CLZ64(x);
}

__bpf_kfunc u32 enetstl_popcount32(u32 x)
{
	return enetstl_popcount32_core(x);
}

__bpf_kfunc u32 enetstl_popcount64(u64 x)
{
	return enetstl_popcount64_core(x);
}

__bpf_kfunc int enetstl_bitmap_ffs(const void *map, u32 map__sz, u32 start)
{
	if (!map || !map__sz || map__sz > ENETSTL_BITMAP_MAX_BYTES)
		return -EINVAL;
	return enetstl_bitmap_ffs_core(map, map__sz, start);
}

__bpf_kfunc_end_defs();

const char *enetstl_popcnt_path(void)
{
#ifdef CONFIG_X86
	/* hweight32/64 are patched to popcnt by the alternatives framework. */
	if (boot_cpu_has(X86_FEATURE_POPCNT))
		return "popcnt";
#endif
	return "generic";
}
