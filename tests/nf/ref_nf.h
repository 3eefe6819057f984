/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ref_nf.h - userspace reference implementations of the NFs, written plainly
 * from their definitions (hash lanes: tests/ref/ref_hash.h).
 */
#ifndef _REF_NF_H
#define _REF_NF_H

#include <stdint.h>
#include <string.h>
#include "ref_hash.h"
#include "nf_common.h"
#include "nf_mas.h"	/* the constants only: ref_mas_col() is written here */

static const uint32_t ref_seeds[16] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53b, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	0xcbbb9d5d, 0x629a292a, 0x9159015a, 0x152fecd8, 0x67332667, 0x8eb44a87, 0xdb0c2e0d, 0x47b5481d,
};

/* Column of @k in row @r of a sketch with @cols counters per row. */
static inline uint32_t ref_col(const struct nf_key *k, unsigned int r, uint32_t cols)
{
	uint32_t h = ref_hash_lane((const uint8_t *)k, sizeof(*k), ref_seeds[r]);

	return (uint32_t)(((uint64_t)h * cols) >> 32);
}

/*
 * Column of @k in row @r with the multiply-add-shift rows of the best
 * pure-eBPF variants: the top log2(@cols) bits of a[r][10] + sum a[r][j] x_j
 * mod 2^64, x_j the key's little-endian 32-bit words (nf_mas.h).
 */
static inline uint32_t ref_mas_col(const struct nf_key *k, unsigned int r, uint32_t cols)
{
	const uint8_t *b = (const uint8_t *)k;
	uint64_t h = nf_mas_a[r][10];
	unsigned int bits = 0;

	while ((1u << bits) < cols)
		bits++;
	for (unsigned int j = 0; j < sizeof(*k) / 4; j++) {
		uint64_t x = b[4 * j] | (uint32_t)b[4 * j + 1] << 8 | (uint32_t)b[4 * j + 2] << 16 |
			     (uint32_t)b[4 * j + 3] << 24;

		h += nf_mas_a[r][j] * x;
	}
	return (uint32_t)(h >> (64 - bits));
}

typedef uint32_t (*ref_col_fn)(const struct nf_key *k, unsigned int r, uint32_t cols);

/* Count-min update: add 1 in every row; Return: the new estimate (the minimum). */
static inline uint32_t ref_cm_update(uint32_t *ctr, unsigned int rows, uint32_t cols,
				     const struct nf_key *k, ref_col_fn col)
{
	uint32_t est = UINT32_MAX;

	for (unsigned int r = 0; r < rows; r++) {
		uint32_t *c = &ctr[r * cols + col(k, r, cols)];

		++*c;
		if (*c < est)
			est = *c;
	}
	return est;
}

static inline uint32_t ref_cm_query(const uint32_t *ctr, unsigned int rows, uint32_t cols,
				    const struct nf_key *k, ref_col_fn col)
{
	uint32_t est = UINT32_MAX;

	for (unsigned int r = 0; r < rows; r++) {
		uint32_t c = ctr[r * cols + col(k, r, cols)];

		if (c < est)
			est = c;
	}
	return est;
}

#endif
