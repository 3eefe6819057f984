// SPDX-License-Identifier: GPL-2.0
/*
 * cm_calls.bpf.c - enetstl_cm_update() and enetstl_cm_crc_update() from
 * XDP: the key is an IPv4 (13 bytes) or IPv6 (37 bytes) 5-tuple or a 40-byte
 * flow key in the packet, the sketch one map value whose header the runner
 * writes.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_common.h"

char LICENSE[] SEC("license") = "GPL";

struct cm_sketch {
	struct enetstl_cm_hdr hdr;
	__u32 counters[CM_MAX_COUNTERS];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cm_sketch);
} cm_sketch SEC(".maps");

SEC("xdp")
int xdp_cm_update(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct cm_req *r = data;
	struct cm_sketch *s;
	__u32 zero = 0;
	__u8 *k;

	if ((void *)(r + 1) > end)
		return XDP_DROP;
	s = bpf_map_lookup_elem(&cm_sketch, &zero);
	if (!s)
		return XDP_DROP;
	k = r->data;
	if (r->len == 13 && (void *)(k + 13) <= end)
		r->result = enetstl_cm_update(k, 13, s, sizeof(*s), r->delta);
	else if (r->len == 37 && (void *)(k + 37) <= end)
		r->result = enetstl_cm_update(k, 37, s, sizeof(*s), r->delta);
	else
		return XDP_DROP;
	return XDP_PASS;
}

struct cm_crc_sketch {
	struct enetstl_cm_crc_hdr hdr;
	__u32 counters[CM_MAX_COUNTERS];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cm_crc_sketch);
} cm_crc_sketch SEC(".maps");

SEC("xdp")
int xdp_cm_crc_update(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct cm_req *r = data;
	struct cm_crc_sketch *s;
	__u32 zero = 0;
	__u8 *k;

	if ((void *)(r + 1) > end)
		return XDP_DROP;
	s = bpf_map_lookup_elem(&cm_crc_sketch, &zero);
	if (!s)
		return XDP_DROP;
	k = r->data;
	if (r->len == 13 && (void *)(k + 13) <= end)
		r->result = enetstl_cm_crc_update(k, 13, s, sizeof(*s), r->delta);
	else if (r->len == 37 && (void *)(k + 37) <= end)
		r->result = enetstl_cm_crc_update(k, 37, s, sizeof(*s), r->delta);
	else if (r->len == 40 && (void *)(k + 40) <= end)
		r->result = enetstl_cm_crc_update(k, 40, s, sizeof(*s), r->delta);
	else
		return XDP_DROP;
	return XDP_PASS;
}

/* The same sketch through enetstl_cm_crc_flow(): 40-byte keys only. */
SEC("xdp")
int xdp_cm_crc_flow(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct cm_req *r = data;
	struct cm_crc_sketch *s;
	__u32 zero = 0;
	__u8 *k;

	if ((void *)(r + 1) > end)
		return XDP_DROP;
	s = bpf_map_lookup_elem(&cm_crc_sketch, &zero);
	if (!s)
		return XDP_DROP;
	k = r->data;
	if (r->len != 40 || (void *)(k + 40) > end)
		return XDP_DROP;
	r->result = enetstl_cm_crc_flow((const struct enetstl_flow_key *)k, s, sizeof(*s),
					r->delta);
	return XDP_PASS;
}
