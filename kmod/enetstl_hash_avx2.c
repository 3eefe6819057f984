// SPDX-License-Identifier: GPL-2.0
/* enetstl_hash_avx2.c - the AVX2 multi-hash; built with -mavx2 (Kbuild). */
#include <linux/compiler.h>
#include "enetstl_avx2.h"
#include "core/hash_avx2.h"

void enetstl_hash_multi_avx2_fn(const void *key, u32 len, u32 *h, u32 n)
{
	enetstl_hash_multi_avx2(key, len, h, n);
}

/* notrace: called inside a kernel FPU section, once per packet; the kfunc is traceable. */
notrace u32 enetstl_cm_add8_avx2_fn(const void *key, u32 len, const u32 *seeds, void *ctr,
				    u32 cols, u32 delta)
{
	return enetstl_cm_add8_avx2(key, len, seeds, ctr, cols, delta);
}
