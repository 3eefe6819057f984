// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_reject.bpf.c - misuse of every eNetSTL kfunc that the verifier
 * must refuse. Each program carries its expected verdict and message
 * (test_macros.h); the runner loads them one at a time.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_macros.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[32]);
} small_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} len_map SEC(".maps");

/* ---- buffers the kfunc would read past ---- */

SEC("xdp") __failure __msg("invalid access to packet")
int crc32c_packet_unchecked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	return enetstl_crc32c(data, 64, 0) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to packet")
int crc32c_packet_check_too_short(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 32 > end)
		return XDP_PASS;
	return enetstl_crc32c(data, 64, 0) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to packet")
int bitmap_ffs_packet_unchecked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	return enetstl_bitmap_ffs(data, 8, 0) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
int crc32c_stack_overrun(struct xdp_md *ctx)
{
	__u8 buf[16] = {};
	volatile __u32 n = 32;

	return enetstl_crc32c(buf, n & 63, 0) ? XDP_PASS : XDP_DROP;
}

SEC("tc") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
int bitmap_ffs_stack_overrun(struct __sk_buff *ctx)
{
	__u64 words[2] = { ctx->len, 0 };

	return enetstl_bitmap_ffs(words, 24, 0) >= 0 ? 0 : 2;
}

SEC("xdp") __failure __msg("invalid access to map value")
int crc32c_map_value_overrun(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_crc32c(v, 33, 0) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int bitmap_ffs_map_value_overrun(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_bitmap_ffs(v, 64, 0) >= 0 ? XDP_PASS : XDP_DROP;
}

/* ---- sizes the verifier cannot bound ---- */

SEC("xdp") __failure __msg("unbounded memory access")
int crc32c_unbounded_len(struct xdp_md *ctx)
{
	__u32 key = 0, *len = bpf_map_lookup_elem(&len_map, &key);
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v || !len)
		return XDP_PASS;
	return enetstl_crc32c(v, *len, 0) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("unbounded memory access")
int bitmap_ffs_unbounded_len(struct xdp_md *ctx)
{
	__u32 key = 0, *len = bpf_map_lookup_elem(&len_map, &key);
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v || !len)
		return XDP_PASS;
	return enetstl_bitmap_ffs(v, *len, 0) >= 0 ? XDP_PASS : XDP_DROP;
}

/* ---- pointers that are not memory ---- */

SEC("xdp") __failure __msg("R1 type=scalar expected=")
__msg("arg#0 pointer type")
__msg("R1 invalid mem access 'scalar'")
int crc32c_scalar_as_pointer(struct xdp_md *ctx)
{
	return enetstl_crc32c((void *)(long)ctx->ingress_ifindex, 8, 0) ? XDP_PASS : XDP_DROP;
}

/* A pointer where a word is expected would leak an address into the result. */
#define REJECT_POINTER_AS_WORD(fn)						\
SEC("xdp") __failure __msg("is not a scalar")					\
int fn##_pointer_as_word(struct xdp_md *ctx)					\
{										\
	return fn((__u64)(long)ctx->data) ? XDP_PASS : XDP_DROP;		\
}
REJECT_POINTER_AS_WORD(enetstl_ffs64)
REJECT_POINTER_AS_WORD(enetstl_fls64)
REJECT_POINTER_AS_WORD(enetstl_ctz64)
REJECT_POINTER_AS_WORD(enetstl_clz64)
REJECT_POINTER_AS_WORD(enetstl_popcount64)

/* ---- program types the kfuncs are not registered for ---- */

#define REJECT_IN_SOCKET_FILTER(fn, ...)					\
SEC("socket") __failure __msg("calling kernel function " #fn " is not allowed")	\
int fn##_in_socket_filter(struct __sk_buff *skb)				\
{										\
	__u64 buf[2] = { skb->len, skb->mark };					\
										\
	(void)buf;								\
	return (int)fn(__VA_ARGS__);						\
}
REJECT_IN_SOCKET_FILTER(enetstl_ffs32, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_ffs64, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_fls32, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_fls64, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_ctz32, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_ctz64, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_clz32, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_clz64, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_popcount32, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_popcount64, skb->len)
REJECT_IN_SOCKET_FILTER(enetstl_bitmap_ffs, buf, sizeof(buf), 0)
REJECT_IN_SOCKET_FILTER(enetstl_crc32c, buf, sizeof(buf), 0)

/* ---- control: the same calls done right must load ---- */

SEC("xdp") __success
int crc32c_packet_checked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 64 > end)
		return XDP_PASS;
	return enetstl_crc32c(data, 64, 0) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __success
int bitmap_ffs_map_value_bounded_len(struct xdp_md *ctx)
{
	__u32 key = 0, *len = bpf_map_lookup_elem(&len_map, &key);
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);
	__u32 n;

	if (!v || !len)
		return XDP_PASS;
	n = *len;
	if (n > 32)
		return XDP_PASS;
	return enetstl_bitmap_ffs(v, n, 0) >= 0 ? XDP_PASS : XDP_DROP;
}

/* ---- parallel compare ---- */

SEC("xdp") __failure __msg("invalid access to packet")
int match32_packet_unchecked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	return enetstl_match32(data, 64, 7) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to packet")
int find16_packet_check_too_short(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	return enetstl_find16(data, 32, 7) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int match64_map_value_overrun(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_match64(v, 64, 1) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
int key_eq_second_key_overrun(struct xdp_md *ctx)
{
	__u8 keys[48] = {};	/* the only stack object: b runs off the frame */

	return enetstl_key_eq(keys, 32, keys + 32, 32) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("unbounded memory access")
int key_find_unbounded_keys(struct xdp_md *ctx)
{
	__u32 key = 0, *len = bpf_map_lookup_elem(&len_map, &key);
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v || !len)
		return XDP_PASS;
	return enetstl_key_find(v, 16, v + 16, *len) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int key_find_keys_past_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_key_find(v, 16, v + 16, 32) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("is not a scalar")
int match64_pointer_as_value(struct xdp_md *ctx)
{
	__u64 bucket[8] = {};

	return enetstl_match64(bucket, sizeof(bucket), (__u64)(long)ctx->data) > 0 ?
	       XDP_PASS : XDP_DROP;
}

REJECT_IN_SOCKET_FILTER(enetstl_match16, buf, sizeof(buf), 1)
REJECT_IN_SOCKET_FILTER(enetstl_match32, buf, sizeof(buf), 1)
REJECT_IN_SOCKET_FILTER(enetstl_match64, buf, sizeof(buf), 1)
REJECT_IN_SOCKET_FILTER(enetstl_find16, buf, sizeof(buf), 1)
REJECT_IN_SOCKET_FILTER(enetstl_find32, buf, sizeof(buf), 1)
REJECT_IN_SOCKET_FILTER(enetstl_find64, buf, sizeof(buf), 1)
REJECT_IN_SOCKET_FILTER(enetstl_key_eq, buf, sizeof(buf), buf, sizeof(buf))
REJECT_IN_SOCKET_FILTER(enetstl_key_find, buf, sizeof(buf), buf, sizeof(buf))

/* ---- multi-hash ---- */

const volatile __u32 ro_seeds[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

SEC("xdp") __failure __msg("write into map forbidden") __msg("cannot write into rdonly")
__msg("R3 cannot write into") __msg("invalid access to map value")
int hash_multi_into_rodata(struct xdp_md *ctx)
{
	__u8 key[16] = {};

	return enetstl_hash_multi(key, sizeof(key), (__u32 *)ro_seeds, sizeof(ro_seeds)) > 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
__msg("invalid write to stack") __msg("invalid indirect write to stack")
int hash_multi_hashes_overrun(struct xdp_md *ctx)
{
	__u32 buf[4] = {};	/* the only stack object: 8 lanes run off the frame */

	return enetstl_hash_multi(buf, 4, buf, 32) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to packet")
int hash_multi_packet_key_unchecked(struct xdp_md *ctx)
{
	__u32 h[8] = {};

	return enetstl_hash_multi((void *)(long)ctx->data, 13, h, sizeof(h)) > 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("unbounded memory access")
int hash_multi_unbounded_lanes(struct xdp_md *ctx)
{
	__u32 key = 0, *len = bpf_map_lookup_elem(&len_map, &key);
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v || !len)
		return XDP_PASS;
	return enetstl_hash_multi(v, 4, (__u32 *)v, *len) > 0 ? XDP_PASS : XDP_DROP;
}

REJECT_IN_SOCKET_FILTER(enetstl_hash_multi, buf, 8, (__u32 *)buf, sizeof(buf))

/* ---- count-min ---- */

const volatile __u8 ro_sketch[256] = {};

SEC("xdp") __failure __msg("write into map forbidden") __msg("cannot write into rdonly")
int cm_update_rodata_sketch(struct xdp_md *ctx)
{
	__u8 key[13] = {};

	return enetstl_cm_update(key, sizeof(key), (void *)ro_sketch, sizeof(ro_sketch), 1) >= 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int cm_update_sketch_past_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_cm_update(v, 4, v, 128, 1) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to packet")
int cm_update_packet_key_unchecked(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_cm_update((void *)(long)ctx->data, 13, v, 32, 1) >= 0 ? XDP_PASS : XDP_DROP;
}

REJECT_IN_SOCKET_FILTER(enetstl_cm_update, buf, 8, buf, sizeof(buf), 1)

SEC("xdp") __failure __msg("write into map forbidden") __msg("cannot write into rdonly")
int cm_crc_update_rodata_sketch(struct xdp_md *ctx)
{
	__u8 key[13] = {};

	return enetstl_cm_crc_update(key, sizeof(key), (void *)ro_sketch, sizeof(ro_sketch), 1) >= 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int cm_crc_update_sketch_past_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_cm_crc_update(v, 4, v, 160, 1) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to packet")
int cm_crc_update_packet_key_unchecked(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_cm_crc_update((void *)(long)ctx->data, 40, v, 32, 1) >= 0 ?
	       XDP_PASS : XDP_DROP;
}

REJECT_IN_SOCKET_FILTER(enetstl_cm_crc_update, buf, 8, buf, sizeof(buf), 1)

/* ---- random pool ---- */

const volatile __u64 ro_geo[2] = {};	/* a struct enetstl_geo in .rodata */

SEC("xdp") __failure __msg("write into map forbidden") __msg("cannot write into rdonly")
int geo_init_rodata(struct xdp_md *ctx)
{
	return enetstl_geo_init((struct enetstl_geo *)&ro_geo, sizeof(ro_geo), ENETSTL_P(1, 10)) ?
	       XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
__msg("invalid write to stack") __msg("invalid indirect write to stack")
int geo_sample_short_struct(struct xdp_md *ctx)
{
	__u64 small = 0;	/* the only stack object: 16 bytes run off the frame */

	return enetstl_geo_sample((struct enetstl_geo *)&small, 16) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("R1 type=scalar expected=") __msg("arg#0 pointer type")
__msg("R1 invalid mem access 'scalar'")
int geo_skip_scalar_as_sampler(struct xdp_md *ctx)
{
	return enetstl_geo_skip((struct enetstl_geo *)(long)ctx->ingress_ifindex, 16) > 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("socket") __failure __msg("calling kernel function enetstl_random_u32 is not allowed")
int enetstl_random_u32_in_socket_filter(struct __sk_buff *skb)
{
	return (int)enetstl_random_u32();
}

REJECT_IN_SOCKET_FILTER(enetstl_geo_init, (struct enetstl_geo *)buf, sizeof(buf), 1)
REJECT_IN_SOCKET_FILTER(enetstl_geo_skip, (struct enetstl_geo *)buf, sizeof(buf))
REJECT_IN_SOCKET_FILTER(enetstl_geo_sample, (struct enetstl_geo *)buf, sizeof(buf))

/* ---- SIMD sections: every enter has exactly one exit, XDP/TC only ---- */

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} simd_jmp SEC(".maps");

SEC("xdp") __failure __msg("Unreleased reference")
int simd_enter_without_exit(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	return s->active ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("Unreleased reference")
int simd_exit_on_one_path_only(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	if (ctx->ingress_ifindex == 1)
		return XDP_PASS;
	enetstl_simd_exit(s);
	return XDP_PASS;
}

SEC("xdp") __failure __msg("R1 invalid mem access 'scalar'") __msg("R1 type=scalar expected=")
__msg("arg#0 pointer type") __msg("expected pointer to btf")
__msg("release kfunc enetstl_simd_exit expects referenced PTR_TO_BTF_ID")
int simd_exit_twice(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	enetstl_simd_exit(s);
	enetstl_simd_exit(s);
	return XDP_PASS;
}

SEC("xdp") __failure __msg("invalid mem access 'scalar'")
int simd_use_after_exit(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	enetstl_simd_exit(s);
	return s->active ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("expected pointer to btf") __msg("arg#0 pointer type")
__msg("R1 must be referenced") __msg("release kernel function")
__msg("release kfunc enetstl_simd_exit expects referenced PTR_TO_BTF_ID")
int simd_exit_of_map_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	enetstl_simd_exit((struct enetstl_simd *)v);
	return XDP_PASS;
}

SEC("xdp") __failure __msg("Possibly NULL pointer passed to trusted arg0")
__msg("Possibly NULL pointer passed to trusted R1")
__msg("release kernel function enetstl_simd_exit expects refcounted PTR_TO_BTF_ID")
int simd_exit_of_null(struct xdp_md *ctx)
{
	enetstl_simd_exit((struct enetstl_simd *)0);
	return XDP_PASS;
}

/*
 * 6.1 and 6.12 refuse the store with -EACCES and print no reason (XDP's
 * btf_struct_access hook only knows nf_conn): the log ends at the store.
 * 7.x says why.
 */
SEC("xdp") __failure __msg("(r0 +4) = r1\nprocessed")
__msg("cannot write into ptr_enetstl_simd at off=4")
int simd_write_through_handle(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	s->active = 0;
	enetstl_simd_exit(s);
	return XDP_PASS;
}

SEC("xdp") __failure __msg("tail_call would lead to reference leak")
int simd_tail_call_while_held(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	bpf_tail_call(ctx, &simd_jmp, 0);
	enetstl_simd_exit(s);
	return XDP_PASS;
}

/* SYSCALL programs may sleep: the section (preemption off) is not for them. */
SEC("syscall") __failure __msg("calling kernel function enetstl_simd_enter is not allowed")
int simd_enter_in_syscall(void *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	enetstl_simd_exit(s);
	return 0;
}

SEC("socket") __failure __msg("calling kernel function enetstl_simd_enter is not allowed")
int simd_enter_in_socket_filter(struct __sk_buff *skb)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	enetstl_simd_exit(s);
	return 0;
}

SEC("tc") __success
int simd_section_done_right(struct __sk_buff *skb)
{
	struct enetstl_simd *s = enetstl_simd_enter();
	__u32 bucket[16] = { skb->len };
	int i = enetstl_find32(bucket, sizeof(bucket), skb->len);

	enetstl_simd_exit(s);
	return i;
}

/* Memory wrapper and list buckets (tests/bpf/progs/mem_reject.h). */
#include "mem_reject.h"
