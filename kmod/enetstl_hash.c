// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_hash.c - multi-hash kfunc: k hashes of one key in one call, 8 lanes
 * per AVX2 vector inside a kernel FPU section, generic code otherwise.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>

#include <enetstl/hash.h>
#include "enetstl_avx2.h"
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "enetstl_simd.h"
#include "core/hash_core.h"

/* @n lanes of @h, seeds in and hashes out; AVX2 pays for its FPU section from 8 lanes. */
static __always_inline void enetstl_hash_lanes(const void *key, u32 len, u32 *h, u32 n)
{
	int simd = n >= 8 ? enetstl_simd_begin() : ENETSTL_SIMD_NONE;

	if (simd) {
		enetstl_hash_multi_avx2_fn(key, len, h, n);
		enetstl_simd_end(simd);
	} else {
		enetstl_hash_multi_scalar(key, len, h, n);
	}
}

/*
 * The fast paths of enetstl_cm_update(): plain adds, @rows fixed, the header
 * already checked. Each one is a separate function that the kfunc tail-calls,
 * so that the kfunc itself needs no callee-saved registers, and each path
 * pays only for the registers it uses. notrace: the kfunc itself stays
 * traceable; its per-packet leaves need no __fentry__ call site each.
 */
#define ENETSTL_CM_ROWS_FN(rows)					\
static noinline notrace s64						\
enetstl_cm_rows##rows(const u8 *key, u32 len, struct enetstl_cm_hdr *hdr,	\
		      u32 cols, u32 delta)					\
{									\
	return enetstl_cm_add_lanes(key, len, hdr->seeds,		\
				    (u8 *)(hdr + 1), cols, delta, rows);	\
}
ENETSTL_CM_ROWS_FN(2)
ENETSTL_CM_ROWS_FN(4)
ENETSTL_CM_ROWS_FN(6)

/* 8 rows: one AVX2 vector of lanes when the vector unit is ours, else the generic lanes. */
static noinline notrace s64 enetstl_cm_rows8(const u8 *key, u32 len,
					     struct enetstl_cm_hdr *hdr, u32 cols, u32 delta)
{
	int simd = enetstl_simd_begin();
	u32 min;

	if (!simd)
		return enetstl_cm_add_lanes(key, len, hdr->seeds, (u8 *)(hdr + 1), cols, delta, 8);
	min = enetstl_cm_add8_avx2_fn(key, len, hdr->seeds, hdr + 1, cols, delta);
	enetstl_simd_end(simd);
	return min;
}

/*
 * Any shape enetstl_cm_update() accepted (rows x cols checked), atomic or
 * not: the hashes through an array, the rows in a loop. Out of line, so that
 * its array (and the stack canary that comes with it) stays off the fast paths.
 */
static noinline s64 enetstl_cm_update_any(const u8 *key, u32 len, struct enetstl_cm_hdr *hdr,
					  u32 rows, u32 cols, u32 flags, u32 delta)
{
	u32 h[ENETSTL_HASH_MAX_LANES], r, min = U32_MAX;
	u8 *ctr = (u8 *)(hdr + 1);

	if ((flags & ENETSTL_CM_ATOMIC) && !IS_ALIGNED((unsigned long)ctr, 4))
		return -EINVAL;
	for (r = 0; r < rows; r++)
		h[r] = READ_ONCE(hdr->seeds[r]);
	enetstl_hash_lanes(key, len, h, rows);
	for (r = 0; r < rows; r++) {
		u8 *c = ctr + 4 * ((u64)r * cols + enetstl_cm_col(h[r], cols));
		u32 v;

		if (flags & ENETSTL_CM_ATOMIC) {
			v = (u32)atomic_add_return((int)delta, (atomic_t *)c);
		} else {
			v = enetstl_load32(c) + delta;
			enetstl_store32(c, v);
		}
		if (v < min)
			min = v;
	}
	return min;
}

__bpf_kfunc_start_defs();

__bpf_kfunc int enetstl_hash_multi(const void *key, u32 key__sz, u32 *hashes, u32 hashes__sz)
{
	u32 n = hashes__sz / 4;

	if (!key || !hashes || key__sz > ENETSTL_HASH_MAX_KEY || hashes__sz % 4 ||
	    !n || n > ENETSTL_HASH_MAX_LANES)
		return -EINVAL;
	enetstl_hash_lanes(key, key__sz, hashes, n);
	return (int)n;
}

__bpf_kfunc s64 enetstl_cm_update(const void *key, u32 key__sz, void *sketch,
				  u32 sketch__sz, u32 delta)
{
	struct enetstl_cm_hdr *hdr = sketch;
	u32 rows, cols, flags;
	long n;

	if (!key || !sketch || key__sz > ENETSTL_HASH_MAX_KEY || sketch__sz < sizeof(*hdr))
		return -EINVAL;
	/*
	 * The program may change the header meanwhile: read the shape once, then
	 * trust only the copy. The seeds need no copy: whatever a seed reads as,
	 * the column stays below cols.
	 */
	rows = READ_ONCE(hdr->rows);
	cols = READ_ONCE(hdr->cols);
	flags = READ_ONCE(hdr->flags);
	n = enetstl_cm_check(rows, cols, sketch__sz);
	if (n < 0)
		return n;
	if (flags & ENETSTL_CM_ATOMIC)
		return enetstl_cm_update_any(key, key__sz, hdr, rows, cols, flags, delta);
	/* The usual row counts, plain adds: one pass, lanes in registers. */
	switch (rows) {
	case 2:
		return enetstl_cm_rows2(key, key__sz, hdr, cols, delta);
	case 4:
		return enetstl_cm_rows4(key, key__sz, hdr, cols, delta);
	case 6:
		return enetstl_cm_rows6(key, key__sz, hdr, cols, delta);
	case 8:
		return enetstl_cm_rows8(key, key__sz, hdr, cols, delta);
	}
	return enetstl_cm_update_any(key, key__sz, hdr, rows, cols, flags, delta);
}

__bpf_kfunc_end_defs();

static_assert(sizeof(struct enetstl_cm_hdr) == ENETSTL_CM_HDR_SIZE);
