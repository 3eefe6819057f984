// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_hash.c - multi-hash kfunc: k hashes of one key in one call, 8 lanes
 * per AVX2 vector inside a kernel FPU section, generic code otherwise.
 */
#include <linux/kernel.h>

#include <enetstl/hash.h>
#include "enetstl_avx2.h"
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "enetstl_simd.h"
#include "core/hash_core.h"

__bpf_kfunc_start_defs();

__bpf_kfunc int enetstl_hash_multi(const void *key, u32 key__sz, u32 *hashes, u32 hashes__sz)
{
	u32 n = hashes__sz / 4;

	if (!key || !hashes || key__sz > ENETSTL_HASH_MAX_KEY || hashes__sz % 4 ||
	    !n || n > ENETSTL_HASH_MAX_LANES)
		return -EINVAL;
	/* The vector path pays for its FPU section only with 8 lanes or more. */
	if (n >= 8 && enetstl_simd_begin()) {
		enetstl_hash_multi_avx2_fn(key, key__sz, hashes, n);
		enetstl_simd_end();
	} else {
		enetstl_hash_multi_scalar(key, key__sz, hashes, n);
	}
	return (int)n;
}

__bpf_kfunc_end_defs();
