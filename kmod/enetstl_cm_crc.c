// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_cm_crc.c - enetstl_cm_crc_update(): a count-min update whose rows
 * come from one CRC-32C of the key, multiply-add-shift per row. General
 * registers only (the crc32 instruction), so no FPU section at any row count.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>

#include <enetstl/flow.h>
#include <enetstl/hash.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "core/cm_crc_core.h"

/*
 * The key's CRC-32C (enetstl_crc32c() inlined, the flow key's 40 bytes
 * unrolled); the caller refused a NULL key. -EINVAL for a too long key,
 * a test off the flow key's path.
 */
static __always_inline s64 enetstl_cm_crc_key(const u8 *key, u32 len, u32 seed)
{
#ifdef ENETSTL_HAVE_CRC32C_HW
	if (len == 40 && static_branch_likely(&enetstl_crc32c_use_hw))
		return enetstl_crc32c_hw40(seed, key);
#endif
	if (len > ENETSTL_HASH_MAX_KEY)
		return -EINVAL;
#ifdef ENETSTL_HAVE_CRC32C_HW
	if (static_branch_likely(&enetstl_crc32c_use_hw))
		return enetstl_crc32c_hw(seed, key, len);
#endif
	return enetstl_crc32c_sw(enetstl_crc32c_table, seed, key, len);
}

/* Hash the key and add @delta in @rows rows (plain adds, unrolled: a constant @rows). */
static __always_inline s64 enetstl_cm_crc_rows(const u8 *key, u32 len,
					       struct enetstl_cm_crc_hdr *hdr, u32 delta,
					       u32 cols_log, u32 rows)
{
	s64 c = enetstl_cm_crc_key(key, len, READ_ONCE(hdr->seed));

	if (c < 0)
		return c;
	return enetstl_cm_crc_add(hdr, (u8 *)(hdr + 1), c, rows, cols_log, delta);
}

/*
 * 4, 6 and 8 rows, each a separate function the kfunc tail-calls (as
 * enetstl_cm_update() does): rows unrolled, nothing spilled. Two rows are
 * done in the kfunc itself: they need no more registers than the entry
 * has free (inlining four rows costs a saved register on every path).
 * Each row count has two: any key length, and the flow key's 40 bytes
 * (no length to pass or test: enetstl_cm_crc_flow()'s, and the update's
 * for 40-byte keys).
 */
#define ENETSTL_CM_CRC_ROWS_FN(rows)						\
static noinline notrace s64							\
enetstl_cm_crc_rows##rows(const u8 *key, u32 len, struct enetstl_cm_crc_hdr *hdr,	\
			  u32 cols_log, u32 delta)				\
{										\
	return enetstl_cm_crc_rows(key, len, hdr, delta, cols_log, rows);	\
}										\
static noinline notrace s64							\
enetstl_cm_crc_rows##rows##_40(const u8 *key, struct enetstl_cm_crc_hdr *hdr,	\
			       u32 cols_log, u32 delta)				\
{										\
	return enetstl_cm_crc_rows(key, 40, hdr, delta, cols_log, rows);	\
}
ENETSTL_CM_CRC_ROWS_FN(4)
ENETSTL_CM_CRC_ROWS_FN(6)
ENETSTL_CM_CRC_ROWS_FN(8)

/*
 * A plain (not atomic) sketch of @rows rows, a constant: its shape check
 * (enetstl_cm_crc_check() with @rows known), then its rows.
 */
static __always_inline s64 enetstl_cm_crc_fixed(const u8 *key, u32 len,
						struct enetstl_cm_crc_hdr *hdr, u32 size,
						u32 delta, u32 cols_log, u32 rows)
{
	long n = enetstl_cm_crc_check(rows, cols_log, size);	/* its rows test folds away */

	if (n < 0)
		return n;
	if (rows == 2)
		return enetstl_cm_crc_rows(key, len, hdr, delta, cols_log, 2);
	if (len == 40) {	/* a test that folds away for enetstl_cm_crc_flow() */
		if (rows == 4)
			return enetstl_cm_crc_rows4_40(key, hdr, cols_log, delta);
		if (rows == 6)
			return enetstl_cm_crc_rows6_40(key, hdr, cols_log, delta);
		return enetstl_cm_crc_rows8_40(key, hdr, cols_log, delta);
	}
	if (rows == 4)
		return enetstl_cm_crc_rows4(key, len, hdr, cols_log, delta);
	if (rows == 6)
		return enetstl_cm_crc_rows6(key, len, hdr, cols_log, delta);
	return enetstl_cm_crc_rows8(key, len, hdr, cols_log, delta);
}

/* Any accepted shape, atomic or not. */
static noinline s64 enetstl_cm_crc_any(const u8 *key, u32 len, struct enetstl_cm_crc_hdr *hdr,
				       u32 seed, u32 rows, u32 cols_log, u32 flags, u32 delta)
{
	u8 *ctr = (u8 *)(hdr + 1);
	s64 c = enetstl_cm_crc_key(key, len, seed);
	u32 r, min = U32_MAX;

	if (c < 0)
		return c;
	if (!(flags & ENETSTL_CM_ATOMIC))
		return enetstl_cm_crc_add(hdr, ctr, c, rows, cols_log, delta);
	if (!IS_ALIGNED((unsigned long)ctr, 4))
		return -EINVAL;
	for (r = 0; r < rows; r++) {
		u32 j = enetstl_cm_crc_col(READ_ONCE(hdr->mul[r]), READ_ONCE(hdr->add[r]), c,
					   cols_log);
		u32 v = (u32)atomic_add_return((int)delta,
					       (atomic_t *)(ctr + 4 * (((u64)r << cols_log) + j)));

		if (v < min)
			min = v;
	}
	return min;
}

/*
 * The update of both kfuncs (@key__sz is 40, a constant, for
 * enetstl_cm_crc_flow()).
 */
static __always_inline s64 enetstl_cm_crc_entry(const void *key, u32 key__sz, void *sketch,
						u32 sketch__sz, u32 delta)
{
	struct enetstl_cm_crc_hdr *hdr = sketch;
	u32 rows, cols_log, flags, seed;
	long n;

	/*
	 * The verifier gave @key__sz and @sketch__sz readable bytes, but up to
	 * 6.x it lets a map value that may be NULL through with its size; the
	 * key's length is checked where it is hashed, after the shape.
	 */
	if (unlikely(!key))
		return -EINVAL;
	/* a branch each: gcc would merge the tests with setcc and or (2 more) */
	barrier();
	if (unlikely(!sketch) || sketch__sz < sizeof(*hdr))
		return -EINVAL;
	/* the program may change the header meanwhile: read the shape once */
	rows = READ_ONCE(hdr->rows);
	cols_log = READ_ONCE(hdr->cols_log);
	/*
	 * The usual row counts, tested smallest first (each test costs an
	 * instruction or two, so the cheapest sketches pay the least for it),
	 * each with the shape check of its own row count.
	 */
	if (!(READ_ONCE(hdr->flags) & ENETSTL_CM_ATOMIC)) {
		if (rows == 2)
			return enetstl_cm_crc_fixed(key, key__sz, hdr, sketch__sz, delta, cols_log, 2);
		if (rows == 4)
			return enetstl_cm_crc_fixed(key, key__sz, hdr, sketch__sz, delta, cols_log, 4);
		if (rows == 6)
			return enetstl_cm_crc_fixed(key, key__sz, hdr, sketch__sz, delta, cols_log, 6);
		if (rows == 8)
			return enetstl_cm_crc_fixed(key, key__sz, hdr, sketch__sz, delta, cols_log, 8);
	}
	n = enetstl_cm_crc_check(rows, cols_log, sketch__sz);
	if (n < 0)
		return n;
	flags = READ_ONCE(hdr->flags);
	seed = READ_ONCE(hdr->seed);
	return enetstl_cm_crc_any(key, key__sz, hdr, seed, rows, cols_log, flags, delta);
}

__bpf_kfunc_start_defs();

__bpf_kfunc s64 enetstl_cm_crc_update(const void *key, u32 key__sz, void *sketch,
				      u32 sketch__sz, u32 delta)
{
	return enetstl_cm_crc_entry(key, key__sz, sketch, sketch__sz, delta);
}

__bpf_kfunc s64 enetstl_cm_crc_flow(const struct enetstl_flow_key *key, void *sketch,
				    u32 sketch__sz, u32 delta)
{
	return enetstl_cm_crc_entry(key, sizeof(*key), sketch, sketch__sz, delta);
}

__bpf_kfunc_end_defs();

static_assert(sizeof(struct enetstl_cm_crc_hdr) == ENETSTL_CM_CRC_HDR_SIZE);
