// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_flow.bpf.c - misuse of the flow-key parse (enetstl/flow.h): a
 * context that is not the XDP program's own, keys too small to fill or not
 * memory, program types without the kfunc. (A key that may be NULL loads
 * on 6.x: test_flow.c runs it.)
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_flow_key);
} key_map SEC(".maps");

/* ---- the context must be the program's own ---- */

SEC("xdp") __failure __msg("expected pointer to ctx")
int flow_parse_stack_as_ctx(struct xdp_md *ctx)
{
	__u64 fake[4] = { ctx->data, ctx->data_end };
	struct enetstl_flow_key k = {};

	return enetstl_flow_parse((struct xdp_md *)fake, &k) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("expected pointer to ctx")
int flow_parse_packet_as_ctx(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct enetstl_flow_key k = {};

	if (data + 64 > end)
		return XDP_PASS;
	return enetstl_flow_parse(data, &k) ? XDP_PASS : XDP_DROP;
}

/* ---- keys the kfunc would write past ---- */

SEC("xdp") __failure __msg("invalid access to map value")
int flow_parse_key_in_small_map_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *v = bpf_map_lookup_elem(&small_map, &zero);	/* 32 bytes */

	if (!v)
		return XDP_PASS;
	return enetstl_flow_parse(ctx, v) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg_any("invalid mem access") __msg_any("expected=")
__msg_any("expected pointer")
int flow_parse_key_scalar(struct xdp_md *ctx)
{
	return enetstl_flow_parse(ctx, (struct enetstl_flow_key *)(long)bpf_get_prandom_u32()) ?
	       XDP_PASS : XDP_DROP;
}

SEC("xdp") __success
int flow_parse_key_in_map_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct enetstl_flow_key *k = bpf_map_lookup_elem(&key_map, &zero);

	if (!k)
		return XDP_PASS;
	return enetstl_flow_parse(ctx, k) ? XDP_PASS : XDP_DROP;
}

/* ---- program types without the kfunc: it parses XDP frames only ---- */

SEC("tc") __failure __msg("calling kernel function enetstl_flow_parse is not allowed")
int flow_parse_in_tc(struct __sk_buff *skb)
{
	struct enetstl_flow_key k = {};

	return enetstl_flow_parse((struct xdp_md *)skb, &k);
}

SEC("syscall") __failure __msg("calling kernel function enetstl_flow_parse is not allowed")
int flow_parse_in_syscall(void *ctx)
{
	struct enetstl_flow_key k = {};

	return enetstl_flow_parse(ctx, &k);
}

REJECT_IN_SOCKET_FILTER(enetstl_flow_parse, (struct xdp_md *)skb, (void *)buf)

/* ---- the right use loads: the rejections above are for their misuse alone ---- */

SEC("xdp") __success
int flow_parse_ok(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};

	return enetstl_flow_parse(ctx, &k) == ENETSTL_FLOW_L4 ? XDP_PASS : XDP_DROP;
}
