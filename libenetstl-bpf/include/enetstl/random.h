/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/random.h - cheap randomness for sampling: xoroshiro128++
 * generators seeded from the kernel's RNG, one per CPU and per context
 * (task, softirq, hardirq, NMI: an XDP program interrupting a SYSCALL
 * program on the same CPU uses another state, so no output repeats and no
 * update is lost), and geometric sampling
 * (NitroSketch): "sample this packet?" costs a decrement on most packets and
 * one random draw per sampled packet, instead of bpf_get_prandom_u32() per
 * packet and row. Not for cryptography.
 */
#ifndef _ENETSTL_RANDOM_H
#define _ENETSTL_RANDOM_H

#include <enetstl/kfunc.h>

/** ENETSTL_P_ONE - probability 1.0 in the Q32 fixed point the kfuncs take. */
#define ENETSTL_P_ONE (1ull << 32)
/** ENETSTL_P() - a probability from a fraction, e.g. ENETSTL_P(1, 100) for 1%. */
#define ENETSTL_P(num, den) ((__u64)(num) * ENETSTL_P_ONE / (den))

/**
 * struct enetstl_geo - geometric sampler state, kept by the program (a
 * per-CPU array value is the natural home: one sampler per CPU)
 * @d_q56: -log2(1 - p) in Q56, 0 for p = 1 (set by enetstl_geo_init())
 * @countdown: packets still to skip before the next sampled one
 * @magic: ENETSTL_GEO_MAGIC once initialized
 */
struct enetstl_geo {
	__u64 d_q56;
	__u32 countdown;
	__u32 magic;
};

#define ENETSTL_GEO_MAGIC 0x67656f31u

/**
 * enetstl_random_u32() - a 32-bit number from this CPU's (and context's)
 * xoroshiro128++
 *
 * Return: the number.
 */
extern __u32 enetstl_random_u32(void) ENETSTL_KFUNC;

/**
 * enetstl_geo_init() - set a sampler up for probability p
 * @geo: a struct enetstl_geo (map value, stack)
 * @geo__sz: sizeof(struct enetstl_geo)
 * @p_q32: p * 2^32, 0 < p_q32 <= ENETSTL_P_ONE (any value, not a fixed list)
 *
 * Return: 0, or -EINVAL (-22) for a bad p or size (@geo is left unchanged).
 */
extern int enetstl_geo_init(struct enetstl_geo *geo, __u32 geo__sz, __u64 p_q32) ENETSTL_KFUNC;

/**
 * enetstl_geo_skip() - how many packets to skip before the next sample
 * @geo: an initialized sampler (only read)
 * @geo__sz: sizeof(struct enetstl_geo)
 *
 * The draw: u = the top 32 bits of the next 64-bit output, U = (u + 1) /
 * 2^32 in (0, 1], G = floor(log2(U) / log2(1 - p)), with -log2(1 - p)
 * kept in Q56 (exact for p_q32 = 1 as for 2^32 - 1) and log2(U) from a
 * 1024-interval table (within 3e-7; never below -log2(U)'s true value),
 * so over the 2^32 values of u, P(G <= k) is 1 - (1 - p)^(k + 1) within
 * 2/2^32 plus 1e-6 of (1 - p)^(k + 1).
 *
 * Return: a draw G >= 0 with P(G = k) = (1 - p)^k p (saturating at
 * 2^32 - 1), or -EINVAL (-22) for an uninitialized sampler or a bad size.
 */
extern __s64 enetstl_geo_skip(const struct enetstl_geo *geo, __u32 geo__sz) ENETSTL_KFUNC;

/**
 * enetstl_geo_sample() - should this packet be sampled?
 * @geo: an initialized sampler; its countdown is updated
 * @geo__sz: sizeof(struct enetstl_geo)
 *
 * Each packet is sampled with probability p, independently (gaps between
 * samples are geometric). Share one sampler between CPUs only if losing
 * exactness is fine: use a per-CPU map value.
 *
 * Return: 1 to sample, 0 to skip, -EINVAL (-22) for a bad sampler or size.
 */
extern int enetstl_geo_sample(struct enetstl_geo *geo, __u32 geo__sz) ENETSTL_KFUNC;

#ifndef __KERNEL__
/**
 * enetstl_geo_next() - enetstl_geo_sample() with the common case inline
 * @g: an initialized sampler in map memory
 *
 * Skipped packets cost one decrement in the program; only sampled ones
 * call into the kernel (NitroSketch's pattern). Same results as
 * enetstl_geo_sample().
 *
 * Return: 1 to sample, 0 to skip, -EINVAL for an uninitialized sampler.
 */
static __attribute__((always_inline)) inline int enetstl_geo_next(struct enetstl_geo *g)
{
	__s64 skip;

	if (g->countdown) {
		g->countdown--;
		return 0;
	}
	skip = enetstl_geo_skip(g, sizeof(*g));
	if (skip < 0)
		return (int)skip;
	g->countdown = (__u32)skip;
	return 1;
}
#endif

#endif /* _ENETSTL_RANDOM_H */
