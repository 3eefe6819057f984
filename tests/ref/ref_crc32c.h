/* SPDX-License-Identifier: GPL-2.0 */
/* ref_crc32c.h - bit-at-a-time CRC-32C reference (no table), raw update. */
#ifndef _ENETSTL_REF_CRC32C_H
#define _ENETSTL_REF_CRC32C_H

#include <stdint.h>
#include <stddef.h>

static inline uint32_t ref_crc32c(uint32_t crc, const uint8_t *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78u : crc >> 1;
	}
	return crc;
}

/* Published CRC-32C check values (standard form: ~crc(~0, ...)). */
struct ref_crc32c_vector {
	const char *name;
	uint8_t data[48];
	uint32_t len;
	uint32_t crc;
};

#define REF_CRC32C_VECTORS {							\
	{ "check string \"123456789\"", "123456789", 9, 0xe3069283u },		\
	{ "iSCSI 32 x 0x00", { 0 }, 32, 0x8a9136aau },				\
	{ "iSCSI 32 x 0xff", { [0 ... 31] = 0xff }, 32, 0x62a8ab43u },		\
	{ "iSCSI 0..31 ascending", { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,	\
	  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,	\
	  29, 30, 31 }, 32, 0x46dd794eu },					\
	{ "iSCSI 31..0 descending", { 31, 30, 29, 28, 27, 26, 25, 24, 23, 22,	\
	  21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3,	\
	  2, 1, 0 }, 32, 0x113fdb5cu },						\
	{ "empty", { 0 }, 0, 0x00000000u },					\
}

#endif
