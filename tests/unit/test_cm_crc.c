// SPDX-License-Identifier: GPL-2.0
/*
 * test_cm_crc.c - kmod/core/cm_crc_core.h: the sketch shape check, its
 * constant-row-count form (the kfunc's fixed entries) against the rule
 * "header + rows x 2^cols_log counters fit in size", at every boundary.
 */
#include "unit.h"
#include "core/cm_crc_core.h"

/* The documented rule, written out. */
static long ref_check(u32 rows, u32 cols_log, u32 size)
{
	u64 need;

	if (rows < 1 || rows > ENETSTL_CM_CRC_MAX_ROWS || cols_log < 1 ||
	    cols_log > ENETSTL_CM_CRC_MAX_COLS_LOG)
		return -EINVAL;
	need = ENETSTL_CM_CRC_HDR_SIZE + 4ull * rows * (1ull << cols_log);
	return need > size ? -EINVAL : (long)(rows * (1ull << cols_log));
}

static void test_shape_boundaries(void)
{
	static const u32 rows_list[] = { 0, 1, 2, 3, 4, 6, 8, 9 };
	u32 cols_log, i;
	int d;

	for (i = 0; i < sizeof(rows_list) / sizeof(rows_list[0]); i++) {
		for (cols_log = 0; cols_log <= 26; cols_log++) {
			u32 rows = rows_list[i];
			u64 need = ENETSTL_CM_CRC_HDR_SIZE + 4ull * rows * (1ull << cols_log);
			u32 sizes[] = { 0, 1, ENETSTL_CM_CRC_HDR_SIZE - 1, ENETSTL_CM_CRC_HDR_SIZE,
					ENETSTL_CM_CRC_HDR_SIZE + 1, 0, 0, 0, UINT32_MAX };

			for (d = -1; d <= 1; d++)
				sizes[6 + d] = need + d > UINT32_MAX ? UINT32_MAX : (u32)(need + d);
			for (u32 s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
				CHECK(enetstl_cm_crc_check_usual(rows, cols_log, sizes[s]) ==
				      ref_check(rows, cols_log, sizes[s]),
				      "rows %u cols_log %u size %u: %ld, want %ld", rows, cols_log,
				      sizes[s], enetstl_cm_crc_check_usual(rows, cols_log, sizes[s]),
				      ref_check(rows, cols_log, sizes[s]));
				CHECK(enetstl_cm_crc_check(rows, cols_log, sizes[s]) ==
				      ref_check(rows, cols_log, sizes[s]),
				      "variable rows %u cols_log %u size %u", rows, cols_log, sizes[s]);
			}
		}
	}
}

const struct unit_case cm_crc_cases[] = {
	{ "cm_crc: shape check, fixed and variable row counts, at every size boundary",
	  test_shape_boundaries },
	{ NULL, NULL },
};
