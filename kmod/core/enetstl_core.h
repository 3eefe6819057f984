/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_core.h - the few definitions the algorithm cores need, for the
 * kernel and for userspace alike.
 *
 * The files under kmod/core/ hold eNetSTL's algorithms as static inline
 * functions with no kernel dependency, so that tests/unit compiles the very
 * same source in userspace and checks it against plain reference code.
 */
#ifndef _ENETSTL_CORE_H
#define _ENETSTL_CORE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <linux/math64.h>

#define enetstl_popcount32_core(x)	hweight32(x)
#define enetstl_popcount64_core(x)	hweight64(x)
#define enetstl_le64_to_cpu(x)	le64_to_cpu(x)
#define enetstl_le32(x)		le32_to_cpu(x)
#define enetstl_div64(a, b)	div64_u64(a, b)
#else
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <endian.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif

#define enetstl_popcount32_core(x)	((u32)__builtin_popcount(x))
#define enetstl_popcount64_core(x)	((u32)__builtin_popcountll(x))
#define enetstl_le64_to_cpu(x)	le64toh(x)
#define enetstl_le32(x)		le32toh(x)
#define enetstl_div64(a, b)	((a) / (b))
#endif

/* Unaligned native-endian loads: one mov on x86, safe on any buffer. */
static inline u64 enetstl_load64(const void *p)
{
	u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline u32 enetstl_load32(const void *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline void enetstl_store32(void *p, u32 v)
{
	__builtin_memcpy(p, &v, sizeof(v));
}

#endif /* _ENETSTL_CORE_H */
