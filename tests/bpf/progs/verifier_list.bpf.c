// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_list.bpf.c - misuse of list buckets (enetstl/list.h): lists
 * leaked, released from a map, used straight from a map, NULL, used after
 * release, elements read past.
 */
#include "verifier_common.h"
#include "verifier_mem.h"

char LICENSE[] SEC("license") = "GPL";

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

/*
 * A list read from a map without bpf_kptr_xchg() is untrusted: no kfunc
 * takes it. Private lists rest on this: their pushes and pops take no lock
 * because only the holder of the one reference can reach them.
 */
#define REJECT_MAP_KPTR(name, call)						\
SEC("xdp") __failure MSG_UNTRUSTED						\
int name(struct xdp_md *ctx)							\
{										\
	struct mr_root *r = mr_root();						\
	struct enetstl_list *l;							\
	__u64 v = 0;								\
										\
	if (!r)									\
		return XDP_PASS;						\
	l = r->l;								\
	if (!l)									\
		return XDP_PASS;						\
	return (call) ? XDP_PASS : XDP_DROP;					\
}
REJECT_MAP_KPTR(list_handle_of_map_kptr, enetstl_list_handle(l) + v)
REJECT_MAP_KPTR(list_push_of_map_kptr, enetstl_list_push(l, 0, &v, sizeof(v)))
REJECT_MAP_KPTR(list_pop_of_map_kptr, enetstl_list_pop(l, 0, &v, sizeof(v)))
REJECT_MAP_KPTR(list_pop_due_of_map_kptr,
		enetstl_list_pop_due(l, 0, &v, sizeof(v), 0))

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

SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
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

SEC("xdp") __failure MSG_SCALAR __msg_any("invalid mem access 'scalar'")
int list_pop_after_release(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);
	__u64 v;

	if (!l)
		return XDP_PASS;
	enetstl_list_release(l);
	return enetstl_list_pop(l, 0, &v, sizeof(v)) ? XDP_DROP : XDP_PASS;
}

/* @fn copying 64 bytes into a 32-byte map value. */
#define REJECT_PAST_MAP_VALUE(name, fn, ...)					\
SEC("xdp") __failure __msg_any("invalid access to map value")			\
__msg_any("write into map forbidden") __msg_any("invalid indirect read from stack") \
int name(struct xdp_md *ctx)							\
{										\
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);	\
	__u32 key = 0;								\
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);			\
	int r;									\
										\
	if (!l)									\
		return XDP_PASS;						\
	r = v ? fn(l, 0, v, 64, ##__VA_ARGS__) : 0;				\
	enetstl_list_release(l);						\
	return r ? XDP_DROP : XDP_PASS;						\
}
REJECT_PAST_MAP_VALUE(list_peek_past_map_value, enetstl_list_peek)
REJECT_PAST_MAP_VALUE(list_pop_due_past_map_value, enetstl_list_pop_due, 0)

SEC("xdp") __failure MSG_NULL
int list_len_null(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);
	__s64 n = enetstl_list_len(l, 0);	/* l may be NULL */

	if (l)
		enetstl_list_release(l);
	return n > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure MSG_NULL
int list_pop_due_null(struct xdp_md *ctx)
{
	struct enetstl_list *l = enetstl_list_get(ctx->ingress_ifindex);
	__u64 v;
	int r = enetstl_list_pop_due(l, 0, &v, sizeof(v), 0);	/* l may be NULL */

	if (l)
		enetstl_list_release(l);
	return r ? XDP_DROP : XDP_PASS;
}
