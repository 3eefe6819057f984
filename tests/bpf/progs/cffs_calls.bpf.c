// SPDX-License-Identifier: GPL-2.0
/*
 * cffs_calls.bpf.c - enetstl_cffs_push(), enetstl_cffs_pop_min() and
 * enetstl_cffs_push_pop_min() from XDP: the operation and rank in the packet (struct cffs_req), the queue
 * one mmapable map value the runner reads and writes.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_common.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct enetstl_cffs);
} cffs_q SEC(".maps");

SEC("xdp")
int xdp_cffs_op(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct cffs_req *r = data;
	struct enetstl_cffs *q;
	__u32 zero = 0;

	if ((void *)(r + 1) > end)
		return XDP_DROP;
	q = bpf_map_lookup_elem(&cffs_q, &zero);
	if (!q)
		return XDP_DROP;
	if (r->op == CFFS_OP_PUSH)
		r->result = enetstl_cffs_push(q, r->rank);
	else if (r->op == CFFS_OP_POP)
		r->result = enetstl_cffs_pop_min(q);
	else
		r->result = enetstl_cffs_push_pop_min(q, r->rank);
	return XDP_PASS;
}
