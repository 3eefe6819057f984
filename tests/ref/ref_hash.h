/* SPDX-License-Identifier: GPL-2.0 */
/* ref_hash.h - one lane of the multi-hash, written plainly from its definition. */
#ifndef _ENETSTL_REF_HASH_H
#define _ENETSTL_REF_HASH_H

#include <stdint.h>
#include <stddef.h>

/* Default seeds: libenetstl-bpf/include/enetstl/hash.h (ENETSTL_HASH_SEEDS). */
static inline uint32_t ref_hash_lane(const uint8_t *key, uint32_t len, uint32_t seed)
{
	uint32_t h = seed ^ len;

	for (uint32_t off = 0; off < len; off += 4) {
		uint32_t w = 0, k;

		for (uint32_t b = 0; b < 4; b++)
			if (off + b < len)
				w |= (uint32_t)key[off + b] << (8 * b);
		k = w * 0xcc9e2d51u;
		k = (k << 15) | (k >> 17);
		k *= 0x1b873593u;
		h ^= k;
		h = (h << 13) | (h >> 19);
		h = h * 5 + 0xe6546b64u;
	}
	h ^= len;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

#endif
