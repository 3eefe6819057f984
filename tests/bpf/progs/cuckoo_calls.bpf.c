// SPDX-License-Identifier: GPL-2.0
/*
 * cuckoo_calls.bpf.c - enetstl_cuckoo_flow_find() from XDP: the flow key
 * and the call's shape (buckets_log, the size passed, seed) in the packet
 * (struct cuckoo_req), the table one mmapable map value the runner writes.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_common.h"

char LICENSE[] SEC("license") = "GPL";

struct cuckoo_tab {
	struct enetstl_cuckoo_bucket b[1 << CUCKOO_TEST_MAX_LOG];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct cuckoo_tab);
} cuckoo_tab SEC(".maps");

SEC("xdp")
int xdp_cuckoo_find(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct cuckoo_req *r = data;
	struct cuckoo_tab *t;
	__u32 zero = 0, sz;

	if ((void *)(r + 1) > end)
		return XDP_DROP;
	t = bpf_map_lookup_elem(&cuckoo_tab, &zero);
	if (!t)
		return XDP_DROP;
	/* the size passed: any value up to the map value's (the verifier's bound) */
	sz = r->size;
	if (sz > sizeof(*t))
		return XDP_DROP;
	r->result = enetstl_cuckoo_flow_find((const struct enetstl_flow_key *)r->key, t, sz, r->buckets_log, r->seed);
	return XDP_PASS;
}

/* The key on the stack, the whole table: the NF's call. */
SEC("xdp")
int xdp_cuckoo_find_stack(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct cuckoo_req *r = data;
	struct enetstl_flow_key k;
	struct cuckoo_tab *t;
	__u32 zero = 0;

	if ((void *)(r + 1) > end)
		return XDP_DROP;
	t = bpf_map_lookup_elem(&cuckoo_tab, &zero);
	if (!t)
		return XDP_DROP;
	__builtin_memcpy(&k, &r->key, sizeof(k));
	r->result = enetstl_cuckoo_flow_find(&k, t, sizeof(*t), r->buckets_log, r->seed);
	return XDP_PASS;
}
