// SPDX-License-Identifier: GPL-2.0
/*
 * hash_calls.bpf.c - enetstl_hash_multi() from XDP and TC: keys in the
 * packet, a map value and the stack; seeds in, hashes out in a stack array.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_common.h"
#include "scratch_map.h"
#include "bpf_util.h"

char LICENSE[] SEC("license") = "GPL";

#define PKT_KEY_CASE(L)							\
	if (len == (L)) {						\
		if ((void *)(d + (L)) > data_end) {			\
			r->status = STATUS_SHORT;			\
			return 0;					\
		}							\
		ret = enetstl_hash_multi(d, (L), h, bytes);		\
		goto done;						\
	}

static __always_inline int hash_body(void *ctx, void *data, void *data_end, int is_xdp)
{
	struct hash_req *r = data;
	__u32 h[16], len, bytes, zero = 0;
	__u8 stack[HASH_STACK_KEY], *d;
	struct scratch *s;
	int ret;

	if ((void *)(r + 1) > data_end)
		return -1;
	len = r->len;
	bytes = r->lanes * 4;
	d = (__u8 *)(r + 1);
	r->status = STATUS_OK;
	if (bytes > sizeof(h)) {	/* more lanes than the array: the kfunc would refuse */
		r->result = -22;
		return 0;
	}
	__builtin_memcpy(h, r->hashes, sizeof(h));
	switch (r->kind) {
	case MEM_PACKET:
		PKT_KEY_CASE(1) PKT_KEY_CASE(4) PKT_KEY_CASE(6) PKT_KEY_CASE(13)
		PKT_KEY_CASE(16) PKT_KEY_CASE(37) PKT_KEY_CASE(64)
		break;
	case MEM_MAP:
		s = bpf_map_lookup_elem(&scratch_map, &zero);
		if (!s || len > HASH_MAX_KEY)
			break;
		if (len && load_nonzero(ctx, is_xdp, sizeof(*r), s->b, len, HASH_MAX_KEY)) {
			r->status = STATUS_SHORT;
			return 0;
		}
		ret = enetstl_hash_multi(s->b, len, h, bytes);
		goto done;
	case MEM_STACK:
		if (len > HASH_STACK_KEY)
			break;
		if (load_bytes(ctx, is_xdp, sizeof(*r), stack, HASH_STACK_KEY)) {
			r->status = STATUS_SHORT;
			return 0;
		}
		ret = enetstl_hash_multi(stack, len, h, bytes);
		goto done;
	}
	r->status = STATUS_BADLEN;
	return 0;
done:
	r = data;
	if ((void *)(r + 1) > data_end)
		return -1;
	r->result = ret;
	__builtin_memcpy(r->hashes, h, sizeof(h));
	return 0;
}

SEC("xdp")
int xdp_hash_multi(struct xdp_md *ctx)
{
	return hash_body(ctx, (void *)(long)ctx->data, (void *)(long)ctx->data_end, 1) < 0 ?
	       XDP_DROP : XDP_PASS;
}

SEC("tc")
int tc_hash_multi(struct __sk_buff *ctx)
{
	return hash_body(ctx, (void *)(long)ctx->data, (void *)(long)ctx->data_end, 0) < 0 ?
	       TC_ACT_SHOT : TC_ACT_OK;
}
