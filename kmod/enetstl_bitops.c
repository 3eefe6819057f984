// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_bitops.c - bit-scan kfuncs: thin wrappers over core/bitops_core.h.
 */
#include <linux/kernel.h>
#include <asm/cpufeature.h>

#include <enetstl/bitops.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "core/bitops_core.h"

static_assert(ENETSTL_BITMAP_MAX_BYTES == 512);

__bpf_kfunc_start_defs();

__bpf_kfunc u32 enetstl_ffs32(u32 x)
{
	return enetstl_ffs32_core(x);
}

__bpf_kfunc u32 enetstl_ffs64(u64 x)
{
	return enetstl_ffs64_core(x);
}

__bpf_kfunc u32 enetstl_fls32(u32 x)
{
	return enetstl_fls32_core(x);
}

__bpf_kfunc u32 enetstl_fls64(u64 x)
{
	return enetstl_fls64_core(x);
}

__bpf_kfunc u32 enetstl_ctz32(u32 x)
{
	return enetstl_ctz32_core(x);
}

__bpf_kfunc u32 enetstl_ctz64(u64 x)
{
	return enetstl_ctz64_core(x);
}

__bpf_kfunc u32 enetstl_clz32(u32 x)
{
	return enetstl_clz32_core(x);
}

__bpf_kfunc u32 enetstl_clz64(u64 x)
{
	return enetstl_clz64_core(x);
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
