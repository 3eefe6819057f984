/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/compare.h - parallel compare: look a value up among all entries of
 * a bucket at once, compare whole keys (cuckoo hashing, signature tables).
 *
 * Buffers may be packet, map value or stack memory the verifier has checked
 * for the size given; no alignment is required. With AVX2 the work runs in a
 * kernel FPU section, otherwise in generic code with identical results. A
 * bucket of up to 32 bytes is matched in general registers (SWAR: 64-bit
 * words of entries) unless the program holds a SIMD section
 * (enetstl/simd.h): for it a kernel FPU section costs more than the match.
 */
#ifndef _ENETSTL_COMPARE_H
#define _ENETSTL_COMPARE_H

#include <enetstl/kfunc.h>

/** ENETSTL_KEYS_MAX - most keys enetstl_key_find() compares in one call. */
#define ENETSTL_KEYS_MAX 32

/**
 * enetstl_match16() - which entries of a bucket of u16 equal a value
 * @bucket: 8, 16 or 32 native-endian __u16 entries
 * @bucket__sz: bucket size in bytes: 16, 32 or 64
 * @value: the value; one wider than 16 bits matches nothing
 *
 * Return: bit i set when entry i equals @value (0 when none), or -EINVAL
 * (-22) when @bucket__sz is not 8, 16 or 32 entries or @bucket is NULL.
 */
extern __s64 enetstl_match16(const void *bucket, __u32 bucket__sz, __u64 value) ENETSTL_KFUNC;
/** enetstl_match32() - as enetstl_match16(), __u32 entries (32, 64 or 128 bytes). */
extern __s64 enetstl_match32(const void *bucket, __u32 bucket__sz, __u64 value) ENETSTL_KFUNC;
/** enetstl_match64() - as enetstl_match16(), __u64 entries (64, 128 or 256 bytes). */
extern __s64 enetstl_match64(const void *bucket, __u32 bucket__sz, __u64 value) ENETSTL_KFUNC;

/**
 * enetstl_find16() - first entry of a bucket of u16 equal to a value
 * @bucket: as for enetstl_match16()
 * @bucket__sz: as for enetstl_match16()
 * @value: the value; one wider than the entries (above 0xffff here,
 *         0xffffffff for enetstl_find32()) equals no entry: -ENOENT,
 *         never a match on its low bits
 *
 * Return: the index of the first (lowest) equal entry, -ENOENT (-2) when
 * none, -EINVAL (-22) for a bad size or a NULL @bucket.
 */
extern int enetstl_find16(const void *bucket, __u32 bucket__sz, __u64 value) ENETSTL_KFUNC;
/** enetstl_find32() - as enetstl_find16(), __u32 entries. */
extern int enetstl_find32(const void *bucket, __u32 bucket__sz, __u64 value) ENETSTL_KFUNC;
/** enetstl_find64() - as enetstl_find16(), __u64 entries. */
extern int enetstl_find64(const void *bucket, __u32 bucket__sz, __u64 value) ENETSTL_KFUNC;

/**
 * enetstl_key_eq() - compare two keys of 16, 32 or 64 bytes
 * @a: first key
 * @a__sz: its size: 16, 32 or 64
 * @b: second key
 * @b__sz: its size, equal to @a__sz
 *
 * Return: 1 when equal, 0 when not, -EINVAL (-22) for bad sizes or NULL.
 */
extern int enetstl_key_eq(const void *a, __u32 a__sz, const void *b, __u32 b__sz) ENETSTL_KFUNC;

/**
 * enetstl_key_find() - find a key among the keys of a bucket
 * @key: the key, 16, 32 or 64 bytes
 * @key__sz: its size
 * @keys: 1..ENETSTL_KEYS_MAX keys of @key__sz bytes each, back to back
 * @keys__sz: their total size, a multiple of @key__sz
 *
 * Return: the index of the first equal key, -ENOENT (-2) when none,
 * -EINVAL (-22) for bad sizes or NULL.
 */
extern int enetstl_key_find(const void *key, __u32 key__sz, const void *keys, __u32 keys__sz) ENETSTL_KFUNC;

#endif /* _ENETSTL_COMPARE_H */
