// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_hash.bpf.c - misuse of the multi-hash and count-min kfuncs
 * (enetstl/hash.h): outputs in read-only memory, buffers read past or
 * unbounded.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- multi-hash ---- */

const volatile __u32 ro_seeds[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

SEC("xdp") __failure __msg_any("write into map forbidden") __msg_any("cannot write into rdonly")
__msg_any("R3 cannot write into") __msg_any("invalid access to map value")
int hash_multi_into_rodata(struct xdp_md *ctx)
{
	__u8 key[16] = {};

	return enetstl_hash_multi(key, sizeof(key), (__u32 *)ro_seeds, sizeof(ro_seeds)) > 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
__msg_any("invalid write to stack") __msg_any("invalid indirect write to stack")
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

SEC("xdp") __failure __msg_any("write into map forbidden") __msg_any("cannot write into rdonly")
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

SEC("xdp") __failure __msg_any("write into map forbidden") __msg_any("cannot write into rdonly")
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

/* ---- enetstl_cm_crc_flow(): the key's 40 bytes are the type's ---- */

SEC("xdp") __failure __msg("invalid access to packet")
int cm_crc_flow_packet_key_short(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 sk[256] = {};

	if (data + 39 > end)	/* one byte short of the key */
		return XDP_PASS;
	return enetstl_cm_crc_flow(data, sk, sizeof(sk), 1) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int cm_crc_flow_key_in_small_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);	/* 32 bytes */
	__u8 sk[256] = {};

	if (!v)
		return XDP_PASS;
	return enetstl_cm_crc_flow((void *)v, sk, sizeof(sk), 1) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int cm_crc_flow_sketch_past_value(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	return enetstl_cm_crc_flow(&k, v, 160, 1) >= 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __success
int cm_crc_flow_ok(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};
	__u8 sk[256] = {};

	return enetstl_cm_crc_flow(&k, sk, sizeof(sk), 1) >= 0 ? XDP_PASS : XDP_DROP;
}

REJECT_IN_SOCKET_FILTER(enetstl_cm_crc_flow, (void *)buf, buf, sizeof(buf), 1)
