// SPDX-License-Identifier: GPL-2.0
/*
 * list_calls.bpf.c - runs batches of list bucket operations (mem_test.h) from
 * XDP for the runner's model, each op on the list got by handle or borrowed
 * from its root (bpf_kptr_xchg); SYSCALL programs create the lists, shared
 * (list_setup: the handle given out) or private (list_setup_private), and
 * share a private one (list_share).
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
	__u32 sz = op->slot ? op->slot : sizeof(struct elem);	/* bytes copied */
	struct elem e = {};
	__s64 r;

	if (!sz || sz > sizeof(e))
		return -E2BIG;
	switch (op->code) {
	case LOP_PUSH:
		e.val = op->val;
		e.inv = ~op->val;
		e.bucket = bucket;
		return enetstl_list_push(l, bucket, &e, sz);
	case LOP_POP:
	case LOP_PEEK:
	case LOP_POP_DUE:
		r = op->code == LOP_POP ? enetstl_list_pop(l, bucket, &e, sz) :
		    op->code == LOP_PEEK ? enetstl_list_peek(l, bucket, &e, sz) :
		    enetstl_list_pop_due(l, bucket, &e, sz, (__u32)op->val);
		if (r < 0)
			return r;
		/* what the copied bytes hold: val (its low 4 bytes for 4), ~val, bucket */
		if ((sz >= 16 && e.inv != ~e.val) || (sz >= 24 && e.bucket != bucket))
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

/* A private list: created, stored, its handle never asked for. */
SEC("syscall")
int list_setup_private(struct mem_setup_ctx *ctx)
{
	struct enetstl_list *l, *old;
	struct mem_root *r;
	__u32 key = ctx->root;

	r = bpf_map_lookup_elem(&roots, &key);
	if (!r)
		return 1;
	l = enetstl_list_create(ctx->nbuckets, ctx->payload, ctx->max_bytes);
	if (!l) {
		ctx->result = -ENOMEM;
		return 0;
	}
	r->handle = 0;
	ctx->handle = 0;
	old = bpf_kptr_xchg(&r->obj, l);
	if (old)
		enetstl_list_release(old);
	ctx->result = 0;
	return 0;
}

/* Share the root's list: ask for its handle, keep it in the root. */
SEC("syscall")
int list_share(struct mem_setup_ctx *ctx)
{
	struct enetstl_list *l;
	struct mem_root *r;
	__u32 key = ctx->root;

	r = bpf_map_lookup_elem(&roots, &key);
	if (!r)
		return 1;
	l = bpf_kptr_xchg(&r->obj, NULL);
	if (!l) {
		ctx->result = -ENOENT;
		return 0;
	}
	ctx->handle = enetstl_list_handle(l);
	r->handle = ctx->handle;
	l = bpf_kptr_xchg(&r->obj, l);
	if (l)
		enetstl_list_release(l);
	ctx->result = 0;
	return 0;
}

/* One op on the root's list borrowed for it, as a per-CPU wheel is per packet. */
static int step_borrowed(__u32 i, struct run_ctx *rc, struct mem_opbuf *o,
			 struct mem_results *res)
{
	__u32 key = rc->root;
	struct enetstl_list *l;
	struct mem_root *r;

	r = bpf_map_lookup_elem(&roots, &key);
	if (!r)
		return 1;
	l = bpf_kptr_xchg(&r->obj, NULL);
	if (!l) {
		res->res[i] = -EBUSY;	/* gone, or borrowed by another runner */
		return 0;
	}
	res->res[i] = do_op(&o->op[i], l);
	l = bpf_kptr_xchg(&r->obj, l);
	if (l)
		enetstl_list_release(l);
	return 0;
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
	if (rc->table)
		return step_borrowed(i, rc, o, res);
	l = enetstl_list_get(rc->handle);
	if (!l) {
		res->res[i] = -ESRCH;
		return 0;
	}
	res->res[i] = do_op(&o->op[i], l);
	enetstl_list_release(l);
	return 0;
}
