/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crc32c_core.h - CRC-32C (Castagnoli, reflected polynomial 0x82f63b78).
 *
 * Both paths compute the raw CRC update of @crc over the bytes, with no
 * pre- or post-inversion, like the kernel's crc32c(): the standard CRC-32C
 * of a buffer is ~update(~0, buf, len), e.g. 0xe3069283 for "123456789".
 */
#ifndef _ENETSTL_CRC32C_CORE_H
#define _ENETSTL_CRC32C_CORE_H

#include "enetstl_core.h"

#define ENETSTL_CRC32C_POLY	0x82f63b78u

/* Fill the 256-entry byte table; done once at init, so no table is checked in. */
static inline void enetstl_crc32c_table_init(u32 table[256])
{
	u32 i, bit, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (bit = 0; bit < 8; bit++)
			c = (c >> 1) ^ (ENETSTL_CRC32C_POLY & -(c & 1));
		table[i] = c;
	}
}

static inline u32 enetstl_crc32c_sw(const u32 table[256], u32 crc,
				    const u8 *p, u32 len)
{
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

#if defined(__x86_64__)
#define ENETSTL_HAVE_CRC32C_HW 1
/*
 * SSE4.2 crc32 works on general-purpose registers: no FPU state is touched,
 * so no kernel_fpu_begin() is needed. The caller checks the CPU feature.
 */
static inline u32 enetstl_crc32c_hw(u32 crc, const u8 *p, u32 len)
{
	u64 c = crc;

	for (; len >= 8; len -= 8, p += 8)
		asm("crc32q %1, %0" : "+r"(c) : "rm"(enetstl_load64(p)));
	for (; len; len--, p++)
		asm("crc32b %1, %k0" : "+r"(c) : "rm"(*p));
	return (u32)c;
}

/* The same over a 40-byte flow key (struct enetstl_flow_key, a 5-tuple): unrolled. */
static __always_inline u32 enetstl_crc32c_hw40(u32 crc, const u8 *p)
{
	u64 c = crc;
	int i;

#pragma GCC unroll 5
	for (i = 0; i < 40; i += 8)
		asm("crc32q %1, %0" : "+r"(c) : "rm"(enetstl_load64(p + i)));
	return (u32)c;
}
#endif

#endif /* _ENETSTL_CRC32C_CORE_H */
