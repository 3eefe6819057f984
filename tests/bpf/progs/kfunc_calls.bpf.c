// SPDX-License-Identifier: GPL-2.0
/*
 * kfunc_calls.bpf.c - every eNetSTL kfunc called from XDP, TC and SYSCALL
 * programs, with buffers in the packet, a map value and the stack. The
 * runner sends requests (test_common.h) and checks the answers against the
 * reference models.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_common.h"
#include "scratch_map.h"
#include "bpf_util.h"

char LICENSE[] SEC("license") = "GPL";

static __always_inline int bitops_body(void *data, void *data_end)
{
	struct bitops_req *r = data;
	int i;

	if ((void *)(r + 1) > data_end)
		return -1;
	for (i = 0; i < BITOPS_BATCH; i++) {
		__u64 x = r->in[i];

		r->out[i][OP_FFS32] = enetstl_ffs32((__u32)x);
		r->out[i][OP_FLS32] = enetstl_fls32((__u32)x);
		r->out[i][OP_CTZ32] = enetstl_ctz32((__u32)x);
		r->out[i][OP_CLZ32] = enetstl_clz32((__u32)x);
		r->out[i][OP_POP32] = enetstl_popcount32((__u32)x);
		r->out[i][OP_FFS64] = enetstl_ffs64(x);
		r->out[i][OP_FLS64] = enetstl_fls64(x);
		r->out[i][OP_CTZ64] = enetstl_ctz64(x);
		r->out[i][OP_CLZ64] = enetstl_clz64(x);
		r->out[i][OP_POP64] = enetstl_popcount64(x);
	}
	return 0;
}

#define CALL_CRC(p, n, arg)	((__s32)enetstl_crc32c((p), (n), (arg)))
#define CALL_FFS(p, n, arg)	enetstl_bitmap_ffs((p), (n), (arg))

/* One constant-length call on packet memory (the verifier needs a constant). */
#define PKT_CASE(L, CALL)						\
	if (len == (L)) {						\
		if ((void *)(d + (L)) > data_end)			\
			r->status = STATUS_SHORT;			\
		else							\
			r->result = CALL(d, (L), arg);			\
		return 0;						\
	}

/*
 * The shared body of the CRC and bitmap programs: run CALL on the request's
 * data, in the memory kind the request names.
 */
#define DEFINE_DATA_BODY(name, CALL)					\
static __always_inline int name(void *ctx, void *data, void *data_end,	\
				int is_xdp)				\
{									\
	struct data_req *r = data;					\
	__u32 len, arg, zero = 0;					\
	struct scratch *s;						\
	__u8 stack[STACK_LEN];						\
	__u8 *d;							\
									\
	if ((void *)(r + 1) > data_end)					\
		return -1;						\
	len = r->len;							\
	arg = r->arg;							\
	d = (__u8 *)(r + 1);						\
	r->status = STATUS_OK;						\
	switch (r->kind) {						\
	case MEM_PACKET:						\
		PKT_CASE(1, CALL) PKT_CASE(7, CALL) PKT_CASE(8, CALL)	\
		PKT_CASE(15, CALL) PKT_CASE(16, CALL)			\
		PKT_CASE(63, CALL) PKT_CASE(64, CALL)			\
		PKT_CASE(100, CALL) PKT_CASE(255, CALL)			\
		PKT_CASE(512, CALL)					\
		r->status = STATUS_BADLEN;				\
		return 0;						\
	case MEM_MAP:							\
		s = bpf_map_lookup_elem(&scratch_map, &zero);		\
		if (!s)							\
			return -1;					\
		if (len > MAX_DATA) {					\
			r->status = STATUS_BADLEN;			\
			return 0;					\
		}							\
		if (len && load_nonzero(ctx, is_xdp, sizeof(*r), s->b, len, MAX_DATA)) { \
			r->status = STATUS_SHORT;			\
			return 0;					\
		}							\
		r = data;						\
		if ((void *)(r + 1) > data_end)				\
			return -1;					\
		r->result = CALL(s->b, len, arg);			\
		return 0;						\
	case MEM_STACK:							\
		if (len > STACK_LEN) {					\
			r->status = STATUS_BADLEN;			\
			return 0;					\
		}							\
		if (load_bytes(ctx, is_xdp, sizeof(*r), stack, STACK_LEN)) { \
			r->status = STATUS_SHORT;			\
			return 0;					\
		}							\
		r = data;						\
		if ((void *)(r + 1) > data_end)				\
			return -1;					\
		r->result = CALL(stack, len, arg);			\
		return 0;						\
	}								\
	r->status = STATUS_BADLEN;					\
	return 0;							\
}

DEFINE_DATA_BODY(crc_body, CALL_CRC)
DEFINE_DATA_BODY(ffs_body, CALL_FFS)

#define XDP_ENTRY(name, body)						\
SEC("xdp") int name(struct xdp_md *ctx)					\
{									\
	void *data = (void *)(long)ctx->data;				\
	void *end = (void *)(long)ctx->data_end;			\
									\
	return body < 0 ? XDP_DROP : XDP_PASS;				\
}

#define TC_ENTRY(name, body)						\
SEC("tc") int name(struct __sk_buff *ctx)				\
{									\
	void *data = (void *)(long)ctx->data;				\
	void *end = (void *)(long)ctx->data_end;			\
									\
	return body < 0 ? TC_ACT_SHOT : TC_ACT_OK;			\
}

XDP_ENTRY(xdp_bitops, bitops_body(data, end))
TC_ENTRY(tc_bitops, bitops_body(data, end))
XDP_ENTRY(xdp_crc32c, crc_body(ctx, data, end, 1))
TC_ENTRY(tc_crc32c, crc_body(ctx, data, end, 0))
XDP_ENTRY(xdp_bitmap_ffs, ffs_body(ctx, data, end, 1))
TC_ENTRY(tc_bitmap_ffs, ffs_body(ctx, data, end, 0))

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[64]);
} one_slot SEC(".maps");

/*
 * Up to 6.x the verifier lets a map lookup result that may be NULL through
 * as a (mem, mem__sz) argument: the kfuncs must take NULL gracefully. A
 * lookup past the end of an array returns NULL. 7.x refuses the program.
 * Not loaded with the rest ("?"): test_null_mem() loads it on its own.
 */
/*
 * Real sketches for the NULL-key calls, their headers written by the
 * runner: 0 for enetstl_cm_update(), 1 for enetstl_cm_crc_update().
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u8[4096]);
} null_mem_sketch SEC(".maps");

/* A real queue for the NULL run's other half. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_cffs);
} null_mem_cffs SEC(".maps");

/* A real wheel likewise (the first push, release and push_release on it). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_wheel);
} null_mem_wheel SEC(".maps");

SEC("?syscall")
int syscall_null_mem(struct null_mem_ctx *c)
{
	__u32 key = c->key, zero = 0, one = 1;
	__u8 *v = bpf_map_lookup_elem(&one_slot, &key);
	__u8 *big = bpf_map_lookup_elem(&null_mem_sketch, &key);	/* NULL with v */
	__u8 *sk = bpf_map_lookup_elem(&null_mem_sketch, &zero);
	__u8 *sk_crc = bpf_map_lookup_elem(&null_mem_sketch, &one);
	__u8 buf[64] = {};
	__u32 hashes[4] = {};

	c->crc = enetstl_crc32c(v, 64, c->seed);
	c->crc_flow = enetstl_crc32c_flow((struct enetstl_flow_key *)v, c->seed);
	c->ffs = enetstl_bitmap_ffs(v, 64, 0);
	/* no test of v anywhere: on its NULL branch the verifier knows it is 0 */
	if (!sk || !sk_crc)
		return 0;
	c->match16 = enetstl_match16(v, 32, 0);
	c->find32 = enetstl_find32(v, 64, 0);
	c->key_eq = enetstl_key_eq(v, 16, buf, 16);
	c->key_find = enetstl_key_find(buf, 16, v, 64);
	c->hash_multi = enetstl_hash_multi(v, 40, hashes, sizeof(hashes));
	c->cm_key = enetstl_cm_update(v, 40, sk, 4096, 1);
	c->cm_sketch = enetstl_cm_update(buf, 40, big, 4096, 1);
	c->cm_crc_key = enetstl_cm_crc_update(v, 40, sk_crc, 4096, 1);
	c->cm_crc_sketch = enetstl_cm_crc_update(buf, 40, big, 4096, 1);
	c->cm_crc_flow_key = enetstl_cm_crc_flow((struct enetstl_flow_key *)v, sk_crc, 4096, 1);
	c->cm_crc_flow_sketch = enetstl_cm_crc_flow((struct enetstl_flow_key *)buf, big, 4096, 1);
	c->geo_init = enetstl_geo_init((struct enetstl_geo *)v, sizeof(struct enetstl_geo), 1);
	c->geo_skip = enetstl_geo_skip((struct enetstl_geo *)v, sizeof(struct enetstl_geo));
	c->geo_sample = enetstl_geo_sample((struct enetstl_geo *)v, sizeof(struct enetstl_geo));
	c->cuckoo_key = enetstl_cuckoo_flow_find((struct enetstl_flow_key *)v, sk, 4096, 2, 0);
	c->cuckoo_table = enetstl_cuckoo_flow_find((struct enetstl_flow_key *)buf, big, 4096, 2, 0);
	{
		struct enetstl_cffs *q = bpf_map_lookup_elem(&null_mem_cffs, &key);

		c->cffs_push = enetstl_cffs_push(q, 5);
		c->cffs_pop = enetstl_cffs_pop_min(q);
		c->cffs_pushpop = enetstl_cffs_push_pop_min(q, 9);
	}
	{
		struct enetstl_wheel *w = bpf_map_lookup_elem(&null_mem_wheel, &key);
		/* out[0] read through a lookup of its own: w itself is never tested */
		struct enetstl_wheel *w0 = bpf_map_lookup_elem(&null_mem_wheel, &zero);

		if (!w0)
			return 0;
		c->wheel_push = enetstl_wheel_push(w, 0, 0xab);
		c->wheel_release = enetstl_wheel_release(w, 0, 1);
		c->wheel_release_out = w0->out[0];
		c->wheel_pushrelease = enetstl_wheel_push_release(w, 1, 9, 1, 2);
		c->wheel_pushrelease_out = w0->out[0];
	}
	c->was_null = key != 0;	/* not !v: clang may test v before the calls */
	return 0;
}

SEC("syscall")
int syscall_kfuncs(struct syscall_ctx *c)
{
	__u8 buf[STACK_LEN];
	__u64 x = c->x;

	c->ops[OP_FFS32] = enetstl_ffs32((__u32)x);
	c->ops[OP_FLS32] = enetstl_fls32((__u32)x);
	c->ops[OP_CTZ32] = enetstl_ctz32((__u32)x);
	c->ops[OP_CLZ32] = enetstl_clz32((__u32)x);
	c->ops[OP_POP32] = enetstl_popcount32((__u32)x);
	c->ops[OP_FFS64] = enetstl_ffs64(x);
	c->ops[OP_FLS64] = enetstl_fls64(x);
	c->ops[OP_CTZ64] = enetstl_ctz64(x);
	c->ops[OP_CLZ64] = enetstl_clz64(x);
	c->ops[OP_POP64] = enetstl_popcount64(x);
	__builtin_memcpy(buf, c->buf, STACK_LEN);
	c->crc = enetstl_crc32c(buf, STACK_LEN, c->seed);
	c->ffs = enetstl_bitmap_ffs(buf, STACK_LEN, c->start);
	return 0;
}
