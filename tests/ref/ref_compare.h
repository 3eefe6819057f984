/* SPDX-License-Identifier: GPL-2.0 */
/* ref_compare.h - plain models of the compare kfuncs (memcmp, no SIMD). */
#ifndef _ENETSTL_REF_COMPARE_H
#define _ENETSTL_REF_COMPARE_H

#include <stdint.h>
#include <string.h>

/* Match mask or -22 (-EINVAL); a value wider than the entries matches nothing. */
static inline int64_t ref_match(const void *bucket, uint32_t size, uint64_t value, uint32_t width)
{
	uint32_t n = size / width;
	int64_t mask = 0;

	if (!bucket || size % width || (n != 8 && n != 16 && n != 32))
		return -22;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t e = 0;

		memcpy(&e, (const uint8_t *)bucket + i * width, width);	/* little endian */
		if (e == value)
			mask |= 1ll << i;
	}
	return mask;
}

static inline int ref_find(const void *bucket, uint32_t size, uint64_t value, uint32_t width)
{
	int64_t m = ref_match(bucket, size, value, width);

	if (m < 0)
		return (int)m;
	for (int i = 0; i < 32; i++)
		if (m >> i & 1)
			return i;
	return -2;
}

static inline int ref_key_eq(const void *a, uint32_t as, const void *b, uint32_t bs)
{
	if (!a || !b || as != bs || (as != 16 && as != 32 && as != 64))
		return -22;
	return memcmp(a, b, as) == 0;
}

static inline int ref_key_find(const void *key, uint32_t ks, const void *keys, uint32_t kss)
{
	if (!key || !keys || (ks != 16 && ks != 32 && ks != 64) || kss % ks || !kss || kss / ks > 32)
		return -22;
	for (uint32_t i = 0; i < kss / ks; i++)
		if (!memcmp(key, (const uint8_t *)keys + i * ks, ks))
			return (int)i;
	return -2;
}

#endif
