// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_crc32c.bpf.c - misuse of the CRC32C hash (enetstl/crc32c.h):
 * buffers read past or unbounded, scalars as pointers, program types without
 * the kfunc.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

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

SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
int crc32c_stack_overrun(struct xdp_md *ctx)
{
	__u8 buf[16] = {};
	volatile __u32 n = 32;

	return enetstl_crc32c(buf, n & 63, 0) ? XDP_PASS : XDP_DROP;
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

/* ---- pointers that are not memory ---- */

SEC("xdp") __failure __msg_any("R1 type=scalar expected=")
__msg_any("arg#0 pointer type")
__msg_any("R1 invalid mem access 'scalar'")
int crc32c_scalar_as_pointer(struct xdp_md *ctx)
{
	return enetstl_crc32c((void *)(long)ctx->ingress_ifindex, 8, 0) ? XDP_PASS : XDP_DROP;
}

/* ---- enetstl_crc32c_flow(): the key's 40 bytes are the type's ---- */

SEC("xdp") __failure __msg("invalid access to packet")
int crc32c_flow_packet_key_short(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 39 > end)	/* one byte short of the key */
		return XDP_PASS;
	return enetstl_crc32c_flow(data, 0) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int crc32c_flow_key_in_small_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);	/* 32 bytes */

	if (!v)
		return XDP_PASS;
	return enetstl_crc32c_flow((void *)v, 0) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg_any("R1 type=scalar expected=")
__msg_any("arg#0 pointer type")
__msg_any("R1 invalid mem access 'scalar'")
int crc32c_flow_scalar_as_key(struct xdp_md *ctx)
{
	return enetstl_crc32c_flow((void *)(long)ctx->ingress_ifindex, 0) ? XDP_PASS : XDP_DROP;
}

/* ---- program types the kfuncs are not registered for ---- */

REJECT_IN_SOCKET_FILTER(enetstl_crc32c, buf, sizeof(buf), 0)
REJECT_IN_SOCKET_FILTER(enetstl_crc32c_flow, (void *)buf, 0)

/* ---- control: the same calls done right must load ---- */

SEC("xdp") __success
int crc32c_packet_checked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 64 > end)
		return XDP_PASS;
	/* and a flow key's 40 bytes in the packet */
	return enetstl_crc32c(data, 64, 0) ^ enetstl_crc32c_flow(data, 0) ? XDP_PASS : XDP_DROP;
}
