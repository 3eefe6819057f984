// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_mem.bpf.c - misuse of the memory wrapper (enetstl/mem.h):
 * containers, nodes and ordered lists leaked, released twice, used after
 * release, NULL, or read past.
 */
#include "verifier_common.h"
#include "verifier_mem.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- containers ---- */

SEC("syscall") __failure MSG_UNRELEASED
int mem_create_leaked(void *ctx)
{
	struct enetstl_mem *c = enetstl_mem_create(32, 0);

	return c ? 1 : 0;
}

SEC("xdp") __failure MSG_UNRELEASED
int mem_get_leaked(struct xdp_md *ctx)
{
	struct enetstl_mem *c = enetstl_mem_get(ctx->ingress_ifindex);

	return c ? XDP_PASS : XDP_DROP;
}

/* A kptr read straight from the map is not a reference (6.1 and 6.12). */
SEC("xdp") __failure MSG_UNTRUSTED
int mem_handle_of_map_kptr(struct xdp_md *ctx)
{
	struct mr_root *r = mr_root();
	struct enetstl_mem *c;

	if (!r)
		return XDP_PASS;
	c = r->c;
	if (!c)
		return XDP_PASS;
	return enetstl_mem_handle(c) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_RELEASE
int mem_release_map_kptr(struct xdp_md *ctx)
{
	struct mr_root *r = mr_root();
	struct enetstl_mem *c;

	if (!r)
		return XDP_PASS;
	c = r->c;
	if (!c)
		return XDP_PASS;
	enetstl_mem_release(c);
	return XDP_PASS;
}

SEC("xdp") __failure MSG_SCALAR __msg_any("invalid mem access 'scalar'")
int mem_alloc_after_release(struct xdp_md *ctx)
{
	struct enetstl_mem *c = enetstl_mem_get(ctx->ingress_ifindex);
	struct enetstl_node *n;

	if (!c)
		return XDP_PASS;
	enetstl_mem_release(c);
	n = enetstl_node_alloc(c);
	if (n)
		enetstl_node_release(n);
	return XDP_PASS;
}

SEC("xdp") __failure MSG_NULL
int node_alloc_null_container(struct xdp_md *ctx)
{
	struct enetstl_mem *c = enetstl_mem_get(ctx->ingress_ifindex);
	struct enetstl_node *n = enetstl_node_alloc(c);	/* c may be NULL */

	if (n)
		enetstl_node_release(n);
	if (c)
		enetstl_mem_release(c);
	return XDP_PASS;
}

/* ---- nodes ---- */

SEC("xdp") __failure MSG_UNRELEASED
int node_alloc_leaked(struct xdp_md *ctx)
{
	struct enetstl_mem *c = enetstl_mem_get(ctx->ingress_ifindex);
	struct enetstl_node *n;

	if (!c)
		return XDP_PASS;
	n = enetstl_node_alloc(c);
	enetstl_mem_release(c);
	return n ? XDP_PASS : XDP_DROP;		/* n never released */
}

SEC("xdp") __failure MSG_UNRELEASED
int node_lookup_leaked(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	return n ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_UNRELEASED
int node_get_leaked_on_one_path(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex), *m;

	if (!n)
		return XDP_PASS;
	m = enetstl_node_get(n, 0);
	enetstl_node_release(n);
	if (m && ctx->rx_queue_index)
		return XDP_DROP;		/* m leaks on this path */
	if (m)
		enetstl_node_release(m);
	return XDP_PASS;
}

SEC("xdp") __failure MSG_SCALAR __msg_any("invalid mem access 'scalar'")
int node_handle_after_release(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	if (!n)
		return XDP_PASS;
	enetstl_node_release(n);
	return enetstl_node_handle(n) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_NULL
int node_get_null(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex), *m;

	m = enetstl_node_get(n, 0);		/* n may be NULL */
	if (m)
		enetstl_node_release(m);
	if (n)
		enetstl_node_release(n);
	return XDP_PASS;
}

SEC("xdp") __failure MSG_NULL
int node_slot_null(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);
	__s64 h = enetstl_node_slot(n, 0);	/* n may be NULL */

	if (n)
		enetstl_node_release(n);
	return h ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_SCALAR __msg_any("invalid mem access 'scalar'")
int node_link_after_free(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	if (!n)
		return XDP_PASS;
	enetstl_node_free(n);
	return enetstl_node_link(n, 0, ctx->rx_queue_index) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_SCALAR __msg_any("Possibly NULL pointer passed")
int node_unlink_null(struct xdp_md *ctx)
{
	return enetstl_node_unlink((struct enetstl_node *)0, 0) ? XDP_PASS : XDP_DROP;
}

/* The payload pointer dies with the node reference. */
SEC("xdp") __failure __msg("invalid mem access 'scalar'")
int node_data_write_after_release(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);
	__u64 *p;

	if (!n)
		return XDP_PASS;
	p = (void *)enetstl_node_data(n, 8);
	enetstl_node_release(n);
	if (p)
		*p = 1;
	return XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to memory, mem_size=8 off=8 size=8")
int node_data_past_size(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);
	__u64 *p;

	if (!n)
		return XDP_PASS;
	p = (void *)enetstl_node_data(n, 8);
	if (p)
		p[1] = 1;
	enetstl_node_release(n);
	return XDP_PASS;
}

SEC("xdp") __failure __msg("is not a const")
int node_data_variable_size(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);
	__u8 *p;

	if (!n)
		return XDP_PASS;
	p = enetstl_node_data(n, ctx->rx_queue_index & 63);
	if (p)
		p[0] = 1;
	enetstl_node_release(n);
	return XDP_PASS;
}

SEC("xdp") __failure __msg_any("invalid mem access 'ptr_or_null_'") __msg_any("invalid mem access 'mem_or_null'")
__msg_any("invalid mem access 'scalar_or_null'")
int node_data_unchecked(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);
	__u64 *p;

	if (!n)
		return XDP_PASS;
	p = (void *)enetstl_node_data(n, 8);
	*p = 1;					/* may be NULL */
	enetstl_node_release(n);
	return XDP_PASS;
}

/*
 * Node structs are read-only: only the payload is writable. Both kernels
 * refuse the store (EACCES) without printing a reason, hence no __msg.
 */
SEC("xdp") __failure
int node_write_through_pointer(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	if (!n)
		return XDP_PASS;
	*(volatile __u64 *)n = 0;
	enetstl_node_release(n);
	return XDP_PASS;
}

SEC("xdp") __failure MSG_RELEASE MSG_SCALAR __msg_any("invalid mem access 'scalar'")
int node_release_twice(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	if (!n)
		return XDP_PASS;
	enetstl_node_release(n);
	enetstl_node_release(n);
	return XDP_PASS;
}

SEC("xdp") __failure MSG_NULL MSG_RELEASE
int node_free_null(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	enetstl_node_free(n);			/* n may be NULL */
	return XDP_PASS;
}

/* A node cannot be stored where a container belongs (nor kept in a map). */
SEC("syscall") __failure __msg_any("invalid kptr access") __msg_any("expected=ptr_enetstl_mem")
__msg_any("kptr")
int node_stored_as_container(void *ctx)
{
	struct mr_root *r = mr_root();
	struct enetstl_node *n, *old;

	n = enetstl_node_lookup(7);
	if (!n)
		return 0;
	if (!r) {
		enetstl_node_release(n);
		return 0;
	}
	old = bpf_kptr_xchg(&r->c, n);
	if (old)
		enetstl_node_release(old);
	return 0;
}

/* ---- ordered lists ---- */

SEC("xdp") __failure MSG_UNRELEASED
int node_find_leaked(struct xdp_md *ctx)
{
	__u64 key[2] = { ctx->rx_queue_index, 0 };
	struct enetstl_node *n = enetstl_node_find(ctx->ingress_ifindex, key, sizeof(key));

	return n ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_UNRELEASED
int node_new_leaked(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_new(ctx->ingress_ifindex);

	return n ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_NULL
int node_insert_null(struct xdp_md *ctx)
{
	__u64 key[2] = { ctx->rx_queue_index, 0 };
	struct enetstl_node *n = enetstl_node_find(ctx->ingress_ifindex, key, sizeof(key));
	int r = enetstl_node_insert(n, ctx->ingress_ifindex, 16, 1);	/* n may be NULL */

	if (n)
		enetstl_node_release(n);
	return r ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_SCALAR MSG_RELEASE __msg_any("invalid mem access 'scalar'")
int node_insert_after_release(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	if (!n)
		return XDP_PASS;
	enetstl_node_release(n);
	return enetstl_node_insert(n, ctx->ingress_ifindex, 16, 1) ? XDP_PASS : XDP_DROP;
}

/* enetstl_node_insert() takes the node: it is gone for the program after the call. */
SEC("xdp") __failure MSG_SCALAR MSG_RELEASE __msg_any("invalid mem access 'scalar'")
int node_release_after_insert(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_new(ctx->ingress_ifindex);
	int r;

	if (!n)
		return XDP_PASS;
	r = enetstl_node_insert(n, ctx->ingress_ifindex, 16, 1);
	enetstl_node_release(n);
	return r ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid mem access 'scalar'")
int node_write_after_insert(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_new(ctx->ingress_ifindex);
	__u64 *d;
	int r;

	if (!n)
		return XDP_PASS;
	d = (void *)enetstl_node_data(n, 16);
	if (!d) {
		enetstl_node_release(n);
		return XDP_PASS;
	}
	r = enetstl_node_insert(n, ctx->ingress_ifindex, 16, 1);
	d[0] = r;	/* published: the payload is the list's now */
	return XDP_PASS;
}

/* The key must be as long as the program says. */
SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
int node_find_short_key(struct xdp_md *ctx)
{
	__u64 key = ctx->rx_queue_index;
	struct enetstl_node *n = enetstl_node_find(ctx->ingress_ifindex, &key, 16);

	if (n)
		enetstl_node_release(n);
	return XDP_PASS;
}

SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
int node_erase_short_key(struct xdp_md *ctx)
{
	__u32 key = ctx->rx_queue_index;

	return enetstl_node_erase(ctx->ingress_ifindex, &key, 8) ? XDP_PASS : XDP_DROP;
}

/* ---- enetstl_node_index(): it allocates and may sleep, so SYSCALL programs only ---- */

SEC("xdp") __failure __msg("calling kernel function enetstl_node_index is not allowed")
int index_from_xdp(struct xdp_md *ctx)
{
	return enetstl_node_index(ctx->ingress_ifindex, 8, 16) ? XDP_DROP : XDP_PASS;
}

SEC("tc") __failure __msg("calling kernel function enetstl_node_index is not allowed")
int index_from_tc(struct __sk_buff *skb)
{
	return enetstl_node_index(skb->ifindex, 8, 16);
}

/* ---- enetstl_node_find_data(): XDP and TC only, a constant size, NULL checked ---- */

/* SYSCALL programs may sleep: an RCU-lived pointer is not theirs. */
SEC("syscall") __failure __msg("calling kernel function enetstl_node_find_data is not allowed")
int find_data_from_syscall(void *ctx)
{
	__u64 key = 1, *p = (void *)enetstl_node_find_data(1, &key, sizeof(key), 8);

	return p ? (int)*p : 0;
}

SEC("xdp") __failure __msg("invalid access to memory, mem_size=8 off=8 size=8")
int find_data_past_size(struct xdp_md *ctx)
{
	__u64 key = ctx->rx_queue_index;
	__u64 *p = (void *)enetstl_node_find_data(ctx->ingress_ifindex, &key, sizeof(key), 8);

	if (p)
		p[1] = 1;
	return XDP_PASS;
}

SEC("xdp") __failure __msg("is not a const")
int find_data_variable_size(struct xdp_md *ctx)
{
	__u64 key = ctx->rx_queue_index;
	__u8 *p = enetstl_node_find_data(ctx->ingress_ifindex, &key, sizeof(key),
					 ctx->rx_queue_index & 63);

	if (p)
		p[0] = 1;
	return XDP_PASS;
}

SEC("xdp") __failure __msg_any("invalid mem access 'ptr_or_null_'") __msg_any("invalid mem access 'mem_or_null'")
__msg_any("invalid mem access 'scalar_or_null'")
int find_data_unchecked(struct xdp_md *ctx)
{
	__u64 key = ctx->rx_queue_index;
	__u64 *p = (void *)enetstl_node_find_data(ctx->ingress_ifindex, &key, sizeof(key), 8);

	*p = 1;					/* may be NULL */
	return XDP_PASS;
}

SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
int find_data_short_key(struct xdp_md *ctx)
{
	__u64 key = ctx->rx_queue_index;
	__u8 *p = enetstl_node_find_data(ctx->ingress_ifindex, &key, 16, 8);

	if (p)
		p[0] = 1;
	return XDP_PASS;
}

/* ---- controls: the right pattern loads ---- */

SEC("tc") __success
int find_data_control(struct __sk_buff *skb)
{
	__u64 key = skb->mark;
	__u64 *p = (void *)enetstl_node_find_data(skb->ifindex, &key, sizeof(key), 16);

	if (!p)
		return 0;
	p[1] += p[0];
	return 1;
}

SEC("xdp") __success
int mem_walk_control(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex), *m;
	__u64 *p;

	if (!n)
		return XDP_PASS;
	m = enetstl_node_get(n, 3);
	enetstl_node_release(n);
	if (!m)
		return XDP_PASS;
	p = (void *)enetstl_node_data(m, 16);
	if (p)
		p[1] = p[0] + 1;
	enetstl_node_release(m);
	return XDP_PASS;
}

SEC("syscall") __success
int mem_store_control(void *ctx)
{
	struct enetstl_mem *c = enetstl_mem_create(64, 1 << 20), *old;
	struct mr_root *r = mr_root();

	if (!c)
		return 0;
	if (!r) {
		enetstl_mem_release(c);
		return 0;
	}
	r->handle = enetstl_mem_handle(c);
	old = bpf_kptr_xchg(&r->c, c);
	if (old)
		enetstl_mem_release(old);
	return 0;
}

SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
__msg_any("invalid write to stack") __msg_any("invalid indirect write to stack")
int node_search_preds_overrun(struct xdp_md *ctx)
{
	__u64 key[2] = { ctx->rx_queue_index, 0 }, preds[2] = {};

	return enetstl_node_search(ctx->ingress_ifindex, key, sizeof(key), preds, 64) > 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg_any("R2 type=scalar expected=") __msg_any("arg#1 pointer type")
__msg_any("R2 invalid mem access 'scalar'")
int node_search_scalar_key(struct xdp_md *ctx)
{
	__u64 preds[2] = {};

	return enetstl_node_search(ctx->ingress_ifindex, (void *)(long)ctx->rx_queue_index, 16,
				   preds, sizeof(preds)) > 0 ? XDP_PASS : XDP_DROP;
}
