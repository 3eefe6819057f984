// SPDX-License-Identifier: GPL-2.0
/*
 * list_calls.bpf.c - runs batches of list bucket operations (mem_test.h) from
 * XDP for the runner's model; a SYSCALL program creates the lists.
 */
#include <enetstl/list.h>

#define MEM_OBJ		enetstl_list
#define MEM_PREFIX	list
#define MEM_CREATE(ctx)	enetstl_list_create((ctx)->nbuckets, (ctx)->payload, (ctx)->max_bytes)
#include "mem_runner.bpf.h"

char LICENSE[] SEC("license") = "GPL";

struct elem {
	__u64 val, inv, bucket;
};

static __s64 do_op(struct mem_op *op, struct enetstl_list *l)
{
	__u32 bucket = op->a | (__u32)op->b << 8;
	struct elem e = {};
	__s64 r;

	switch (op->code) {
	case LOP_PUSH:
		e.val = op->val;
		e.inv = ~op->val;
		e.bucket = bucket;
		return enetstl_list_push(l, bucket, &e, sizeof(e));
	case LOP_POP:
	case LOP_PEEK:
	case LOP_POP_DUE:
		r = op->code == LOP_POP ? enetstl_list_pop(l, bucket, &e, sizeof(e)) :
		    op->code == LOP_PEEK ? enetstl_list_peek(l, bucket, &e, sizeof(e)) :
		    enetstl_list_pop_due(l, bucket, &e, sizeof(e), (__u32)op->val);
		if (r < 0)
			return r;
		if (e.inv != ~e.val || e.bucket != bucket)
			return -EBADMSG;
		/* pop_due's 1: not due, the element copied all the same */
		return r ? (__s64)(e.val | 1ull << 63) : (__s64)e.val;
	case LOP_LEN:
		return enetstl_list_len(l, bucket);
	case LOP_POP_DUE_SHORT:
		return enetstl_list_pop_due(l, bucket, &e, 2, (__u32)op->val);
	}
	return -EINVAL;
}

static int step(__u32 i, struct run_ctx *rc)
{
	__u32 key = rc->runner;
	struct mem_results *res;
	struct enetstl_list *l;
	struct mem_opbuf *o;

	o = bpf_map_lookup_elem(&ops, &key);
	res = bpf_map_lookup_elem(&results, &key);
	if (!o || !res || i >= MEM_OPS_MAX)
		return 1;
	l = enetstl_list_get(rc->handle);
	if (!l) {
		res->res[i] = -ESRCH;
		return 0;
	}
	res->res[i] = do_op(&o->op[i], l);
	enetstl_list_release(l);
	return 0;
}
