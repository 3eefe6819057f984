/* SPDX-License-Identifier: GPL-2.0 */
/*
 * skiplist_run.bpf.h - how a skip list program run takes its operation:
 * the next one of the op buffer, its result slot beside it. Shared by the
 * eNetSTL skip list (skiplist.bpf.c) and the bench's plain-C baseline
 * (tests/bench/slbench.bpf.c), so that both pay the same around the
 * operation they are compared on.
 */
#ifndef _ENETSTL_SKIPLIST_RUN_BPF_H
#define _ENETSTL_SKIPLIST_RUN_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "skiplist.h"

/*
 * @ops_map, @res_map: one-entry arrays of struct sl_opbuf and struct
 * sl_results. Return: XDP_PASS with *@op and *@res set; XDP_DROP when the
 * buffer is used up; XDP_ABORTED when a map has no entry.
 */
static __always_inline int sl_next_op(void *ops_map, void *res_map, struct sl_op **op,
				      __s64 **res)
{
	struct sl_results *r;
	struct sl_opbuf *o;
	__u32 zero = 0, i;

	o = bpf_map_lookup_elem(ops_map, &zero);
	r = bpf_map_lookup_elem(res_map, &zero);
	if (!o || !r)
		return XDP_ABORTED;
	i = o->next;
	if (i >= o->n || i >= SL_OPS)
		return XDP_DROP;
	o->next = i + 1;
	*op = &o->op[i];
	*res = &r->res[i];
	return XDP_PASS;
}

#endif /* _ENETSTL_SKIPLIST_RUN_BPF_H */
