/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/hash.h - multi-hash: k independent 32-bit hashes of one key in one
 * call, 8 lanes per AVX2 vector where the CPU has it.
 */
#ifndef _ENETSTL_HASH_H
#define _ENETSTL_HASH_H

#include <enetstl/kfunc.h>

/** ENETSTL_HASH_MAX_LANES - most hashes per call. */
#define ENETSTL_HASH_MAX_LANES 16
/** ENETSTL_HASH_MAX_KEY - longest key, in bytes. */
#define ENETSTL_HASH_MAX_KEY 256

/**
 * ENETSTL_HASH_SEEDS - a default seed per lane: the high 32 bits of the
 * SHA-256 and SHA-384 initial values (fractional parts of the square roots of
 * the first 16 primes); distinct, nothing up the sleeve. Any seeds work.
 */
#define ENETSTL_HASH_SEEDS {						\
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53b,			\
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,			\
	0xcbbb9d5d, 0x629a292a, 0x9159015a, 0x152fecd8,			\
	0x67332667, 0x8eb44a87, 0xdb0c2e0d, 0x47b5481d,			\
}

/**
 * enetstl_hash_multi() - k hashes of one key, one per seed
 * @key: the key: packet, map value or stack memory; any alignment
 * @key__sz: key length in bytes, 0..ENETSTL_HASH_MAX_KEY
 * @hashes: k __u32 values: the seeds on entry, the hashes on return
 * @hashes__sz: 4 * k bytes, k = 1..ENETSTL_HASH_MAX_LANES
 *
 * Lane i is a MurmurHash3-style 32-bit hash of the key with seed hashes[i]
 * (the exact definition is in the enetstl sources, kmod/core/hash_core.h).
 * Results are the same on every CPU path.
 *
 * Return: k, or -EINVAL (-22) for a bad size or a NULL pointer (then
 * @hashes is left unchanged).
 */
extern int enetstl_hash_multi(const void *key, __u32 key__sz, __u32 *hashes,
			      __u32 hashes__sz) ENETSTL_KFUNC;

#endif /* _ENETSTL_HASH_H */
