/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_hash.bpf.h - the hashes of the pure-eBPF variants, computing exactly
 * what the eNetSTL kfuncs compute, so that both variants build identical
 * state: the multi-hash lanes of enetstl_hash_multi() on the 40-byte key,
 * and CRC-32C (enetstl_crc32c()) with a table built at compile time.
 */
#ifndef _NF_HASH_BPF_H
#define _NF_HASH_BPF_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include "nf_common.h"

static __always_inline __u32 nf_rotl32(__u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

static __always_inline __u32 nf_fmix32(__u32 h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* The key as the words every lane mixes in (identical for all lanes). */
static __always_inline void nf_hash_words(const struct enetstl_flow_key *key,
					  __u32 kw[NF_KEY_WORDS])
{
	const __u32 *w = (const __u32 *)key;
	int j;

#pragma unroll
	for (j = 0; j < NF_KEY_WORDS; j++)
		kw[j] = nf_rotl32(w[j] * 0xcc9e2d51u, 15) * 0x1b873593u;
}

/* One lane of enetstl_hash_multi() over the flow key, from nf_hash_words(). */
static __always_inline __u32 nf_hash_lane(const __u32 kw[NF_KEY_WORDS], __u32 seed)
{
	__u32 h = seed ^ NF_KEY_SIZE;
	int j;

#pragma unroll
	for (j = 0; j < NF_KEY_WORDS; j++)
		h = nf_rotl32(h ^ kw[j], 13) * 5 + 0xe6546b64u;
	return nf_fmix32(h ^ NF_KEY_SIZE);
}

/* CRC-32C (reflected, poly 0x82f63b78) table entries, computed by the compiler. */
#define NF_CRC_S(c)	(((c) >> 1) ^ (0x82f63b78u & (0u - ((c) & 1u))))
#define NF_CRC_T(i)	NF_CRC_S(NF_CRC_S(NF_CRC_S(NF_CRC_S(NF_CRC_S(NF_CRC_S(NF_CRC_S(NF_CRC_S((__u32)(i)))))))))
#define NF_CRC_4(i)	NF_CRC_T(i), NF_CRC_T((i) + 1), NF_CRC_T((i) + 2), NF_CRC_T((i) + 3)
#define NF_CRC_16(i)	NF_CRC_4(i), NF_CRC_4((i) + 4), NF_CRC_4((i) + 8), NF_CRC_4((i) + 12)
#define NF_CRC_64(i)	NF_CRC_16(i), NF_CRC_16((i) + 16), NF_CRC_16((i) + 32), NF_CRC_16((i) + 48)

static const __u32 nf_crc32c_table[256] = {
	NF_CRC_64(0), NF_CRC_64(64), NF_CRC_64(128), NF_CRC_64(192),
};

/* enetstl_crc32c(key, NF_KEY_SIZE, seed) in eBPF: one table step per byte. */
static __always_inline __u32 nf_crc32c_key(const struct enetstl_flow_key *key, __u32 crc)
{
	const __u8 *p = (const __u8 *)key;
	int i;

#pragma unroll
	for (i = 0; i < NF_KEY_SIZE; i++) {
		__u32 idx = crc ^ p[i];

		/* mask last: the 6.1 verifier loses the bound of (a & 0xff) ^ (b & 0xff) */
		asm volatile("" : "+r"(idx));
		crc = nf_crc32c_table[idx & 0xff] ^ (crc >> 8);
	}
	return crc;
}

#endif
