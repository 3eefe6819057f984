// SPDX-License-Identifier: GPL-2.0
/* test_crc32c.c - kmod/core/crc32c_core.h: table and crc32 paths vs reference. */
#include <string.h>
#include "unit.h"
#include "core/crc32c_core.h"
#include "ref_crc32c.h"

static u32 table[256];

static int have_hw(void)
{
#ifdef ENETSTL_HAVE_CRC32C_HW
	return __builtin_cpu_supports("sse4.2");
#else
	return 0;
#endif
}

static u32 crc_hw(u32 crc, const u8 *p, u32 len)
{
#ifdef ENETSTL_HAVE_CRC32C_HW
	return enetstl_crc32c_hw(crc, p, len);
#else
	(void)p; (void)len;
	return crc;
#endif
}

static void test_vectors(void)
{
	static const struct ref_crc32c_vector v[] = REF_CRC32C_VECTORS;

	enetstl_crc32c_table_init(table);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		CHECK_EQ(v[i].name, ~ref_crc32c(~0u, v[i].data, v[i].len), v[i].crc);
		CHECK_EQ(v[i].name, ~enetstl_crc32c_sw(table, ~0u, v[i].data, v[i].len), v[i].crc);
		if (have_hw())
			CHECK_EQ(v[i].name, ~crc_hw(~0u, v[i].data, v[i].len), v[i].crc);
	}
}

/* Random lengths, seeds and alignments; buffers end at a guard page. */
static void test_random_buffers(void)
{
	enetstl_crc32c_table_init(table);
	if (!have_hw())
		printf("  note: CPU has no SSE4.2: crc32 instruction path not exercised here\n");
	for (int iter = 0; iter < 20000; iter++) {
		/* every length up to 199, then random ones and flow keys (40) */
		u32 len = iter < 200 ? (u32)iter : iter % 8 ? (u32)(tl_rand() % 1600) : 40;
		u32 seed = (u32)tl_rand();
		u8 *buf = unit_guarded(len);
		u32 want;

		for (u32 i = 0; i < len; i++)
			buf[i] = (u8)tl_rand();
		want = ref_crc32c(seed, buf, len);
		CHECK_EQ("table path", enetstl_crc32c_sw(table, seed, buf, len), want);
		if (have_hw())
			CHECK_EQ("crc32 path", crc_hw(seed, buf, len), want);
#ifdef ENETSTL_HAVE_CRC32C_HW
		if (have_hw() && len == 40)
			CHECK_EQ("crc32 path, 40-byte key", enetstl_crc32c_hw40(seed, buf), want);
#endif
		unit_guarded_free(buf, len);
	}
}

/* CRC of a concatenation equals the chained CRC: seeds are honoured. */
static void test_chaining(void)
{
	u8 buf[256];

	enetstl_crc32c_table_init(table);
	for (int iter = 0; iter < 2000; iter++) {
		u32 split = (u32)(tl_rand() % sizeof(buf));
		u32 whole, a;

		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (u8)tl_rand();
		whole = enetstl_crc32c_sw(table, ~0u, buf, sizeof(buf));
		a = enetstl_crc32c_sw(table, ~0u, buf, split);
		CHECK_EQ("chained table", enetstl_crc32c_sw(table, a, buf + split,
							    sizeof(buf) - split), whole);
		if (have_hw())
			CHECK_EQ("chained crc32", crc_hw(crc_hw(~0u, buf, split), buf + split,
							  sizeof(buf) - split), whole);
	}
}

const struct unit_case crc32c_cases[] = {
	{ "crc32c: published check values", test_vectors },
	{ "crc32c: 20000 random guarded buffers, both paths (and the 40-byte one)", test_random_buffers },
	{ "crc32c: chained updates equal one update", test_chaining },
	{ NULL, NULL },
};
