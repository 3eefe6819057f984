// SPDX-License-Identifier: GPL-2.0
/*
 * simd_calls.bpf.c - every SIMD kfunc called outside a SIMD section, inside
 * one and inside a nested one (enetstl_simd_enter/exit); the runner checks
 * all three against each other and against the reference models.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_common.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct simd_in);
} simd_in SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct simd_out);
} simd_out SEC(".maps");

/* The calls of one mode; @m is a constant after inlining. */
static __always_inline void simd_calls(struct simd_in *in, struct simd_out *o, int m)
{
	__u64 v = in->value;
	__u32 len = in->keylen - 1;
	__s64 *r = o->r[m];
	int l;

	r[SIMD_MATCH16_32] = enetstl_match16(in->bucket, 64, v);
	r[SIMD_MATCH32_16] = enetstl_match32(in->bucket, 64, v);
	r[SIMD_MATCH64_8] = enetstl_match64(in->bucket, 64, v);
	r[SIMD_MATCH32_32] = enetstl_match32(in->bucket, 128, v);
	r[SIMD_FIND16_16] = enetstl_find16(in->bucket, 32, v);
	r[SIMD_FIND32_32] = enetstl_find32(in->bucket, 128, v);
	r[SIMD_FIND64_16] = enetstl_find64(in->bucket, 128, v);
	r[SIMD_KEY_FIND16] = enetstl_key_find(in->key, 16, in->keys, SIMD_KEYS);
	r[SIMD_KEY_FIND32] = enetstl_key_find(in->key, 32, in->keys, SIMD_KEYS);
	r[SIMD_KEY_FIND64] = enetstl_key_find(in->key, 64, in->keys, SIMD_KEYS);
	r[SIMD_KEY_EQ32] = enetstl_key_eq(in->key, 32, in->keys, 32);
	for (l = 0; l < 16; l++)
		o->h16[m][l] = in->seeds[l];
	for (l = 0; l < 8; l++)
		o->h8[m][l] = in->seeds[l];
	/* (len - 1) + 1: the 6.1 verifier learns no lower bound from len != 0 */
	asm volatile("" : "+r"(len));
	if (len < 64) {
		r[SIMD_HASH16] = enetstl_hash_multi(in->key, len + 1, o->h16[m], sizeof(o->h16[m]));
		r[SIMD_HASH8] = enetstl_hash_multi(in->key, len + 1, o->h8[m], sizeof(o->h8[m]));
	}
}

static __always_inline int simd_body(void)
{
	struct enetstl_simd *outer, *inner;
	__u32 zero = 0;
	struct simd_in *in = bpf_map_lookup_elem(&simd_in, &zero);
	struct simd_out *o = bpf_map_lookup_elem(&simd_out, &zero);

	if (!in || !o)
		return 0;
	simd_calls(in, o, SIMD_OUTSIDE);

	outer = enetstl_simd_enter();
	o->active[SIMD_INSIDE] = outer->active;
	o->depth[SIMD_INSIDE] = outer->depth;
	simd_calls(in, o, SIMD_INSIDE);

	inner = enetstl_simd_enter();
	o->active[SIMD_NESTED] = inner->active;
	o->depth[SIMD_NESTED] = inner->depth;
	simd_calls(in, o, SIMD_NESTED);
	enetstl_simd_exit(inner);

	o->depth_after_inner = outer->depth;
	enetstl_simd_exit(outer);
	o->runs++;
	return 1;
}

SEC("xdp")
int xdp_simd_calls(struct xdp_md *ctx)
{
	return simd_body() ? XDP_PASS : XDP_ABORTED;
}

SEC("tc")
int tc_simd_calls(struct __sk_buff *skb)
{
	return simd_body() ? 0 : 2;
}
