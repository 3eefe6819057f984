/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mem_reject.h - misuse of the memory wrapper and list bucket kfuncs that
 * the verifier must refuse; included at the end of verifier_reject.bpf.c
 * (one object, one runner). Messages differ between 6.1 and 6.12: several
 * __msg on one program are alternatives.
 */
#include <enetstl/mem.h>
#include <enetstl/list.h>

struct mr_root {
	__u64 handle;
	ENETSTL_KPTR(enetstl_mem, c);
	ENETSTL_KPTR(enetstl_list, l);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mr_root);
} mr_roots SEC(".maps");

static __always_inline struct mr_root *mr_root(void)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&mr_roots, &key);
}

#define MSG_UNRELEASED	__msg("Unreleased reference")
/*
 * 6.1 names one reason for a NULL-able, released, unreferenced or untrusted
 * pointer in a kfunc argument: "arg#0 pointer type STRUCT ... must point to
 * scalar, or struct with scalar". 6.12 says which; 7.2 and 7.3 word it
 * again differently ("R1 pointer type STRUCT ...", "R1 is scalar expected
 * STRUCT ...", "release kfunc ... expects referenced PTR_TO_BTF_ID").
 */
#define MSG_NULL	__msg("Possibly NULL pointer passed") __msg("arg#0 pointer type STRUCT")
#define MSG_SCALAR	__msg("arg#0 pointer type STRUCT") __msg("R1 type=scalar expected=") \
			__msg("expected pointer to") __msg("R1 is scalar expected STRUCT enetstl_") \
			__msg("R1 pointer type STRUCT enetstl_")
#define MSG_UNTRUSTED	__msg("must be referenced") __msg("arg#0 pointer type STRUCT")
#define MSG_RELEASE	__msg("expects refcounted PTR_TO_BTF_ID") __msg("must be referenced") \
			__msg("arg#0 pointer type STRUCT") __msg("expects referenced PTR_TO_BTF_ID")

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

SEC("xdp") __failure MSG_SCALAR __msg("invalid mem access 'scalar'")
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

SEC("xdp") __failure MSG_SCALAR __msg("invalid mem access 'scalar'")
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

SEC("xdp") __failure MSG_SCALAR __msg("invalid mem access 'scalar'")
int node_link_after_free(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	if (!n)
		return XDP_PASS;
	enetstl_node_free(n);
	return enetstl_node_link(n, 0, ctx->rx_queue_index) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_SCALAR __msg("Possibly NULL pointer passed")
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

SEC("xdp") __failure __msg("invalid mem access 'ptr_or_null_'") __msg("invalid mem access 'mem_or_null'")
__msg("invalid mem access 'scalar_or_null'")
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

SEC("xdp") __failure MSG_RELEASE MSG_SCALAR __msg("invalid mem access 'scalar'")
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
SEC("syscall") __failure __msg("invalid kptr access") __msg("expected=ptr_enetstl_mem")
__msg("kptr")
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

SEC("xdp") __failure MSG_SCALAR MSG_RELEASE __msg("invalid mem access 'scalar'")
int node_insert_after_release(struct xdp_md *ctx)
{
	struct enetstl_node *n = enetstl_node_lookup(ctx->ingress_ifindex);

	if (!n)
		return XDP_PASS;
	enetstl_node_release(n);
	return enetstl_node_insert(n, ctx->ingress_ifindex, 16, 1) ? XDP_PASS : XDP_DROP;
}

/* enetstl_node_insert() takes the node: it is gone for the program after the call. */
SEC("xdp") __failure MSG_SCALAR MSG_RELEASE __msg("invalid mem access 'scalar'")
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
SEC("xdp") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
int node_find_short_key(struct xdp_md *ctx)
{
	__u64 key = ctx->rx_queue_index;
	struct enetstl_node *n = enetstl_node_find(ctx->ingress_ifindex, &key, 16);

	if (n)
		enetstl_node_release(n);
	return XDP_PASS;
}

SEC("xdp") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
int node_erase_short_key(struct xdp_md *ctx)
{
	__u32 key = ctx->rx_queue_index;

	return enetstl_node_erase(ctx->ingress_ifindex, &key, 8) ? XDP_PASS : XDP_DROP;
}

/* ---- list buckets ---- */

SEC("syscall") __failure MSG_UNRELEASED
int list_create_leaked(void *ctx)
{
	struct enetstl_list *l = enetstl_list_create(4, 8, 16);

	return l ? 1 : 0;
}

SEC("xdp") __failure MSG_UNRELEASED
int list_get_leaked(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);

	return l ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_UNTRUSTED
int list_handle_of_map_kptr(struct xdp_md *ctx)
{
	struct mr_root *r = mr_root();
	struct enetstl_list *l;

	if (!r)
		return XDP_PASS;
	l = r->l;
	if (!l)
		return XDP_PASS;
	return enetstl_list_handle(l) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_RELEASE
int list_release_map_kptr(struct xdp_md *ctx)
{
	struct mr_root *r = mr_root();
	struct enetstl_list *l;

	if (!r)
		return XDP_PASS;
	l = r->l;
	if (!l)
		return XDP_PASS;
	enetstl_list_release(l);
	return XDP_PASS;
}

SEC("xdp") __failure MSG_NULL
int list_push_null_list(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);
	__u64 v = 1;
	int r = enetstl_list_push(l, 0, &v, sizeof(v));	/* l may be NULL */

	if (l)
		enetstl_list_release(l);
	return r ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
int list_push_short_element(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);
	__u64 v = 1;
	int r;

	if (!l)
		return XDP_PASS;
	r = enetstl_list_push(l, 0, &v, 16);
	enetstl_list_release(l);
	return r ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure MSG_SCALAR __msg("invalid mem access 'scalar'")
int list_pop_after_release(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);
	__u64 v;

	if (!l)
		return XDP_PASS;
	enetstl_list_release(l);
	return enetstl_list_pop(l, 0, &v, sizeof(v)) ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to map value") __msg("write into map forbidden")
__msg("invalid indirect read from stack")
int list_peek_past_map_value(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);
	int r;

	if (!l)
		return XDP_PASS;
	r = v ? enetstl_list_peek(l, 0, v, 64) : 0;
	enetstl_list_release(l);
	return r ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure MSG_NULL
int list_len_null(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);
	__s64 n = enetstl_list_len(l, 0);	/* l may be NULL */

	if (l)
		enetstl_list_release(l);
	return n > 0 ? XDP_PASS : XDP_DROP;
}

/* ---- controls: the right pattern loads ---- */

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

SEC("xdp") __failure __msg("invalid indirect read from stack")
__msg("invalid read from stack") __msg("invalid indirect access to stack")
__msg("invalid write to stack") __msg("invalid indirect write to stack")
int node_search_preds_overrun(struct xdp_md *ctx)
{
	__u64 key[2] = { ctx->rx_queue_index, 0 }, preds[2] = {};

	return enetstl_node_search(ctx->ingress_ifindex, key, sizeof(key), preds, 64) > 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("R2 type=scalar expected=") __msg("arg#1 pointer type")
__msg("R2 invalid mem access 'scalar'")
int node_search_scalar_key(struct xdp_md *ctx)
{
	__u64 preds[2] = {};

	return enetstl_node_search(ctx->ingress_ifindex, (void *)(long)ctx->rx_queue_index, 16,
				   preds, sizeof(preds)) > 0 ? XDP_PASS : XDP_DROP;
}
