// SPDX-License-Identifier: GPL-2.0
/*
 * bench.bpf.c - each program does one operation BENCH_INNER times on the
 * same data; the runner times them with BPF_PROG_TEST_RUN and subtracts the
 * empty loop. Pairs: eNetSTL kfunc vs the best pure-eBPF code for the job.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "bench.h"

char LICENSE[] SEC("license") = "GPL";

/* The work area: a 16 x u32 bucket, then key material. */
struct bench_data {
	__u32 bucket[16];
	__u8 bytes[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_data);
} bench_map SEC(".maps");

/*
 * One program: BENCH_INNER operations on the map's data, between @open and
 * @close. Defeat constant folding: the value to look for comes from the map.
 */
#define BENCH_RUN(name, open, close, ...)				\
SEC("xdp") int name(struct xdp_md *ctx)				\
{									\
	__u32 zero = 0, i;						\
	__u64 acc = 0;							\
	struct bench_data *d = bpf_map_lookup_elem(&bench_map, &zero);	\
									\
	if (!d)								\
		return XDP_ABORTED;					\
	open								\
	for (i = 0; i < BENCH_INNER; i++) {				\
		__u32 v = d->bucket[i & 15];				\
		__VA_ARGS__						\
	}								\
	close								\
	return acc == 0xdeadbeef ? XDP_DROP : XDP_PASS;			\
}

#define BENCH_PROG(name, ...) BENCH_RUN(name, , , __VA_ARGS__)

/*
 * One SIMD section (enetstl/simd.h) held around all BENCH_INNER operations:
 * the cost of the section is shared by all of them.
 */
#define BENCH_PROG_HELD(name, ...)						\
	BENCH_RUN(name, struct enetstl_simd *simd = enetstl_simd_enter();,	\
		  enetstl_simd_exit(simd);, __VA_ARGS__)

BENCH_PROG(bench_empty, acc += v;)

/*
 * Mask of the 16 slots equal to v, the best pure eBPF we know: unrolled and
 * branchless (x == 0 exactly when x - 1 borrows into bit 63).
 */
BENCH_PROG(bench_match32_ebpf, {
	__u64 mask = 0;
	int j;

	for (j = 0; j < 16; j++)
		mask |= (((__u64)(d->bucket[j] ^ v) - 1) >> 63) << j;
	acc += mask;
})

BENCH_PROG(bench_match32_kfunc, acc += enetstl_match32(d->bucket, sizeof(d->bucket), v);)

/* One section per operation: what a packet with a single compare pays. */
BENCH_PROG(bench_match32_section, {
	struct enetstl_simd *simd = enetstl_simd_enter();

	acc += enetstl_match32(d->bucket, sizeof(d->bucket), v);
	enetstl_simd_exit(simd);
})

BENCH_PROG_HELD(bench_match32_held, acc += enetstl_match32(d->bucket, sizeof(d->bucket), v);)

/* 32-byte key equality: four 8-byte compares in eBPF, branchless. */
BENCH_PROG(bench_key_eq32_ebpf, {
	__u64 *a = (__u64 *)d->bytes, *b = (__u64 *)(d->bytes + 32), x;

	/* ^ v keeps clang from hoisting the loop-invariant compare */
	x = (a[0] ^ b[0] ^ v) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]);
	x |= -x;
	asm volatile("" : "+r"(x));	/* no "x == 0" select: BPF would branch */
	acc += 1 - (x >> 63);		/* 1 when the keys are equal */
})

BENCH_PROG(bench_key_eq32_kfunc, acc += v + enetstl_key_eq(d->bytes, 32, d->bytes + 32, 32);)

/* Lowest set bit of a 64-bit word: branchless binary search in eBPF. */
BENCH_PROG(bench_ffs64_ebpf, {
	__u64 x = ((__u64)v << 32) | (v | 0x80000000u), z;
	__u32 n = 1;

	z = (((x & 0xffffffffull) - 1) >> 63); n += z << 5; x >>= z << 5;
	z = (((x & 0xffff) - 1) >> 63); n += z << 4; x >>= z << 4;
	z = (((x & 0xff) - 1) >> 63); n += z << 3; x >>= z << 3;
	z = (((x & 0xf) - 1) >> 63); n += z << 2; x >>= z << 2;
	z = (((x & 0x3) - 1) >> 63); n += z << 1; x >>= z << 1;
	n += ((x & 0x1) - 1) >> 63;
	acc += n;
})

BENCH_PROG(bench_ffs64_kfunc, acc += enetstl_ffs64(((__u64)v << 32) | (v | 0x80000000u));)

/*
 * 8 hashes of a 16-byte key (a 5-tuple plus padding), the same function
 * as enetstl_hash_multi(): pure eBPF, lanes unrolled by the compiler.
 */
static const __u32 seeds8[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53b,
				 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

static __always_inline __u32 rotl32(__u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

BENCH_PROG(bench_hash8_ebpf, {
	__u32 *w = (__u32 *)d->bytes, h[8], out = 0;
	int l, j;

	for (l = 0; l < 8; l++)
		h[l] = seeds8[l] ^ 16;
	for (j = 0; j < 4; j++) {
		__u32 k = rotl32((w[j] ^ (j ? 0 : v)) * 0xcc9e2d51u, 15) * 0x1b873593u;

		for (l = 0; l < 8; l++)
			h[l] = rotl32(h[l] ^ k, 13) * 5 + 0xe6546b64u;
	}
	for (l = 0; l < 8; l++) {
		__u32 x = h[l] ^ 16;

		x ^= x >> 16; x *= 0x85ebca6bu; x ^= x >> 13; x *= 0xc2b2ae35u; x ^= x >> 16;
		out ^= x;
	}
	acc += out;
})

/* The same 8 hashes with one enetstl_hash_multi() call. */
#define HASH8_KFUNC_OP {						\
	__u32 key[4], h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53b,	\
			       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };	\
									\
	__builtin_memcpy(key, d->bytes, sizeof(key));			\
	key[0] ^= v;							\
	enetstl_hash_multi(key, sizeof(key), h, sizeof(h));		\
	acc += h[0] ^ h[1] ^ h[2] ^ h[3] ^ h[4] ^ h[5] ^ h[6] ^ h[7];	\
}

BENCH_PROG(bench_hash8_kfunc, HASH8_KFUNC_OP)
BENCH_PROG_HELD(bench_hash8_held, HASH8_KFUNC_OP)

/*
 * Count-min, 8 rows x 256 columns: the same hashes, then 8 counter adds.
 * The hashing is written out again rather than shared with bench_hash8_ebpf
 * on purpose: sharing it through a helper spills h[] to the stack and made
 * the eBPF baseline 15% slower, which would flatter the kfunc.
 */
struct cm8 {
	struct enetstl_cm_hdr hdr;
	__u32 counters[8 * 256];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cm8);
} bench_cm SEC(".maps");

BENCH_PROG(bench_cm8_ebpf, {
	__u32 *w = (__u32 *)d->bytes, h[8], est = ~0u, z = 0;
	struct cm8 *cm = bpf_map_lookup_elem(&bench_cm, &z);
	int l, j;

	if (!cm)
		return XDP_ABORTED;
	for (l = 0; l < 8; l++)
		h[l] = seeds8[l] ^ 16;
	for (j = 0; j < 4; j++) {
		__u32 k = rotl32((w[j] ^ (j ? 0 : v)) * 0xcc9e2d51u, 15) * 0x1b873593u;

		for (l = 0; l < 8; l++)
			h[l] = rotl32(h[l] ^ k, 13) * 5 + 0xe6546b64u;
	}
	for (l = 0; l < 8; l++) {
		__u32 x = h[l] ^ 16, c;
		__s64 diff;

		x ^= x >> 16; x *= 0x85ebca6bu; x ^= x >> 13; x *= 0xc2b2ae35u; x ^= x >> 16;

		c = (__u32)(((__u64)x * 256) >> 32);
		c = ((__u32)l * 256 + c) & (8 * 256 - 1);	/* bounds the 6.1 verifier can see */
		x = cm->counters[c] + 1;
		cm->counters[c] = x;
		diff = (__s64)x - (__s64)est;
		asm volatile("" : "+r"(diff));	/* branchless min, no verifier state blow-up */
		est += diff & (diff >> 63);
	}
	acc += est;
})

BENCH_PROG(bench_cm8_kfunc, {
	__u32 key[4], z = 0;
	struct cm8 *cm = bpf_map_lookup_elem(&bench_cm, &z);

	if (!cm)
		return XDP_ABORTED;
	__builtin_memcpy(key, d->bytes, sizeof(key));
	key[0] ^= v;
	acc += enetstl_cm_update(key, sizeof(key), cm, sizeof(*cm), 1);
})

/*
 * NitroSketch sampling, 8 rows at p = 1/16: per-row bpf_get_prandom_u32()
 * against the geometric sampler (a decrement per row, a kfunc call only
 * for the sampled ones).
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_geo);
} bench_geo SEC(".maps");

BENCH_PROG(bench_sample8_ebpf, {
	__u32 n = 0;
	int l;

	for (l = 0; l < 8; l++)
		n += bpf_get_prandom_u32() < (0xffffffffu / 16);
	acc += n + v;
})

BENCH_PROG(bench_sample8_kfunc, {
	struct enetstl_geo *g;
	__u32 z = 0, n = 0;
	int l;

	g = bpf_map_lookup_elem(&bench_geo, &z);
	if (!g)
		return XDP_ABORTED;
	if (g->magic != ENETSTL_GEO_MAGIC)
		enetstl_geo_init(g, sizeof(*g), ENETSTL_P(1, 16));
	/* enetstl_geo_next() without its error branch (the sampler is set up):
	 * fewer paths for the 6.1 verifier across 32 x 8 unrolled rows */
	for (l = 0; l < 8; l++) {
		if (g->countdown) {
			g->countdown--;
		} else {
			n++;
			g->countdown = (__u32)enetstl_geo_skip(g, sizeof(*g));
		}
	}
	acc += n + v;
})
