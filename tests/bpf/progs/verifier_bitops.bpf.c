// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_bitops.bpf.c - misuse of the bit operations (enetstl/bitops.h):
 * bitmap buffers read past or unbounded, pointers passed as words, program
 * types without the kfuncs.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- buffers the kfunc would read past ---- */

SEC("xdp") __failure __msg("invalid access to packet")
int bitmap_ffs_packet_unchecked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	return enetstl_bitmap_ffs(data, 8, 0) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("tc") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
int bitmap_ffs_stack_overrun(struct __sk_buff *ctx)
{
	__u64 words[2] = { ctx->len, 0 };

	return enetstl_bitmap_ffs(words, 24, 0) >= 0 ? 0 : 2;
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
int bitmap_ffs_unbounded_len(struct xdp_md *ctx)
{
	__u32 key = 0, *len = bpf_map_lookup_elem(&len_map, &key);
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v || !len)
		return XDP_PASS;
	return enetstl_bitmap_ffs(v, *len, 0) >= 0 ? XDP_PASS : XDP_DROP;
}

/* ---- pointers that are not memory ---- */

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

/* ---- control: the same calls done right must load ---- */

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

