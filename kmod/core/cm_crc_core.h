/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cm_crc_core.h - count-min update whose rows come from one 32-bit hash c
 * of the key (enetstl_cm_crc_update(): c is a CRC-32C): row r's column is
 * the top cols_log bits of a_r * c + b_r mod 2^64 (multiply-add-shift).
 * General registers only; no FPU.
 */
#ifndef _ENETSTL_CM_CRC_CORE_H
#define _ENETSTL_CM_CRC_CORE_H

#include "enetstl_core.h"
#include <enetstl/hash.h>

#define ENETSTL_CM_CRC_HDR_SIZE	(4 * 4 + 2 * 8 * ENETSTL_CM_CRC_MAX_ROWS)

/* Column of hash @c in a row with multiplier @mul and addend @add. */
static __always_inline u32 enetstl_cm_crc_col(u64 mul, u64 add, u32 c, u32 cols_log)
{
	return (u32)((mul * c + add) >> (64 - cols_log));
}

/*
 * @size bytes starting with the header must hold @rows x 2^@cols_log
 * counters. Return: the counter count, or -EINVAL.
 */
static __always_inline long enetstl_cm_crc_check(u32 rows, u32 cols_log, u32 size)
{
	u64 need;

	if (!rows || rows > ENETSTL_CM_CRC_MAX_ROWS || !cols_log ||
	    cols_log > ENETSTL_CM_CRC_MAX_COLS_LOG)
		return -EINVAL;
	if (__builtin_constant_p(rows) && !(rows & (rows - 1))) {
		/*
		 * A constant power of 2 (the kfunc's fixed entries): need <= size
		 * is (size - header) >> log2(rows x 4 x 2^cols_log) != 0, shift < 30.
		 */
		if (size < ENETSTL_CM_CRC_HDR_SIZE ||
		    !((size - ENETSTL_CM_CRC_HDR_SIZE) >> (cols_log + __builtin_ctz(rows) + 2)))
			return -EINVAL;
		return (long)((u64)rows << cols_log);
	}
	need = ENETSTL_CM_CRC_HDR_SIZE + ((u64)rows << cols_log) * 4;
	if (need > size)
		return -EINVAL;
	return (long)((u64)rows << cols_log);
}

/*
 * enetstl_cm_crc_check() of a run-time @rows: the usual row counts (2, 4, 6,
 * 8) each with its count known, as enetstl_cm_crc_update()'s fixed entries
 * check them; other counts by the general rule.
 */
static __always_inline long enetstl_cm_crc_check_usual(u32 rows, u32 cols_log, u32 size)
{
	switch (rows) {
	case 2:
		return enetstl_cm_crc_check(2, cols_log, size);
	case 4:
		return enetstl_cm_crc_check(4, cols_log, size);
	case 6:
		return enetstl_cm_crc_check(6, cols_log, size);
	case 8:
		return enetstl_cm_crc_check(8, cols_log, size);
	}
	return enetstl_cm_crc_check(rows, cols_log, size);
}

/*
 * Add @delta in each of @rows rows (plain adds; a constant @rows where the
 * caller inlines this: the loop unrolls). @rows and @cols_log were checked;
 * the multipliers are read as they are (a program changing them meanwhile
 * gets some column, always below 2^@cols_log).
 * Return: the smallest updated counter.
 */
static __always_inline u32 enetstl_cm_crc_add(const struct enetstl_cm_crc_hdr *hdr, u8 *ctr,
					      u32 c, u32 rows, u32 cols_log, u32 delta)
{
	/*
	 * Row r starts r strides in: one add a row, and the column's shift
	 * is the only variable shift (x86 keeps its count in %cl throughout).
	 */
	const u64 stride = (u64)4 << cols_log;
	const u32 shift = 64 - cols_log;
	u32 r, min = 0xffffffffu;

#pragma GCC unroll 8
	for (r = 0; r < rows; r++, ctr += stride) {
		/* below 2^cols_log (shift >= 40): no truncation to 32 bits needed */
		u64 j = (hdr->mul[r] * c + hdr->add[r]) >> shift;
		u8 *p = ctr + 4 * j;
		u32 v = enetstl_load32(p) + delta;

		enetstl_store32(p, v);
		if (v < min)
			min = v;
	}
	return min;
}

#endif /* _ENETSTL_CM_CRC_CORE_H */
