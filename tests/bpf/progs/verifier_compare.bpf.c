// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_compare.bpf.c - misuse of the parallel compare kfuncs
 * (enetstl/compare.h): buckets and keys read past or unbounded, pointers as
 * values.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

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

SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
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
