/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mem_runner.bpf.h - the BPF side of the mem_test.h contract, shared by
 * mem_calls.bpf.c (containers) and list_calls.bpf.c (list buckets):
 *
 * - roots: MEM_ROOTS objects of type MEM_OBJ, each a kptr plus its handle;
 * - <MEM_PREFIX>_setup / _drop: SYSCALL programs that create the object of
 *   ctx->root with MEM_CREATE(ctx) and store it, or drop it (what deleting a
 *   map entry does);
 * - ops and results: one batch of operations per runner and its results;
 * - <MEM_PREFIX>_run: the XDP program that runs a batch, one step() each.
 *
 * Define MEM_OBJ (enetstl_mem or enetstl_list), MEM_PREFIX and MEM_CREATE
 * before including it, and step() after.
 */
#ifndef _ENETSTL_MEM_RUNNER_BPF_H
#define _ENETSTL_MEM_RUNNER_BPF_H

#include <linux/bpf.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/mem.h>
#include "mem_test.h"

#define MEM_CAT_(a, b)	a##b
#define MEM_CAT(a, b)	MEM_CAT_(a, b)
#define MEM_OBJ_CALL(op)	MEM_CAT(MEM_OBJ, op)

struct mem_root {
	__u64 handle;
	ENETSTL_KPTR(MEM_OBJ, obj);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MEM_ROOTS);
	__type(key, __u32);
	__type(value, struct mem_root);
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

SEC("syscall")
int MEM_CAT(MEM_PREFIX, _setup)(struct mem_setup_ctx *ctx)
{
	struct MEM_OBJ *obj, *old;
	struct mem_root *r;
	__u32 key = ctx->root;

	r = bpf_map_lookup_elem(&roots, &key);
	if (!r)
		return 1;
	obj = MEM_CREATE(ctx);
	if (!obj) {
		ctx->result = -ENOMEM;
		return 0;
	}
	ctx->handle = MEM_OBJ_CALL(_handle)(obj);
	r->handle = ctx->handle;
	old = bpf_kptr_xchg(&r->obj, obj);
	if (old)
		MEM_OBJ_CALL(_release)(old);
	ctx->result = 0;
	return 0;
}

SEC("syscall")
int MEM_CAT(MEM_PREFIX, _drop)(struct mem_setup_ctx *ctx)
{
	struct MEM_OBJ *old;
	struct mem_root *r;
	__u32 key = ctx->root;

	r = bpf_map_lookup_elem(&roots, &key);
	if (!r)
		return 1;
	old = bpf_kptr_xchg(&r->obj, NULL);
	if (old)
		MEM_OBJ_CALL(_release)(old);
	ctx->result = old ? 0 : -ENOENT;
	return 0;
}

struct run_ctx {
	__u32 runner;	/* ops, results (and node table) of this runner */
	__u32 table;	/* req->table */
	__u32 root;	/* the root's index */
	__u32 pad;
	__u64 handle;	/* the root's object */
};

/* One operation of the batch; defined by the including program. */
static int step(__u32 i, struct run_ctx *rc);

/*
 * <MEM_PREFIX>_run: the runner's struct mem_req at the start of the packet
 * names its root and runner; runs the runner's batch with bpf_loop(step)
 * and stores the number run in req->done.
 */
SEC("xdp")
int MEM_CAT(MEM_PREFIX, _run)(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct mem_req *req = data;
	struct run_ctx rc;
	struct mem_root *r;
	struct mem_opbuf *o;
	__u32 key;

	if ((void *)(req + 1) > end)
		return XDP_ABORTED;
	key = req->root;
	r = bpf_map_lookup_elem(&roots, &key);
	rc.runner = req->runner;
	rc.table = req->table;
	rc.root = key;
	o = bpf_map_lookup_elem(&ops, &rc.runner);
	if (!r || !o)
		return XDP_ABORTED;
	rc.handle = r->handle;
	req->status = 0;
	req->done = bpf_loop(o->n < MEM_OPS_MAX ? o->n : MEM_OPS_MAX, step, &rc, 0);
	return XDP_PASS;
}

#endif
