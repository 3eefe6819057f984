// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_cffs.bpf.c - misuse of the cFFS queue (enetstl/cffs.h): a queue
 * the kfuncs would write past or may not write, scalars as the queue,
 * program types without them.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_cffs);
} queue_map SEC(".maps");

/* a byte array: the skeleton, included by the runner, need not know the type */
const volatile __u8 ro_queue[sizeof(struct enetstl_cffs)] = {};

/* ---- memory the kfuncs would write past, or may not write ---- */

SEC("xdp") __failure __msg("invalid access to map value")
int cffs_push_queue_in_small_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *v = bpf_map_lookup_elem(&small_map, &zero);	/* 32 bytes */

	if (!v)
		return XDP_PASS;
	return enetstl_cffs_push(v, 1) ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to map value")
int cffs_pop_queue_from_mid_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct enetstl_cffs *q = bpf_map_lookup_elem(&queue_map, &zero);

	if (!q)
		return XDP_PASS;
	/* the queue's size from its l1 on: 8 bytes past the value */
	return enetstl_cffs_pop_min((struct enetstl_cffs *)&q->l1[0]) < 0 ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg_any("write into map forbidden") __msg_any("cannot write into rdonly")
int cffs_push_rodata_queue(struct xdp_md *ctx)
{
	return enetstl_cffs_push((struct enetstl_cffs *)&ro_queue, 1) ? XDP_DROP : XDP_PASS;
}

/* ---- pointers that are not memory ---- */

SEC("xdp") __failure __msg_any("R1 type=scalar expected=")
__msg_any("arg#0 pointer type")
__msg_any("R1 invalid mem access 'scalar'")
int cffs_pop_scalar_as_queue(struct xdp_md *ctx)
{
	return enetstl_cffs_pop_min((struct enetstl_cffs *)(long)ctx->ingress_ifindex) < 0 ?
	       XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to map value")
int cffs_push_pop_queue_in_small_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *v = bpf_map_lookup_elem(&small_map, &zero);	/* 32 bytes */

	if (!v)
		return XDP_PASS;
	return enetstl_cffs_push_pop_min(v, 1) < 0 ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to packet")
int cffs_push_packet_as_queue(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 64 > end)	/* far less than a queue */
		return XDP_PASS;
	return enetstl_cffs_push(data, 1) ? XDP_DROP : XDP_PASS;
}

/* ---- program types the kfuncs are not registered for ---- */

REJECT_IN_SOCKET_FILTER(enetstl_cffs_push, (void *)buf, 1)
REJECT_IN_SOCKET_FILTER(enetstl_cffs_pop_min, (void *)buf)
REJECT_IN_SOCKET_FILTER(enetstl_cffs_push_pop_min, (void *)buf, 1)

/* ---- control: the same calls done right must load ---- */

SEC("xdp") __success
int cffs_queue_checked(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct enetstl_cffs *q = bpf_map_lookup_elem(&queue_map, &zero);

	if (!q || enetstl_cffs_push(q, 7))
		return XDP_PASS;
	return enetstl_cffs_pop_min(q) == 7 ? XDP_PASS : XDP_DROP;
}
