/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare_avx2.h - parallel compare with 256-bit vectors. Written with GCC
 * vector extensions and two movemask builtins, so that it compiles in the
 * kernel (no <immintrin.h>, which pulls in libc headers) and in userspace.
 *
 * Only for translation units built with -mavx2; in the kernel, call only
 * between kernel_fpu_begin() and kernel_fpu_end() (enetstl_simd.h).
 */
#ifndef _ENETSTL_COMPARE_AVX2_H
#define _ENETSTL_COMPARE_AVX2_H

#include "compare_core.h"

#ifndef __AVX2__
#error "compare_avx2.h needs -mavx2"
#endif

typedef char enetstl_v32i8 __attribute__((vector_size(32)));
typedef short enetstl_v16i16 __attribute__((vector_size(32)));
typedef int enetstl_v8i32 __attribute__((vector_size(32)));
typedef long long enetstl_v4i64 __attribute__((vector_size(32)));
typedef float enetstl_v8f32 __attribute__((vector_size(32)));
typedef double enetstl_v4f64 __attribute__((vector_size(32)));

static inline enetstl_v4i64 enetstl_loadu256(const u8 *p)
{
	enetstl_v4i64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/* Keep the even bits of a 32-bit word, packed: bit 2i -> bit i. */
static inline u32 enetstl_even_bits(u32 x)
{
	x &= 0x55555555;
	x = (x | x >> 1) & 0x33333333;
	x = (x | x >> 2) & 0x0f0f0f0f;
	x = (x | x >> 4) & 0x00ff00ff;
	x = (x | x >> 8) & 0x0000ffff;
	return x;
}

typedef char enetstl_v16i8 __attribute__((vector_size(16)));
typedef short enetstl_v8i16 __attribute__((vector_size(16)));

/*
 * As enetstl_match_scalar(), 32 bytes per step; a 16-byte bucket (8 x u16)
 * takes one 16-byte step, so nothing past the bucket is ever read.
 */
static __always_inline u32 enetstl_match_avx2(const u8 *b, u32 n, u64 v, u32 width)
{
	u32 i, per = 32 / width, mask = 0;

	if (n * width == 16) {
		enetstl_v8i16 x, eq;

		__builtin_memcpy(&x, b, sizeof(x));
		eq = x == (short)v;
		return enetstl_even_bits((u32)__builtin_ia32_pmovmskb128((enetstl_v16i8)eq));
	}

	for (i = 0; i < n; i += per) {
		enetstl_v4i64 x = enetstl_loadu256(b + i * width);
		u32 m;

		if (width == 2) {
			enetstl_v16i16 eq = (enetstl_v16i16)x == (short)v;

			m = enetstl_even_bits((u32)__builtin_ia32_pmovmskb256((enetstl_v32i8)eq));
		} else if (width == 4) {
			enetstl_v8i32 eq = (enetstl_v8i32)x == (int)v;

			m = (u32)__builtin_ia32_movmskps256((enetstl_v8f32)eq);
		} else {
			enetstl_v4i64 eq = x == (long long)v;

			m = (u32)__builtin_ia32_movmskpd256((enetstl_v4f64)eq);
		}
		mask |= m << i;
	}
	return mask;
}

/* As enetstl_key_eq_scalar(). */
static inline int enetstl_key_eq_avx2(const u8 *a, const u8 *b, u32 size)
{
	enetstl_v4i64 diff;

	if (size == 16)
		return enetstl_key_eq_scalar(a, b, 16);
	diff = enetstl_loadu256(a) ^ enetstl_loadu256(b);
	if (size == 64)
		diff |= enetstl_loadu256(a + 32) ^ enetstl_loadu256(b + 32);
	return __builtin_ia32_ptestz256(diff, diff);
}

/* As enetstl_key_find_scalar(). */
static inline int enetstl_key_find_avx2(const u8 *key, const u8 *keys, u32 size, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (enetstl_key_eq_avx2(key, keys + i * size, size))
			return (int)i;
	return -ENOENT;
}

#endif /* _ENETSTL_COMPARE_AVX2_H */
