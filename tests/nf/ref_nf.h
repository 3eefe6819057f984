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
#include "nf_mas.h"	/* the constants only: the columns are computed here */
#include "ref_crc32c.h"

static const uint32_t ref_seeds[16] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53b, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	0xcbbb9d5d, 0x629a292a, 0x9159015a, 0x152fecd8, 0x67332667, 0x8eb44a87, 0xdb0c2e0d, 0x47b5481d,
};

/* Column of @k in row @r of a sketch with @cols counters per row. */
static inline uint32_t ref_col(const struct enetstl_flow_key *k, unsigned int r, uint32_t cols)
{
	uint32_t h = ref_hash_lane((const uint8_t *)k, sizeof(*k), ref_seeds[r]);

	return (uint32_t)(((uint64_t)h * cols) >> 32);
}

/* Row @r's column of the 32-bit hash @c: top bits of m_r * c + b_r mod 2^64. */
static inline uint32_t ref_row_col(uint32_t c, unsigned int r, uint32_t cols)
{
	unsigned int bits = 0;

	while ((1u << bits) < cols)
		bits++;
	return (uint32_t)((nf_cm_rows[r][0] * (uint64_t)c + nf_cm_rows[r][1]) >> (64 - bits));
}

/*
 * Column of @k in row @r of the best pure-eBPF count-min: c = the top 32
 * bits of a[10] + sum a[j] x_j mod 2^64 (nf_mas_a[0], x_j the key's
 * little-endian 32-bit words), then ref_row_col().
 */
static inline uint32_t ref_mas_col(const struct enetstl_flow_key *k, unsigned int r, uint32_t cols)
{
	const uint8_t *b = (const uint8_t *)k;
	uint64_t h = nf_mas_a[0][10];

	for (unsigned int j = 0; j < sizeof(*k) / 4; j++) {
		uint64_t x = b[4 * j] | (uint32_t)b[4 * j + 1] << 8 | (uint32_t)b[4 * j + 2] << 16 |
			     (uint32_t)b[4 * j + 3] << 24;

		h += nf_mas_a[0][j] * x;
	}
	return ref_row_col((uint32_t)(h >> 32), r, cols);
}

/* Column of @k in row @r of cm_k*_crc_enetstl: c = CRC-32C(key) from CM_CRC_SEED. */
static inline uint32_t ref_crc_col(const struct enetstl_flow_key *k, unsigned int r, uint32_t cols)
{
	return ref_row_col(ref_crc32c(0xffffffffu, (const uint8_t *)k, sizeof(*k)), r, cols);
}

/*
 * The 32-bit hash of the best cuckoo and HTSS variants: the top 32 bits of
 * multiply-add-shift row 0 (a[10] + sum a[j] x_j mod 2^64, nf_mas_a[0], x_j
 * the key's little-endian 32-bit words; the c of ref_mas_col()).
 */
static inline uint32_t ref_mas_hash32(const struct enetstl_flow_key *k)
{
	const uint8_t *b = (const uint8_t *)k;
	uint64_t h = nf_mas_a[0][10];

	for (unsigned int j = 0; j < sizeof(*k) / 4; j++)
		h += nf_mas_a[0][j] * (uint64_t)(b[4 * j] | (uint32_t)b[4 * j + 1] << 8 |
						 (uint32_t)b[4 * j + 2] << 16 |
						 (uint32_t)b[4 * j + 3] << 24);
	return (uint32_t)(h >> 32);
}

typedef uint32_t (*ref_col_fn)(const struct enetstl_flow_key *k, unsigned int r, uint32_t cols);

/* Count-min update: add 1 in every row; Return: the new estimate (the minimum). */
static inline uint32_t ref_cm_update(uint32_t *ctr, unsigned int rows, uint32_t cols,
				     const struct enetstl_flow_key *k, ref_col_fn col)
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
				    const struct enetstl_flow_key *k, ref_col_fn col)
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
