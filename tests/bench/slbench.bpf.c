// SPDX-License-Identifier: GPL-2.0
/*
 * slbench.bpf.c - the bench's baseline: the same skip list operations as
 * tests/bpf/progs/skiplist.bpf.c (same op buffer, one op per run), done by
 * plain in-kernel C behind one kfunc (slmod/, test-only module); and an
 * empty run that only fetches the op, to subtract.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "skiplist_run.bpf.h"

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
	struct sl_op *op;
	__s64 *res;
	int verdict;

	verdict = sl_next_op(&slc_ops, &slc_results, &op, &res);
	if (verdict != XDP_PASS)
		return verdict;
	*res = work ? enetstl_slbench_op(op, sizeof(*op)) : 0;
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
