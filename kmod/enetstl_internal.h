/* SPDX-License-Identifier: GPL-2.0 */
/* enetstl_internal.h - what the module's files share with each other. */
#ifndef _ENETSTL_INTERNAL_H
#define _ENETSTL_INTERNAL_H

#include <linux/types.h>
#include <linux/jump_label.h>

#include "core/crc32c_core.h"

/* Module parameter: use only the generic code paths (tests, debugging). */
extern bool enetstl_generic_only;

/* Component setup: choose CPU paths; called once from module init. */
void enetstl_crc32c_setup(void);
void enetstl_simd_setup(void);
void enetstl_random_setup(void);

/*
 * CRC-32C (enetstl_crc32c.c): the byte table, and whether the crc32
 * instruction is used (for kfuncs that inline the CRC of a key).
 */
extern u32 enetstl_crc32c_table[256];
DECLARE_STATIC_KEY_FALSE(enetstl_crc32c_use_hw);

/*
 * The CRC-32C of a 40-byte flow key from @seed: enetstl_crc32c_flow()'s
 * body, inlined by the kfuncs that hash a key themselves (five crc32
 * instructions where the CPU has them, the byte table otherwise).
 */
static __always_inline u32 enetstl_crc32c_key40(u32 seed, const u8 *key)
{
#ifdef ENETSTL_HAVE_CRC32C_HW
	if (static_branch_likely(&enetstl_crc32c_use_hw))
		return enetstl_crc32c_hw40(seed, key);
#endif
	return enetstl_crc32c_sw(enetstl_crc32c_table, seed, key, 40);
}

/* Name of the active path of each component, for /sys/module/enetstl/cpu_paths. */
const char *enetstl_crc32c_path(void);
const char *enetstl_popcnt_path(void);
const char *enetstl_simd_path(void);

/* Memory wrapper and list buckets (enetstl_mem_registry.c): kptr dtors, handles, counters. */
int enetstl_mem_check_ids(void);
int enetstl_mem_init(void);
void enetstl_mem_exit(void);

#endif /* _ENETSTL_INTERNAL_H */
