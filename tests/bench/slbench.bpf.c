// SPDX-License-Identifier: GPL-2.0
/*
 * slbench.bpf.c - the bench's baseline: the same skip list operations as
 * tests/bpf/progs/skiplist.bpf.c (same op buffer, one op per run), done by
 * plain in-kernel C behind one kfunc (slmod/, test-only module); and an
 * empty run that only fetches the op, to subtract.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "skiplist.h"

char LICENSE[] SEC("license") = "GPL";

extern __s64 enetstl_slbench_op(const void *op, __u32 op__sz) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sl_opbuf);
} slc_ops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sl_results);
} slc_results SEC(".maps");

static __always_inline int run(int work)
{
	struct sl_results *res;
	struct sl_opbuf *ops;
	__u32 zero = 0, i;

	ops = bpf_map_lookup_elem(&slc_ops, &zero);
	res = bpf_map_lookup_elem(&slc_results, &zero);
	if (!ops || !res)
		return XDP_ABORTED;
	i = ops->next;
	if (i >= ops->n || i >= SL_OPS)
		return XDP_DROP;
	ops->next = i + 1;
	res->res[i] = work ? enetstl_slbench_op(&ops->op[i], sizeof(ops->op[i])) : 0;
	return XDP_PASS;
}

SEC("xdp")
int slc_run(struct xdp_md *ctx)
{
	return run(1);
}

SEC("xdp")
int slc_empty(struct xdp_md *ctx)
{
	return run(0);
}
