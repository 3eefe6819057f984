// SPDX-License-Identifier: GPL-2.0
/*
 * wheel_calls.bpf.c - enetstl_wheel_push(), enetstl_wheel_release() and
 * enetstl_wheel_push_release() from XDP: the operation and its arguments in
 * the packet (struct wheel_req), the wheel one mmapable map value the runner
 * reads and writes, between two guard values that no call may touch.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_common.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, WHEEL_ENTRIES);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct enetstl_wheel);
} wheel_map SEC(".maps");

SEC("xdp")
int xdp_wheel_op(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct wheel_req *r = data;
	struct enetstl_wheel *w;
	__u32 key = WHEEL_KEY;

	if ((void *)(r + 1) > end)
		return XDP_DROP;
	w = bpf_map_lookup_elem(&wheel_map, &key);
	if (!w)
		return XDP_DROP;
	if (r->op == WHEEL_OP_PUSH)
		r->result = enetstl_wheel_push(w, r->tick, r->value);
	else if (r->op == WHEEL_OP_RELEASE)
		r->result = enetstl_wheel_release(w, r->now, r->steps);
	else
		r->result = enetstl_wheel_push_release(w, r->tick, r->value, r->now, r->steps);
	return XDP_PASS;
}
