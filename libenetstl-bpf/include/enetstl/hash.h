/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/hash.h - multi-hash: k independent 32-bit hashes of one key in one
 * call, 8 lanes per AVX2 vector where the CPU has it; count-min sketch
 * updates in one call, from those hashes or from one CRC-32C of the key.
 */
#ifndef _ENETSTL_HASH_H
#define _ENETSTL_HASH_H

#include <enetstl/kfunc.h>

struct enetstl_flow_key;	/* enetstl/flow.h */

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
 * Lane i is the 32-bit hash H(key, seed = hashes[i]), the same on every
 * CPU path. H uses MurmurHash3_x86_32's constants and rounds but is not
 * bit-compatible with it (its start and its tail differ). All arithmetic
 * is modulo 2^32, rotl() a 32-bit left rotation, n = @key__sz:
 *
 *	x = seed ^ n
 *	for each 4-byte word w of the key, in order, read little-endian, the
 *	last one zero-padded when n is not a multiple of 4:
 *		k = rotl(w * 0xcc9e2d51, 15) * 0x1b873593
 *		x = rotl(x ^ k, 13) * 5 + 0xe6546b64
 *	x ^= n
 *	x ^= x >> 16; x *= 0x85ebca6b; x ^= x >> 13; x *= 0xc2b2ae35; x ^= x >> 16
 *	H = x
 *
 * Test vectors (key as ASCII, seed 0 / seed 0x6a09e667):
 * "" 0x00000000 / 0x09f45f69; "a" 0xda602517 / 0x101ceeb6;
 * "abcd" 0xab4a578e / 0xd4a37d37; "abcde" 0x3342b8b5 / 0x69fc2683;
 * "The quick brown fox jumps over the lazy dog" 0x31a89934 / 0x4538870d.
 *
 * Return: k, or -EINVAL (-22) for a bad size or a NULL pointer (then
 * @hashes is left unchanged).
 */
extern int enetstl_hash_multi(const void *key, __u32 key__sz, __u32 *hashes,
			      __u32 hashes__sz) ENETSTL_KFUNC;

/**
 * struct enetstl_cm_hdr - header of a count-min sketch in a map value
 * @rows: rows (hash functions), 1..ENETSTL_HASH_MAX_LANES
 * @cols: counters per row, >= 1; a key's column in row r is
 *        (hash_r * cols) >> 32 (multiply-shift: any width, no modulo)
 * @flags: ENETSTL_CM_ATOMIC for sketches shared between CPUs
 * @seeds: the seed of each row's hash (e.g. ENETSTL_HASH_SEEDS)
 *
 * The @rows x @cols __u32 counters follow the header, row by row
 * (enetstl_cm_counter() gives the index). The whole sketch is one map value.
 */
struct enetstl_cm_hdr {
	__u32 rows;
	__u32 cols;
	__u32 flags;
	__u32 seeds[ENETSTL_HASH_MAX_LANES];
};

/** ENETSTL_CM_ATOMIC - add with atomic instructions: no update is lost between CPUs. */
#define ENETSTL_CM_ATOMIC 1u

/** enetstl_cm_counter() - index of row @r, column @c in the counters after the header. */
#define enetstl_cm_counter(hdr, r, c) ((r) * (hdr)->cols + (c))

/**
 * enetstl_cm_update() - count-min sketch update in one call
 * @key: the key, 0..ENETSTL_HASH_MAX_KEY bytes
 * @key__sz: its length
 * @sketch: a struct enetstl_cm_hdr followed by rows x cols __u32 counters,
 *          in a map value (or stack); 4-byte aligned when ENETSTL_CM_ATOMIC
 * @sketch__sz: its size; must hold the header and all the counters
 * @delta: amount to add to one counter per row; counters wrap modulo 2^32
 *
 * Hashes the key once per row with the row's seed (enetstl_hash_multi()), adds
 * @delta to the key's counter in every row (atomically with
 * ENETSTL_CM_ATOMIC; without it, concurrent updates of one sketch from
 * several CPUs may lose counts: use a per-CPU map then), and returns the
 * smallest of the updated counters: the sketch's new estimate for the key.
 *
 * Return: the estimate (>= 0), or -EINVAL (-22) for a bad header or size, an
 * unaligned atomic sketch, or a NULL pointer; nothing is changed then.
 */
extern __s64 enetstl_cm_update(const void *key, __u32 key__sz, void *sketch,
			       __u32 sketch__sz, __u32 delta) ENETSTL_KFUNC;

/** ENETSTL_CM_CRC_MAX_ROWS - most rows of a CRC count-min sketch. */
#define ENETSTL_CM_CRC_MAX_ROWS 8
/** ENETSTL_CM_CRC_MAX_COLS_LOG - largest log2 of its counters per row. */
#define ENETSTL_CM_CRC_MAX_COLS_LOG 24

/**
 * struct enetstl_cm_crc_hdr - header of a CRC count-min sketch in a map value
 * @rows: rows, 1..ENETSTL_CM_CRC_MAX_ROWS
 * @cols_log: log2 of the counters per row, 1..ENETSTL_CM_CRC_MAX_COLS_LOG
 * @seed: the CRC-32C seed
 * @flags: ENETSTL_CM_ATOMIC, or 0
 * @mul: row r's multiplier a_r; draw every @mul and @add at random (any
 *       64-bit values: the guarantee below needs them uniform)
 * @add: row r's addend b_r
 *
 * The @rows x 2^@cols_log __u32 counters follow the header (144 bytes), row
 * by row: row r, column j is counter r * 2^@cols_log + j.
 */
struct enetstl_cm_crc_hdr {
	__u32 rows;
	__u32 cols_log;
	__u32 seed;
	__u32 flags;
	__u64 mul[ENETSTL_CM_CRC_MAX_ROWS];
	__u64 add[ENETSTL_CM_CRC_MAX_ROWS];
};

/**
 * enetstl_cm_crc_update() - count-min update, rows from one CRC-32C of the key
 * @key: the key, 0..ENETSTL_HASH_MAX_KEY bytes
 * @key__sz: its length
 * @sketch: a struct enetstl_cm_crc_hdr and its counters, in a map value (or
 *          stack); 4-byte aligned when ENETSTL_CM_ATOMIC
 * @sketch__sz: its size; must hold the header and all the counters
 * @delta: amount to add to one counter per row; counters wrap modulo 2^32
 *
 * Computes c = CRC-32C of the key from @seed, exactly enetstl_crc32c(@key,
 * @key__sz, @seed) (no inversions), then in each row r the column
 *
 *	j_r = ((a_r * c + b_r) mod 2^64) >> (64 - cols_log)
 *
 * (a_r = @mul[r], b_r = @add[r], c as an unsigned 64-bit number), adds
 * @delta to counter r * 2^cols_log + j_r (atomically with ENETSTL_CM_ATOMIC)
 * and returns the smallest updated counter: the key's new estimate.
 *
 * Guarantee: a_r * c + b_r, top cols_log bits, is Dietzfelbinger's
 * multiply-add-shift family, strongly universal for cols_log <= 32: for two
 * keys with different c and random a_r, b_r, their columns in a row are
 * independent and uniform, and rows are independent of each other; so the
 * count-min bound holds (estimate <= true + e N / 2^cols_log with
 * probability >= 1 - e^-rows) for keys whose c differ. Keys with equal c
 * share a column in every row. CRC-32C is linear and unkeyed: random keys
 * share c with probability 2^-32 per pair, but anyone who knows the key
 * format can build keys with the c of another key (its seed does not
 * prevent that), whose packets then count as that key's in every row. Where
 * keys are chosen by an adversary and an inflated estimate matters, use
 * enetstl_cm_update() or a keyed hash instead.
 *
 * Cost: no FPU section; the SSE4.2 crc32 instruction works on general
 * registers (a CRC-32C table where the CPU lacks it or the module runs
 * generic_only; the same results).
 *
 * Return: the estimate (>= 0), or -EINVAL (-22) for a bad header or size, an
 * unaligned atomic sketch, or a NULL pointer; nothing is changed then.
 */
extern __s64 enetstl_cm_crc_update(const void *key, __u32 key__sz, void *sketch,
				   __u32 sketch__sz, __u32 delta) ENETSTL_KFUNC;

/**
 * enetstl_cm_crc_flow() - enetstl_cm_crc_update() of a flow key
 * @key: the flow key (enetstl/flow.h): stack or map value memory of its
 *       40 bytes, which the verifier checks
 * @sketch: as for enetstl_cm_crc_update()
 * @sketch__sz: as for enetstl_cm_crc_update()
 * @delta: as for enetstl_cm_crc_update()
 *
 * Exactly enetstl_cm_crc_update(@key, 40, @sketch, @sketch__sz, @delta):
 * the same columns, counters, result and errors. The key's size is the
 * type's, so there is no length to pass or test: a few instructions less a
 * packet.
 *
 * Return: as enetstl_cm_crc_update().
 */
extern __s64 enetstl_cm_crc_flow(const struct enetstl_flow_key *key, void *sketch,
				 __u32 sketch__sz, __u32 delta) ENETSTL_KFUNC;

#endif /* _ENETSTL_HASH_H */
