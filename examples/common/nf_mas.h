/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_mas.h - the multiply-add-shift hash family of the best pure-eBPF
 * variants (Dietzfelbinger, "Universal hashing and k-wise independent
 * random variables via integer arithmetic without primes", STACS 1996),
 * shared by the XDP programs and userspace (control planes, references).
 *
 * Row r hashes the 40-byte flow key, read as ten little-endian 32-bit
 * words x[0..9], with 64-bit arithmetic modulo 2^64:
 *
 *	H_r(key) = nf_mas_a[r][10] + sum over j of nf_mas_a[r][j] * x[j]
 *
 * and uses its top l bits, H_r >> (64 - l). With the multipliers and the
 * addend drawn uniformly from [0, 2^64), the top l <= 32 bits form a
 * strongly universal (pairwise independent) family: for two distinct keys
 * each pair of l-bit values is equally likely, which is what count-min's
 * bound needs of each row, and the rows are independent of each other.
 * The constants below are fixed (splitmix64 from 0x9e3779b97f4a7c15): the
 * guarantee holds for keys chosen without knowledge of them. A deployment
 * that fears chosen keys draws its own (they are plain data).
 *
 * Sketch rows from one 32-bit hash c of the key (nf_mas_col()): row r's
 * column is the top cols_log bits of (m_r * c + b_r) mod 2^64, m_r, b_r =
 * nf_cm_rows[r] (splitmix64 from 0x243f6a8885a308d3): the same
 * multiply-add-shift family on one word, so for two keys whose c differ the
 * rows are pairwise independent. The best pure-eBPF count-min takes
 * c = H_0(key) >> 32 (keys share c with probability 2^-32 per pair: the
 * family is strongly universal in those bits); enetstl_cm_crc_update() takes
 * c = CRC-32C(key), with the same rows (enetstl/hash.h says what CRC's
 * linearity costs).
 */
#ifndef _NF_MAS_H
#define _NF_MAS_H

#include <linux/types.h>

#define NF_MAS_ROWS	8

#ifdef __clang__
#define NF_MAS_UNROLL _Pragma("unroll")	/* the BPF programs: unrolled */
#else
#define NF_MAS_UNROLL
#endif

static const __u64 nf_mas_a[NF_MAS_ROWS][11] = {
	{
	  0x6e789e6aa1b965f4ull, 0x06c45d188009454full, 0xf88bb8a8724c81ecull,
	  0x1b39896a51a8749bull, 0x53cb9f0c747ea2eaull, 0x2c829abe1f4532e1ull,
	  0xc584133ac916ab3cull, 0x3ee5789041c98ac3ull, 0xf3b8488c368cb0a6ull,
	  0x657eecdd3cb13d09ull, 0xc2d326e0055bdef6ull,
	},
	{
	  0x8621a03fe0bbdb7bull, 0x8e1f7555983aa92full, 0xb54e0f1600cc4d19ull,
	  0x84bb3f97971d80abull, 0x7d29825c75521255ull, 0xc3cf17102b7f7f86ull,
	  0x3466e9a083914f64ull, 0xd81a8d2b5a4485acull, 0xdb01602b100b9ed7ull,
	  0xa9038a921825f10dull, 0xedf5f1d90dca2f6aull,
	},
	{
	  0x54496ad67bd2634cull, 0xdd7c01d4f5407269ull, 0x935e82f1db4c4f7bull,
	  0x69b82ebc92233300ull, 0x40d29eb57de1d510ull, 0xa2f09dabb45c6316ull,
	  0xee521d7a0f4d3872ull, 0xf16952ee72f3454full, 0x377d35dea8e40225ull,
	  0x0c7de8064963bab0ull, 0x05582d37111ac529ull,
	},
	{
	  0xd254741f599dc6f7ull, 0x69630f7593d108c3ull, 0x417ef96181daa383ull,
	  0x3c3c41a3b43343a1ull, 0x6e19905dcbe531dfull, 0x4fa9fa7324851729ull,
	  0x84eb4454a792922aull, 0x134f7096918175ceull, 0x07dc930b302278a8ull,
	  0x12c015a97019e937ull, 0xcc06c31652ebf438ull,
	},
	{
	  0xecee65630a691e37ull, 0x3e84ecb1763e79adull, 0x690ed476743aae49ull,
	  0x774615d7b1a1f2e1ull, 0x22b353f04f4f52daull, 0xe3ddd86ba71a5eb1ull,
	  0xdf268adeb6513356ull, 0x2098eb73d4367d77ull, 0x03d6845323ce3c71ull,
	  0xc952c5620043c714ull, 0x9b196bca844f1705ull,
	},
	{
	  0x30260345dd9e0ec1ull, 0xcf448a5882bb9698ull, 0xf4a578dccbc87656ull,
	  0xbfdeaed9a17b3c8full, 0xed79402d1d5c5d7bull, 0x55f070ab1cbbf170ull,
	  0x3e00a34929a88f1dull, 0xe255b237b8bb18fbull, 0x2a7b67af6c6ad50eull,
	  0x466d5e7f3e46f143ull, 0x42375cb399a4fc72ull,
	},
	{
	  0x8c8a1f148a8bb259ull, 0x32fcab5daed5bdfcull, 0x9e60398c8d8553c0ull,
	  0xee89cceb8c4064c0ull, 0xdb0215941d86a66full, 0x5ccde78203c367a8ull,
	  0xf1bcbc6a1ec11786ull, 0xef054fceee954551ull, 0xdf82012d0555c6dfull,
	  0x292566ff72403c08ull, 0xc4dd302a1bfa1137ull,
	},
	{
	  0xd85f219db5c554e1ull, 0x6a27ff807441bcd2ull, 0x96a573e9b48216e8ull,
	  0x46a9fdac40bf0048ull, 0x3dd12464a0ee15b4ull, 0x451e521296a7eea1ull,
	  0x56e4398a98f8a0fdull, 0x7b7dc2160e3335a7ull, 0xc679ee0bebcb1ccaull,
	  0x928d6f2d7453424eull, 0x1b38994205234c6dull,
	},
};

/* Row multipliers and addends for nf_mas_col(), { m_r, b_r }. */
static const __u64 nf_cm_rows[NF_MAS_ROWS][2] = {
	{ 0x2cb0f69f4abea221ull, 0x9417034723148989ull },
	{ 0xdd555950609dfe03ull, 0xdbafb150deb12800ull },
	{ 0x7e789b2e6c442cb6ull, 0xf41e5636c7e4f8c4ull },
	{ 0x0959d150f8fba7e4ull, 0xa97316f13cdb9eeaull },
	{ 0x74cd8258f9520068ull, 0x55c74a62e116868bull },
	{ 0xd2f4c799a2023cbdull, 0xdf98cb79a37b51b9ull },
	{ 0x396f5885524f3905ull, 0xaf1d56386ca3b276ull },
	{ 0xa9ffbe6b5104e85aull, 0x6bd0c51b9fd533b3ull },
};

/* nf_mas_col() - column of 32-bit hash @c in sketch row @r of 2^@cols_log counters. */
static inline __attribute__((always_inline)) __u32 nf_mas_col(__u32 c, unsigned int r,
							       unsigned int cols_log)
{
	return (__u32)((nf_cm_rows[r][0] * (__u64)c + nf_cm_rows[r][1]) >> (64 - cols_log));
}

/* nf_mas_words() - the key's ten 32-bit words, widened (shared by all rows). */
static inline __attribute__((always_inline)) void nf_mas_words(const void *key, __u64 x[10])
{
	const __u32 *w = (const __u32 *)key;

NF_MAS_UNROLL
	for (int j = 0; j < 10; j++)
		x[j] = w[j];
}

/* nf_mas_row() - H_r of the key from nf_mas_words(); its top bits are the hash. */
static inline __attribute__((always_inline)) __u64 nf_mas_row(const __u64 x[10], unsigned int r)
{
	__u64 h = nf_mas_a[r][10];

NF_MAS_UNROLL
	for (int j = 0; j < 10; j++)
		h += nf_mas_a[r][j] * x[j];
	return h;
}

#endif
