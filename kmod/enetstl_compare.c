// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_compare.c - parallel compare kfuncs: find a value in a bucket of
 * 8/16/32 entries, compare 16/32/64-byte keys. AVX2 inside a kernel FPU
 * section when allowed, the generic code otherwise (for buckets of up to
 * 32 bytes outside a program's SIMD section: SWAR); identical results.
 */
#include <linux/kernel.h>

#include <enetstl/compare.h>
#include "enetstl_compat.h"
#include "enetstl_avx2.h"
#include "enetstl_internal.h"
#include "enetstl_simd.h"
#include "core/compare_core.h"

/*
 * Buckets up to this size are compared in general registers (SWAR) unless
 * the program holds a SIMD section: opening a kernel FPU section for them
 * costs more than the whole compare. Measured under -icount (the NF bench):
 * a 32-byte bucket (16 x u16, the cuckoo switch) is 28-29 instructions a
 * packet cheaper in SWAR; a 64-byte one (16 x u32, HTSS) 21 dearer.
 */
#define ENETSTL_MATCH_SWAR_BYTES	32

/* enetstl_match_swar() with a constant entry count: its words unrolled. */
static __always_inline u32 enetstl_match_swar_n(const u8 *b, int n, u64 v, u32 width)
{
	if (n == 8)
		return enetstl_match_swar(b, 8, v, width);
	if (n == 16)
		return enetstl_match_swar(b, 16, v, width);
	return enetstl_match_swar(b, 32, v, width);
}

/* Match mask of a bucket, or -EINVAL; a value wider than the entries matches nothing. */
static __always_inline s64 enetstl_match(const void *bucket, u32 size, u64 value, u32 width)
{
	int n = enetstl_bucket_entries(size, width), simd;
	u32 mask;

	if (!bucket || n < 0)
		return -EINVAL;
	if (width < 8 && value >> (width * 8))
		return 0;
	simd = size <= ENETSTL_MATCH_SWAR_BYTES ? enetstl_simd_held() : enetstl_simd_begin();
	if (simd) {
		if (width == 2)
			mask = enetstl_match16_avx2_fn(bucket, n, value);
		else if (width == 4)
			mask = enetstl_match32_avx2_fn(bucket, n, value);
		else
			mask = enetstl_match64_avx2_fn(bucket, n, value);
		enetstl_simd_end(simd);
	} else {
		mask = enetstl_match_swar_n(bucket, n, value, width);
	}
	return mask;
}

static __always_inline int enetstl_find(const void *bucket, u32 size, u64 value, u32 width)
{
	s64 mask = enetstl_match(bucket, size, value, width);

	if (mask < 0)
		return (int)mask;
	return mask ? __builtin_ctz((u32)mask) : -ENOENT;
}

__bpf_kfunc_start_defs();

__bpf_kfunc s64 enetstl_match16(const void *bucket, u32 bucket__sz, u64 value)
{
	return enetstl_match(bucket, bucket__sz, value, 2);
}

__bpf_kfunc s64 enetstl_match32(const void *bucket, u32 bucket__sz, u64 value)
{
	return enetstl_match(bucket, bucket__sz, value, 4);
}

__bpf_kfunc s64 enetstl_match64(const void *bucket, u32 bucket__sz, u64 value)
{
	return enetstl_match(bucket, bucket__sz, value, 8);
}

__bpf_kfunc int enetstl_find16(const void *bucket, u32 bucket__sz, u64 value)
{
	return enetstl_find(bucket, bucket__sz, value, 2);
}

__bpf_kfunc int enetstl_find32(const void *bucket, u32 bucket__sz, u64 value)
{
	return enetstl_find(bucket, bucket__sz, value, 4);
}

__bpf_kfunc int enetstl_find64(const void *bucket, u32 bucket__sz, u64 value)
{
	return enetstl_find(bucket, bucket__sz, value, 8);
}

__bpf_kfunc int enetstl_key_eq(const void *a, u32 a__sz, const void *b, u32 b__sz)
{
	int eq;

	if (!a || !b || a__sz != b__sz || !enetstl_key_size_ok(a__sz))
		return -EINVAL;
	/*
	 * One key is at most eight 64-bit compares: the generic code does it in
	 * fewer instructions than a kernel FPU section costs (make bench).
	 */
	eq = enetstl_key_eq_scalar(a, b, a__sz);
	return eq;
}

__bpf_kfunc int enetstl_key_find(const void *key, u32 key__sz, const void *keys, u32 keys__sz)
{
	u32 n;
	int i, simd;

	if (!key || !keys || !enetstl_key_size_ok(key__sz) || keys__sz % key__sz)
		return -EINVAL;
	n = keys__sz / key__sz;
	if (!n || n > ENETSTL_KEYS_MAX)
		return -EINVAL;
	simd = enetstl_simd_begin();
	if (simd) {
		i = enetstl_key_find_avx2_fn(key, keys, key__sz, n);
		enetstl_simd_end(simd);
	} else {
		i = enetstl_key_find_scalar(key, keys, key__sz, n);
	}
	return i;
}

__bpf_kfunc_end_defs();
