// SPDX-License-Identifier: GPL-2.0
/*
 * compare_calls.bpf.c - the parallel compare kfuncs from XDP and TC, with
 * buckets and keys in the packet, a map value and the stack.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_common.h"
#include "scratch_map.h"
#include "bpf_util.h"

char LICENSE[] SEC("license") = "GPL";

/* Bucket operations on memory @b of @n bytes (n bounded by the caller). */
static __always_inline __s64 bucket_op(__u32 op, const void *b, __u32 n, __u64 v)
{
	switch (op) {
	case CMP_MATCH16: return enetstl_match16(b, n, v);
	case CMP_MATCH32: return enetstl_match32(b, n, v);
	case CMP_MATCH64: return enetstl_match64(b, n, v);
	case CMP_FIND16: return enetstl_find16(b, n, v);
	case CMP_FIND32: return enetstl_find32(b, n, v);
	default: return enetstl_find64(b, n, v);
	}
}

#define PKT_BUCKET(L)							\
	if (size == (L)) {						\
		if ((void *)(d + (L)) > data_end)			\
			r->status = STATUS_SHORT;			\
		else							\
			r->result = bucket_op(op, d, (L), r->value);	\
		return 0;						\
	}

/* Key a in the packet (constant size), key b copied into the map value. */
#define PKT_KEY(L)							\
	if (size == (L) && size2 == (L)) {				\
		if ((void *)(d + (L)) > data_end)			\
			r->status = STATUS_SHORT;			\
		else							\
			r->result = enetstl_key_eq(d, (L), s->b + CMP_MAX_SIZE, (L)); \
		return 0;						\
	}

static __always_inline int cmp_body(void *ctx, void *data, void *data_end, int is_xdp)
{
	struct cmp_req *r = data;
	__u32 op, size, size2, zero = 0, total, n;
	__u8 stack[CMP_STACK], *d, *base;
	struct scratch *s;

	if ((void *)(r + 1) > data_end)
		return -1;
	op = r->op;
	size = r->size;
	size2 = r->size2;
	d = (__u8 *)(r + 1);
	r->status = STATUS_OK;
	if (op >= CMP_NR || size > CMP_MAX_SIZE || size2 > CMP_MAX_SIZE2 || !size) {
		r->status = STATUS_BADLEN;
		return 0;
	}
	s = bpf_map_lookup_elem(&scratch_map, &zero);
	if (!s)
		return -1;
	total = size + (op >= CMP_KEY_EQ ? size2 : 0);

	if (r->kind == MEM_PACKET) {
		if (op < CMP_KEY_EQ) {
			PKT_BUCKET(16) PKT_BUCKET(32) PKT_BUCKET(64)
			PKT_BUCKET(128) PKT_BUCKET(256)
		} else if (op == CMP_KEY_EQ) {
			/* b sits after a in the request; copy it to the map first. */
			if (!load_nonzero(ctx, is_xdp, sizeof(*r) + size, s->b + CMP_MAX_SIZE,
					  size2, CMP_MAX_SIZE)) {
				r = data;
				if ((void *)(r + 1) > data_end)
					return -1;
				d = (__u8 *)(r + 1);
				PKT_KEY(16) PKT_KEY(32) PKT_KEY(64)
			}
		}
		r->status = STATUS_BADLEN;
		return 0;
	}

	if (r->kind == MEM_MAP) {
		base = s->b;
	} else if (r->kind == MEM_STACK) {
		if (total > CMP_STACK) {
			r->status = STATUS_BADLEN;
			return 0;
		}
		base = stack;
	} else {
		r->status = STATUS_BADLEN;
		return 0;
	}
	/* Copy the whole area (bounded) into map or stack memory. */
	n = r->kind == MEM_STACK ? CMP_STACK : CMP_MAX_SIZE + CMP_MAX_SIZE2;
	if (load_nonzero(ctx, is_xdp, sizeof(*r), base, total, n)) {
		r->status = STATUS_SHORT;
		return 0;
	}
	r = data;
	if ((void *)(r + 1) > data_end)
		return -1;
	if (op < CMP_KEY_EQ) {
		r->result = bucket_op(op, base, size, r->value);
	} else if (r->kind == MEM_MAP) {
		if (op == CMP_KEY_EQ)
			r->result = enetstl_key_eq(base, size, s->b + size, size2);
		else
			r->result = enetstl_key_find(base, size, s->b + size, size2);
	} else {
		/* The stack area is CMP_STACK bytes: b/keys must fit behind the key. */
		if (size2 > CMP_STACK - CMP_MAX_SIZE / 4 || size > CMP_MAX_SIZE / 4) {
			r->status = STATUS_BADLEN;
			return 0;
		}
		if (op == CMP_KEY_EQ)
			r->result = enetstl_key_eq(stack, size, stack + size, size2);
		else
			r->result = enetstl_key_find(stack, size, stack + size, size2);
	}
	return 0;
}

SEC("xdp")
int xdp_compare(struct xdp_md *ctx)
{
	return cmp_body(ctx, (void *)(long)ctx->data, (void *)(long)ctx->data_end, 1) < 0 ?
	       XDP_DROP : XDP_PASS;
}

SEC("tc")
int tc_compare(struct __sk_buff *ctx)
{
	return cmp_body(ctx, (void *)(long)ctx->data, (void *)(long)ctx->data_end, 0) < 0 ?
	       TC_ACT_SHOT : TC_ACT_OK;
}
