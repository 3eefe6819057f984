// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_crc32c.c - CRC-32C kfunc: SSE4.2 crc32 instruction when the CPU has
 * it (unless generic_only), byte table otherwise; identical results.
 */
#include <linux/kernel.h>
#include <linux/jump_label.h>
#include <asm/cpufeature.h>

#include <enetstl/crc32c.h>
#include <enetstl/flow.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "core/crc32c_core.h"

u32 enetstl_crc32c_table[256] __read_mostly;
DEFINE_STATIC_KEY_FALSE(enetstl_crc32c_use_hw);

void enetstl_crc32c_setup(void)
{
	enetstl_crc32c_table_init(enetstl_crc32c_table);
#ifdef ENETSTL_HAVE_CRC32C_HW
	if (!enetstl_generic_only && boot_cpu_has(X86_FEATURE_XMM4_2))
		static_branch_enable(&enetstl_crc32c_use_hw);
#endif
}

const char *enetstl_crc32c_path(void)
{
	return static_branch_unlikely(&enetstl_crc32c_use_hw) ? "sse4.2" : "table";
}

__bpf_kfunc_start_defs();

__bpf_kfunc u32 enetstl_crc32c(const void *data, u32 data__sz, u32 seed)
{
	if (!data)
		return seed;
#ifdef ENETSTL_HAVE_CRC32C_HW
	if (static_branch_likely(&enetstl_crc32c_use_hw))
		return enetstl_crc32c_hw(seed, data, data__sz);
#endif
	return enetstl_crc32c_sw(enetstl_crc32c_table, seed, data, data__sz);
}

/* The flow key's 40 bytes unrolled: no length, no loop. */
__bpf_kfunc u32 enetstl_crc32c_flow(const struct enetstl_flow_key *key, u32 seed)
{
	if (!key)
		return seed;
	return enetstl_crc32c_key40(seed, (const u8 *)key);
}

__bpf_kfunc_end_defs();
