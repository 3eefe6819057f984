/* SPDX-License-Identifier: GPL-2.0 */
/*
 * random_core.h - fast per-CPU PRNG and geometric sampling (NitroSketch):
 * instead of drawing a random number per packet and row, draw how many
 * packets to skip before the next sampled one. Integer arithmetic only.
 */
#ifndef _ENETSTL_RANDOM_CORE_H
#define _ENETSTL_RANDOM_CORE_H

#include "enetstl_core.h"

/* xoroshiro128++ (Blackman, Vigna): 2 words of state, passes BigCrush. */
struct enetstl_rng {
	u64 s[2];
};

static inline u64 enetstl_rotl64(u64 x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline u64 enetstl_rng_next(struct enetstl_rng *r)
{
	u64 s0 = r->s[0], s1 = r->s[1], out = enetstl_rotl64(s0 + s1, 17) + s0;

	s1 ^= s0;
	r->s[0] = enetstl_rotl64(s0, 49) ^ s1 ^ (s1 << 21);
	r->s[1] = enetstl_rotl64(s1, 28);
	return out;
}

/* Expand one 64-bit seed with splitmix64; the state is never all zero. */
static inline void enetstl_rng_seed(struct enetstl_rng *r, u64 seed)
{
	for (int i = 0; i < 2; i++) {
		u64 z = (seed += 0x9e3779b97f4a7c15ull);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		r->s[i] = z ^ (z >> 31);
	}
	if (!r->s[0] && !r->s[1])
		r->s[0] = 1;
}

/*
 * log2 in Q32 fixed point. enetstl_log2_exact_q32() computes bit by bit
 * (squaring the mantissa; 32 rounds): slow, used only to set things up.
 * enetstl_log2_q32() interpolates a 1025-entry table (8 KiB) built with
 * it: about 2e-7 worst error (1e-6 of relative accuracy in a sampled
 * probability needs below 7e-7), a handful of instructions, used per sample.
 */
#define ENETSTL_LOG2_BITS	10
#define ENETSTL_LOG2_TABLE	(1u << ENETSTL_LOG2_BITS)

static inline u64 enetstl_log2_exact_q32(u64 x)
{
	int e = 63 - __builtin_clzll(x);
	/* mantissa in Q62: [1, 2) -> [2^62, 2^63) */
	u64 m = e >= 62 ? x >> (e - 62) : x << (62 - e), f = 0;

	for (int b = 31; b >= 0; b--) {
		m = (u64)(((unsigned __int128)m * m) >> 62);
		if (m >> 63) {	/* >= 2.0: halve and emit a 1 bit */
			m >>= 1;
			f |= 1ull << b;
		}
	}
	return ((u64)e << 32) | f;
}

static inline void enetstl_log2_table_init(u64 t[ENETSTL_LOG2_TABLE + 1])
{
	for (u32 i = 0; i <= ENETSTL_LOG2_TABLE; i++)
		t[i] = i == ENETSTL_LOG2_TABLE ? 1ull << 32 :
		       enetstl_log2_exact_q32(((u64)ENETSTL_LOG2_TABLE + i) << (32 - ENETSTL_LOG2_BITS)) -
		       (32ull << 32);
}

static inline u64 enetstl_log2_q32(const u64 t[ENETSTL_LOG2_TABLE + 1], u64 x)
{
	int e = 63 - __builtin_clzll(x);
	u64 m = x << (63 - e);			/* top bit at 63 */
	/* the next ENETSTL_LOG2_BITS bits: table index; the 32 after them: position in the interval */
	u32 idx = (u32)(m >> (63 - ENETSTL_LOG2_BITS)) & (ENETSTL_LOG2_TABLE - 1);
	u64 rem = (m >> (31 - ENETSTL_LOG2_BITS)) & 0xffffffffull;

	return ((u64)e << 32) + t[idx] + (((t[idx + 1] - t[idx]) * rem) >> 32);
}

/* Probabilities are Q32: p = p_q32 / 2^32, 0 < p_q32 <= 2^32. */
#define ENETSTL_P_ONE	(1ull << 32)

/* log2(e) in Q62, rounded down. */
#define ENETSTL_LOG2E_Q62	0x5c551d94ae0bf85dull

/**
 * enetstl_geo_d_q56() - -log2(1 - p) in Q56, for p = @p_q32 / 2^32 in (0, 1)
 *
 * Q56, not Q32: at p = 2^-32, -log2(1 - p) is 1.44 * 2^-32, so Q32 would
 * round it by up to 40% (and so P(G = 0)). Below p = 2^-8 it is the series
 * (p + p^2/2 + ... + p^8/8) * log2(e) in 64-bit fixed point (the next term
 * is below 2^-64); above, the bitwise log2, whose 2^-32 is then a relative
 * error below 2^-23.
 */
static inline u64 enetstl_geo_d_q56(u64 p_q32)
{
	u64 p, pk, sum;

	if (p_q32 >= 1ull << 24)
		return ((32ull << 32) - enetstl_log2_exact_q32(ENETSTL_P_ONE - p_q32)) << 24;
	p = p_q32 << 32;			/* Q64, below 2^56 */
	sum = p;
	pk = p;
	for (u32 k = 2; k <= 8; k++) {
		pk = (u64)(((unsigned __int128)pk * p) >> 64);
		sum += pk / k;
	}
	return (u64)(((unsigned __int128)sum * ENETSTL_LOG2E_Q62) >> (64 + 62 - 56));
}

/**
 * enetstl_geo_skip_core() - a geometric sample: P(G = k) = (1 - p)^k p
 * @t: the log2 table
 * @r32: a uniform 32-bit random number
 * @d_q56: -log2(1 - p) from enetstl_geo_d_q56(); 0 means p = 1
 *
 * Inversion: G = floor(-log2(U) / -log2(1 - p)) with U = (r32 + 1) / 2^32
 * in (0, 1], -log2(U) in Q32 from the table (never below the true value:
 * the table interpolates a concave function). Saturates at U32_MAX (only
 * for p < about 2^-27).
 */
static inline u32 enetstl_geo_skip_core(const u64 t[ENETSTL_LOG2_TABLE + 1], u32 r32, u64 d_q56)
{
	u64 l, g;

	if (!d_q56)
		return 0;
	l = (32ull << 32) - enetstl_log2_q32(t, (u64)r32 + 1);	/* -log2(U) in Q32, < 2^37 */
	g = enetstl_div64(l << 24, d_q56);
	return g > 0xffffffffull ? 0xffffffffu : (u32)g;
}

#endif /* _ENETSTL_RANDOM_CORE_H */
