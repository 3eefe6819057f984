// SPDX-License-Identifier: GPL-2.0
/*
 * list_calls.bpf.c - runs batches of list bucket operations (mem_test.h) from
 * XDP for the runner's model; a SYSCALL program creates the lists.
 */
#include <linux/bpf.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/list.h>
#include <enetstl/mem.h>
#include "mem_test.h"

char LICENSE[] SEC("license") = "GPL";

struct list_root {
	__u64 handle;
	ENETSTL_KPTR(enetstl_list, l);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MEM_ROOTS);
	__type(key, __u32);
	__type(value, struct list_root);
} roots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MEM_RUNNERS);
	__type(key, __u32);
	__type(value, struct mem_opbuf);
} ops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MEM_RUNNERS);
	__type(key, __u32);
	__type(value, struct mem_results);
} results SEC(".maps");

struct elem {
	__u64 val, inv, bucket;
};

SEC("syscall")
int list_setup(struct mem_setup_ctx *ctx)
{
	struct enetstl_list *l, *old;
	struct list_root *r;
	__u32 key = ctx->root;

	r = bpf_map_lookup_elem(&roots, &key);
	if (!r)
		return 1;
	l = enetstl_list_create(ctx->nbuckets, ctx->payload, ctx->max_bytes);
	if (!l) {
		ctx->result = -ENOMEM;
		return 0;
	}
	ctx->handle = enetstl_list_handle(l);
	r->handle = ctx->handle;
	old = bpf_kptr_xchg(&r->l, l);
	if (old)
		enetstl_list_release(old);
	ctx->result = 0;
	return 0;
}

SEC("syscall")
int list_drop(struct mem_setup_ctx *ctx)
{
	struct enetstl_list *old;
	struct list_root *r;
	__u32 key = ctx->root;

	r = bpf_map_lookup_elem(&roots, &key);
	if (!r)
		return 1;
	old = bpf_kptr_xchg(&r->l, NULL);
	if (old)
		enetstl_list_release(old);
	ctx->result = old ? 0 : -ENOENT;
	return 0;
}

struct run_ctx {
	__u32 runner;
	__u64 handle;
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
		r = op->code == LOP_POP ? enetstl_list_pop(l, bucket, &e, sizeof(e)) :
					  enetstl_list_peek(l, bucket, &e, sizeof(e));
		if (r)
			return r;
		if (e.inv != ~e.val || e.bucket != bucket)
			return -EBADMSG;
		return e.val;
	case LOP_LEN:
		return enetstl_list_len(l, bucket);
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

SEC("xdp")
int list_run(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct mem_req *req = data;
	struct list_root *r;
	struct mem_opbuf *o;
	struct run_ctx rc;
	__u32 key;

	if ((void *)(req + 1) > end)
		return XDP_ABORTED;
	key = req->root;
	r = bpf_map_lookup_elem(&roots, &key);
	rc.runner = req->runner;
	o = bpf_map_lookup_elem(&ops, &rc.runner);
	if (!r || !o)
		return XDP_ABORTED;
	rc.handle = r->handle;
	req->status = 0;
	req->done = bpf_loop(o->n < MEM_OPS_MAX ? o->n : MEM_OPS_MAX, step, &rc, 0);
	return XDP_PASS;
}
