// SPDX-License-Identifier: GPL-2.0
/*
 * mem_calls.bpf.c - runs batches of memory wrapper operations (mem_test.h)
 * from XDP, so the runner can compare every result with its model; a
 * SYSCALL program creates the containers and stores them as kptrs.
 */
#define MEM_OBJ		enetstl_mem
#define MEM_PREFIX	mem
#define MEM_CREATE(ctx)	enetstl_mem_create((ctx)->payload, (ctx)->max_bytes)
#include "mem_runner.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#ifndef ENODATA
#define ENODATA 61
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MEM_RUNNERS);
	__type(key, __u32);
	__type(value, struct mem_table);
} tables SEC(".maps");

/* enetstl_node_index(handle, payload key bytes, nbuckets entries) -> result. */
SEC("syscall")
int mem_index(struct mem_setup_ctx *ctx)
{
	ctx->result = enetstl_node_index(ctx->handle, ctx->payload, ctx->nbuckets);
	return 0;
}

static __always_inline __s64 node_value(struct enetstl_node *n)
{
	__u64 *p = (void *)enetstl_node_data(n, 8);

	return p ? (__s64)*p : -EFAULT;
}

/* A new node of MOP_ALLOC/MOP_NEW: value op->val, handle in row op->a; released. */
static __always_inline __s64 keep_new(struct enetstl_node *n, const struct mem_op *op,
				      struct mem_table *tb)
{
	__u64 *p = (void *)enetstl_node_data(n, 8);

	if (p)
		*p = op->val;
	tb->h[op->a & (MEM_TABLE - 1)] = enetstl_node_handle(n);
	enetstl_node_release(n);
	return p ? 0 : -EFAULT;
}

/* A new node as a program first sees it: every payload word zero, every slot empty. */
static __always_inline __s64 new_is_empty(struct run_ctx *rc)
{
	struct enetstl_node *n = enetstl_node_new(rc->handle), *m;
	__s64 r = 0;
	__u64 *p;

	if (!n)
		return -ENOMEM;
	p = (void *)enetstl_node_data(n, MEM_PAYLOAD);
	for (int i = 0; p && i < MEM_PAYLOAD / 8; i++)
		if (p[i])
			r = -EBADMSG;
	for (int s = 0; s < ENETSTL_MEM_SLOTS; s++) {
		m = enetstl_node_get(n, s);
		if (m) {
			r = -EBADMSG;
			enetstl_node_release(m);
		}
	}
	enetstl_node_release(n);
	return p ? r : -EFAULT;
}

/* MOP_BIGKEY: the key, and how long the last such call took. */
__u8 bigkey[MEM_BIGKEY];
__u32 bigkey_last;
__u64 bigkey_ns;

static __always_inline __s64 big_key_op(const struct mem_op *op, __u64 head)
{
	__u64 preds[ENETSTL_MEM_SLOTS];
	__u32 len = op->val;
	struct enetstl_node *n;
	__u64 t0;
	__s64 r;

	if (len < 1 || len > MEM_BIGKEY)
		return -E2BIG;
	/* all zero but the last byte: 1 */
	bigkey[bigkey_last & (MEM_BIGKEY - 1)] = 0;
	bigkey_last = len - 1;
	bigkey[bigkey_last & (MEM_BIGKEY - 1)] = 1;
	t0 = bpf_ktime_get_ns();
	if (op->slot == 0) {
		r = enetstl_node_erase(head, bigkey, len);
	} else if (op->slot == 1) {
		n = enetstl_node_find(head, bigkey, len);
		r = n ? 0 : -ENOENT;
		if (n)
			enetstl_node_release(n);
	} else {
		r = enetstl_node_search(head, bigkey, len, preds, sizeof(preds));
	}
	bigkey_ns = bpf_ktime_get_ns() - t0;
	return r;
}

static __s64 do_op(struct mem_op *op, struct mem_table *tb, struct run_ctx *rc)
{
	struct enetstl_node *n, *m;
	struct enetstl_mem *c;
	__u64 *p;
	__s64 r, h;

	if (op->code == MOP_ALLOC) {
		c = enetstl_mem_get(rc->handle);
		if (!c)
			return -ESRCH;
		n = enetstl_node_alloc(c);
		enetstl_mem_release(c);
		if (!n)
			return -ENOMEM;
		return keep_new(n, op, tb);
	}
	if (op->code == MOP_LINK) {
		/* The target's handle is read before the source is looked up. */
		h = tb->h[op->b & (MEM_TABLE - 1)];
		n = enetstl_node_lookup(tb->h[op->a & (MEM_TABLE - 1)]);
		if (!n)
			return -ENOENT;
		r = h ? enetstl_node_link(n, op->slot, h) : -ENOENT;
		enetstl_node_release(n);
		return r;
	}
	if (op->code == MOP_SEARCH) {
		__u64 preds[ENETSTL_MEM_SLOTS + 1] = {};
		__u64 key = op->val;
		__u32 levels = op->slot + 1;

		if (levels > ENETSTL_MEM_SLOTS + 1)
			return -E2BIG;
		return enetstl_node_search(tb->h[op->a & (MEM_TABLE - 1)], &key, sizeof(key),
					   preds, levels * sizeof(__u64));
	}
	if (op->code == MOP_NEW) {
		n = enetstl_node_new(rc->handle);
		if (!n)
			return -ESRCH;
		return keep_new(n, op, tb);
	}
	if (op->code == MOP_ZEROED)
		return new_is_empty(rc);
	if (op->code == MOP_GETC) {
		c = enetstl_mem_get(op->val);
		if (!c)
			return -ESRCH;
		enetstl_mem_release(c);
		return 0;
	}
	if (op->code == MOP_BIGKEY)
		return big_key_op(op, tb->h[op->a & (MEM_TABLE - 1)]);
	if (op->code == MOP_FIND) {
		__u64 key[MEM_FIND_KEY_MAX / 8] = { op->val }, *d;
		__u32 ksz = op->slot ?: 8;

		if (ksz > sizeof(key))
			return -E2BIG;
		h = tb->h[op->a & (MEM_TABLE - 1)];
		n = enetstl_node_find(h, key, ksz);
		/*
		 * enetstl_node_find_data() agrees: the same node's payload, or
		 * NULL. Either call may miss a key while another CPU erases a
		 * node on its path (mem.h): a miss by one of them is a miss.
		 */
		d = (void *)enetstl_node_find_data(h, key, ksz, 8);
		r = n ? node_value(n) : d ? (__s64)*d : -ENOENT;
		if (n && d && (__s64)*d != r)
			r = -EBADMSG;
		else if (n && !d)
			r = -ENOENT;
		/* and refuses more bytes than the payload has */
		if (enetstl_node_find_data(h, key, ksz, ENETSTL_MEM_PAYLOAD_MAX + 1))
			r = -EOVERFLOW;
		if (n)
			enetstl_node_release(n);
		return r;
	}
	if (op->code == MOP_ERASE_HELD) {
		__u64 key = op->val, *d;

		h = tb->h[op->a & (MEM_TABLE - 1)];
		d = (void *)enetstl_node_find_data(h, &key, sizeof(key), 16);
		if (!d)
			return -ENOENT;
		r = enetstl_node_erase(h, &key, sizeof(key));
		if (r)
			return r;
		d[1] = 0x5a5a5a5a5a5a5a5aull;	/* into the erased node: harmless */
		/* a new node is zeroed: had it the erased node's memory, d[1] would read 0 */
		n = enetstl_node_new(rc->handle);
		if (!n)
			return -ENOMEM;
		r = d[1] == 0x5a5a5a5a5a5a5a5aull ? 0 : -EADDRINUSE;
		enetstl_node_release(n);
		return r;
	}
	if (op->code == MOP_PRED) {
		__u64 preds[ENETSTL_MEM_SLOTS] = {};
		__u64 key = op->val;
		__u32 i;

		r = enetstl_node_search(tb->h[op->a & (MEM_TABLE - 1)], &key, sizeof(key),
					preds, sizeof(preds));
		if (r < 0)
			return r;
		h = preds[op->slot & (ENETSTL_MEM_SLOTS - 1)];
		for (i = 0; h && i < MEM_TABLE; i++)
			if (tb->h[i] == h)
				return i;
		return -ENOENT;
	}
	if (op->code == MOP_ERASE) {
		__u64 key[MEM_FIND_KEY_MAX / 8] = { op->val };
		__u32 ksz = op->slot ?: 8;

		if (ksz > sizeof(key))
			return -E2BIG;
		return enetstl_node_erase(tb->h[op->a & (MEM_TABLE - 1)], key, ksz);
	}
	if (op->code == MOP_INSERT) {
		h = tb->h[op->b & (MEM_TABLE - 1)];
		n = enetstl_node_lookup(tb->h[op->a & (MEM_TABLE - 1)]);
		if (!n)
			return -ENOENT;
		return enetstl_node_insert(n, h, op->val ?: 8, op->slot);	/* takes n */
	}
	n = enetstl_node_lookup(tb->h[op->a & (MEM_TABLE - 1)]);
	if (!n)
		return -ENOENT;
	switch (op->code) {
	case MOP_FREE:
		r = enetstl_node_free(n);	/* releases n */
		if (!r)
			tb->h[op->a & (MEM_TABLE - 1)] = 0;
		return r;
	case MOP_LINKH:
		r = enetstl_node_link(n, op->slot, op->val);
		break;
	case MOP_UNLINK:
		r = enetstl_node_unlink(n, op->slot);
		break;
	case MOP_READ:
		m = enetstl_node_get(n, op->slot);
		if (m) {
			r = node_value(m);
			enetstl_node_release(m);
		} else {
			r = -ENODATA;
		}
		break;
	case MOP_READH:
		h = enetstl_node_slot(n, op->slot);
		if (h < 0) {
			r = h;
		} else if (!h) {
			r = -ENODATA;
		} else {
			m = enetstl_node_lookup(h);
			if (m) {
				r = node_value(m);
				enetstl_node_release(m);
			} else {
				r = -ENODATA;
			}
		}
		break;
	case MOP_WRITE:
		p = (void *)enetstl_node_data(n, 8);
		if (p)
			*p = op->val;
		r = p ? 0 : -EFAULT;
		break;
	case MOP_VALUE:
		r = node_value(n);
		break;
	case MOP_BIGDATA:
		r = enetstl_node_data(n, 64) ? -EFAULT : 0;
		break;
	default:
		r = -EINVAL;
	}
	enetstl_node_release(n);
	return r;
}

static int step(__u32 i, struct run_ctx *rc)
{
	__u32 key = rc->runner, tkey = rc->table;
	struct mem_results *res;
	struct mem_table *tb;
	struct mem_opbuf *o;

	o = bpf_map_lookup_elem(&ops, &key);
	res = bpf_map_lookup_elem(&results, &key);
	tb = bpf_map_lookup_elem(&tables, &tkey);
	if (!o || !res || !tb || i >= MEM_OPS_MAX)
		return 1;
	res->res[i] = do_op(&o->op[i], tb, rc);
	return 0;
}
