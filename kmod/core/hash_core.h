/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hash_core.h - multi-hash: k independent 32-bit hashes of one key, one per
 * seed, generic version (hash_avx2.h computes 8 lanes at once, identically).
 *
 * Each lane is a MurmurHash3-style hash: the key is read as little-endian
 * 32-bit words, the last one zero-padded; every word is mixed into the
 * lane's state; the state is finished with length and fmix32. Seeds are the
 * only difference between lanes. Not bit-compatible with MurmurHash3_x86_32,
 * whose tail handling differs.
 */
#ifndef _ENETSTL_HASH_CORE_H
#define _ENETSTL_HASH_CORE_H

#include "enetstl_core.h"

#define ENETSTL_HASH_MAX_LANES	16
#define ENETSTL_HASH_MAX_KEY	256

#define ENETSTL_HASH_C1		0xcc9e2d51u
#define ENETSTL_HASH_C2		0x1b873593u

static inline u32 enetstl_rotl32(u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

/* Word @i of the key: little-endian, zero-padded past @len. */
static inline u32 enetstl_hash_word(const u8 *key, u32 len, u32 i)
{
	u32 w = 0, off = i * 4, n = len - off < 4 ? len - off : 4;

	if (n == 4)
		return enetstl_le32(enetstl_load32(key + off));
	while (n--)
		w = (w << 8) | key[off + n];
	return w;
}

/* The word as mixed into every lane: the same for all lanes. */
static inline u32 enetstl_hash_k(u32 w)
{
	return enetstl_rotl32(w * ENETSTL_HASH_C1, 15) * ENETSTL_HASH_C2;
}

static inline u32 enetstl_hash_fmix(u32 h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* One lane state @x after mixing in the word @k (from enetstl_hash_k()). */
static inline u32 enetstl_hash_round(u32 x, u32 k)
{
	return enetstl_rotl32(x ^ k, 13) * 5 + 0xe6546b64u;
}

/*
 * Mix the key into the @n lane states @x: the full words in a loop with no
 * per-word length test, then the zero-padded tail word, if any.
 */
static __always_inline void enetstl_hash_mix(const u8 *key, u32 len, u32 *x, u32 n)
{
	u32 full = len / 4, i, l, k;

	for (i = 0; i < full; i++) {
		k = enetstl_hash_k(enetstl_le32(enetstl_load32(key + 4 * i)));
#pragma GCC unroll 16
		for (l = 0; l < n; l++)
			x[l] = enetstl_hash_round(x[l], k);
	}
	if (len % 4) {
		k = enetstl_hash_k(enetstl_hash_word(key, len, full));
#pragma GCC unroll 16
		for (l = 0; l < n; l++)
			x[l] = enetstl_hash_round(x[l], k);
	}
}

/*
 * The generic multi-hash; @n is a constant where the caller inlines it. The
 * lanes live in a local array, not in @h: stores through @h could alias the
 * key bytes, which would pin every lane to memory.
 */
static __always_inline void enetstl_hash_multi_lanes(const u8 *key, u32 len, u32 *h, u32 n)
{
	u32 x[ENETSTL_HASH_MAX_LANES], l;

#pragma GCC unroll 16
	for (l = 0; l < n; l++)
		x[l] = h[l] ^ len;
	enetstl_hash_mix(key, len, x, n);
#pragma GCC unroll 16
	for (l = 0; l < n; l++)
		h[l] = enetstl_hash_fmix(x[l] ^ len);
}

/**
 * enetstl_hash_multi_scalar() - hash a key once per seed
 * @key: the key bytes
 * @len: key length, 0..ENETSTL_HASH_MAX_KEY
 * @h: on entry the @n seeds, on return the @n hashes
 * @n: number of lanes, 1..ENETSTL_HASH_MAX_LANES
 *
 * The usual lane counts get their own unrolled copies: with a run-time
 * count the compiler keeps every lane in memory.
 */
static inline void enetstl_hash_multi_scalar(const u8 *key, u32 len, u32 *h, u32 n)
{
	switch (n) {
	case 2:
		enetstl_hash_multi_lanes(key, len, h, 2);
		break;
	case 4:
		enetstl_hash_multi_lanes(key, len, h, 4);
		break;
	case 6:
		enetstl_hash_multi_lanes(key, len, h, 6);
		break;
	case 8:
		enetstl_hash_multi_lanes(key, len, h, 8);
		break;
	default:
		enetstl_hash_multi_lanes(key, len, h, n);
		break;
	}
}

/* Column of a hash in a row of @cols counters: multiply-shift, unbiased enough, no division. */
static inline u32 enetstl_cm_col(u32 hash, u32 cols)
{
	return (u32)(((u64)hash * cols) >> 32);
}

/*
 * Count-min validation: @size bytes starting with a header (rows, cols,
 * flags, seeds[16]: 76 bytes) must hold rows x cols counters.
 * Return: the counter count, or -EINVAL.
 */
#define ENETSTL_CM_HDR_SIZE	(3 * 4 + ENETSTL_HASH_MAX_LANES * 4)

static inline long enetstl_cm_check(u32 rows, u32 cols, u32 size)
{
	u64 need;

	if (!rows || rows > ENETSTL_HASH_MAX_LANES || !cols)
		return -EINVAL;
	need = ENETSTL_CM_HDR_SIZE + (u64)rows * cols * 4;
	if (need > size)
		return -EINVAL;
	return (long)((u64)rows * cols);
}

/**
 * enetstl_cm_add_lanes() - count-min update of @n rows in one pass
 * @key: the key bytes
 * @len: key length, 0..ENETSTL_HASH_MAX_KEY
 * @seeds: the @n row seeds
 * @ctr: the @n x @cols counters, row by row (4 bytes each, any alignment)
 * @cols: counters per row, >= 1 (checked by the caller, with @n)
 * @delta: added to the key's counter in every row, plainly (no atomics)
 *
 * Row r's hash is lane r of enetstl_hash_multi_scalar() with seed @seeds[r];
 * its column is enetstl_cm_col(). @n is a constant where the caller inlines
 * this: the lanes stay in registers, the hashes never go through memory.
 * Return: the smallest of the updated counters.
 */
static __always_inline u32 enetstl_cm_add_lanes(const u8 *key, u32 len, const u32 *seeds,
						u8 *ctr, u32 cols, u32 delta, u32 n)
{
	u32 x[ENETSTL_HASH_MAX_LANES], min = ~0u, l;
	u64 row = 0;

#pragma GCC unroll 16
	for (l = 0; l < n; l++)
		x[l] = seeds[l] ^ len;
	enetstl_hash_mix(key, len, x, n);
#pragma GCC unroll 16
	for (l = 0; l < n; l++) {
		u8 *c = ctr + 4 * (row + enetstl_cm_col(enetstl_hash_fmix(x[l] ^ len), cols));
		u32 v = enetstl_load32(c) + delta;

		enetstl_store32(c, v);
		min = v < min ? v : min;
		row += cols;
	}
	return min;
}

#endif /* _ENETSTL_HASH_CORE_H */
