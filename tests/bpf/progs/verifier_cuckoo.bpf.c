// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_cuckoo.bpf.c - misuse of the cuckoo table lookup
 * (enetstl/cuckoo.h): a table or key the kfunc would read past, a size the
 * verifier cannot bound, scalars as pointers, program types without it.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

struct two_buckets {
	struct enetstl_cuckoo_bucket b[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct two_buckets);
} table_map SEC(".maps");

/* ---- a table the kfunc would read past ---- */

SEC("xdp") __failure __msg("invalid access to map value")
int cuckoo_table_size_overstated(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};
	__u32 zero = 0;
	struct two_buckets *t = bpf_map_lookup_elem(&table_map, &zero);

	if (!t)
		return XDP_PASS;
	/* four buckets claimed, two in the value */
	return enetstl_cuckoo_flow_find(&k, t, 4 * sizeof(t->b[0]), 2, 0) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int cuckoo_table_from_mid_value(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};
	__u32 zero = 0;
	struct two_buckets *t = bpf_map_lookup_elem(&table_map, &zero);

	if (!t)
		return XDP_PASS;
	/* the second bucket with the size of two */
	return enetstl_cuckoo_flow_find(&k, &t->b[1], sizeof(*t), 1, 0) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("unbounded memory access")
int cuckoo_table_size_unbounded(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};
	__u32 zero = 0, *len = bpf_map_lookup_elem(&len_map, &zero);
	struct two_buckets *t = bpf_map_lookup_elem(&table_map, &zero);

	if (!t || !len)
		return XDP_PASS;
	return enetstl_cuckoo_flow_find(&k, t, *len, 1, 0) > 0 ? XDP_PASS : XDP_DROP;
}

/* ---- a key the kfunc would read past: the type's 40 bytes ---- */

SEC("xdp") __failure __msg("invalid access to packet")
int cuckoo_packet_key_short(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	struct two_buckets *t = bpf_map_lookup_elem(&table_map, &zero);

	if (!t || data + 39 > end)	/* one byte short of the key */
		return XDP_PASS;
	return enetstl_cuckoo_flow_find(data, t, sizeof(*t), 1, 0) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("invalid access to map value")
int cuckoo_key_in_small_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &zero);	/* 32 bytes */
	struct two_buckets *t = bpf_map_lookup_elem(&table_map, &zero);

	if (!t || !v)
		return XDP_PASS;
	return enetstl_cuckoo_flow_find((void *)v, t, sizeof(*t), 1, 0) > 0 ? XDP_PASS : XDP_DROP;
}

/* ---- pointers that are not memory ---- */

SEC("xdp") __failure __msg_any("R2 type=scalar expected=")
__msg_any("arg#1 pointer type")
__msg_any("R2 invalid mem access 'scalar'")
int cuckoo_scalar_as_table(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};

	return enetstl_cuckoo_flow_find(&k, (void *)(long)ctx->ingress_ifindex, 736, 0, 0) > 0 ?
	       XDP_PASS : XDP_DROP;
}

/* ---- program types the kfunc is not registered for ---- */

REJECT_IN_SOCKET_FILTER(enetstl_cuckoo_flow_find, (void *)buf, buf, sizeof(buf), 0, 0)

/* ---- control: the same call done right must load ---- */

SEC("xdp") __success
int cuckoo_table_checked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	struct two_buckets *t = bpf_map_lookup_elem(&table_map, &zero);

	if (!t || data + 40 > end)
		return XDP_PASS;
	return enetstl_cuckoo_flow_find(data, t, sizeof(*t), 1, 0) > 0 ? XDP_PASS : XDP_DROP;
}
