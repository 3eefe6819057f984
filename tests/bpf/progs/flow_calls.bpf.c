// SPDX-License-Identifier: GPL-2.0
/*
 * flow_calls.bpf.c - an XDP frame's flow key, by the enetstl_flow_parse()
 * kfunc and by enetstl_flow_parse_inline() in the program; the class and
 * the key land in flow_out for the runner (test_flow.c), with the key's
 * CRC-32C by enetstl_crc32c_flow() and enetstl_crc32c(). The key starts
 * filled with 0xa5, so a byte the parse forgot shows.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/flow.h>
#include <enetstl/crc32c.h>
#include "test_common.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct flow_out);
} flow_out SEC(".maps");

static __always_inline int flow_store(int class, const struct enetstl_flow_key *k)
{
	__u32 zero = 0;
	struct flow_out *o = bpf_map_lookup_elem(&flow_out, &zero);

	if (!o)
		return XDP_ABORTED;
	o->class = class;
	__builtin_memcpy(&o->key, k, sizeof(*k));
	/* and its hash, by the fixed-size kfunc and by the general one */
	o->crc_flow = enetstl_crc32c_flow(k, FLOW_CRC_SEED);
	o->crc_len = enetstl_crc32c(k, sizeof(*k), FLOW_CRC_SEED);
	return XDP_PASS;
}

SEC("xdp")
int xdp_flow_kfunc(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;

	__builtin_memset(&k, 0xa5, sizeof(k));
	return flow_store(enetstl_flow_parse(ctx, &k), &k);
}

SEC("xdp")
int xdp_flow_inline(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct enetstl_flow_key k;

	__builtin_memset(&k, 0xa5, sizeof(k));
	return flow_store(enetstl_flow_parse_inline(data, end, &k), &k);
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_flow_key);
} flow_keys SEC(".maps");

/*
 * A map value that may be NULL as the key: 6.x verifiers let it through,
 * 7.x refuses it. The frame's byte 0 is the index: 1 gives NULL. Loaded
 * only by the runner's NULL-key test.
 */
SEC("?xdp")
int xdp_flow_null_key(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct enetstl_flow_key *k;
	__u32 idx;

	if (data + 1 > end)
		return XDP_ABORTED;
	idx = *(__u8 *)data;
	k = bpf_map_lookup_elem(&flow_keys, &idx);
	return flow_store(enetstl_flow_parse(ctx, k), k ? k : &(struct enetstl_flow_key){});
}
