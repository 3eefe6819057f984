// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_wheel.bpf.c - misuse of the timing wheel (enetstl/wheel.h): a
 * wheel the kfuncs would write past or may not write, a scalar or the
 * packet as the wheel, program types without them.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct enetstl_wheel);
} wheel_map SEC(".maps");

/* a byte array: the skeleton, included by the runner, need not know the type */
const volatile __u8 ro_wheel[sizeof(struct enetstl_wheel)] = {};

/* ---- memory the kfuncs would write past, or may not write ---- */

SEC("xdp") __failure __msg("invalid access to map value")
int wheel_push_wheel_in_small_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *v = bpf_map_lookup_elem(&small_map, &zero);	/* 32 bytes */

	if (!v)
		return XDP_PASS;
	return enetstl_wheel_push(v, 1, 2) ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to map value")
int wheel_release_wheel_in_small_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *v = bpf_map_lookup_elem(&small_map, &zero);	/* 32 bytes */

	if (!v)
		return XDP_PASS;
	return enetstl_wheel_release(v, 1, 1) > 0 ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to map value")
int wheel_push_release_wheel_in_small_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *v = bpf_map_lookup_elem(&small_map, &zero);	/* 32 bytes */

	if (!v)
		return XDP_PASS;
	return enetstl_wheel_push_release(v, 1, 2, 1, 1) > 0 ? XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to map value")
int wheel_release_wheel_from_mid_value(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct enetstl_wheel *w = bpf_map_lookup_elem(&wheel_map, &zero);

	if (!w)
		return XDP_PASS;
	/* the wheel's size from its out on: 16 bytes past the value */
	return enetstl_wheel_release((struct enetstl_wheel *)&w->out[0], 1, 1) > 0 ?
	       XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg_any("write into map forbidden") __msg_any("cannot write into rdonly")
int wheel_push_rodata_wheel(struct xdp_md *ctx)
{
	return enetstl_wheel_push((struct enetstl_wheel *)&ro_wheel, 1, 2) ? XDP_DROP : XDP_PASS;
}

/* ---- pointers that are not memory ---- */

SEC("xdp") __failure __msg_any("R1 type=scalar expected=")
__msg_any("arg#0 pointer type")
__msg_any("R1 invalid mem access 'scalar'")
int wheel_release_scalar_as_wheel(struct xdp_md *ctx)
{
	return enetstl_wheel_release((struct enetstl_wheel *)(long)ctx->ingress_ifindex, 1, 1) > 0 ?
	       XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg("invalid access to packet")
int wheel_push_packet_as_wheel(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 64 > end)	/* far less than a wheel */
		return XDP_PASS;
	return enetstl_wheel_push(data, 1, 2) ? XDP_DROP : XDP_PASS;
}

/* ---- program types the kfuncs are not registered for ---- */

REJECT_IN_SOCKET_FILTER(enetstl_wheel_push, (void *)buf, 1, 2)
REJECT_IN_SOCKET_FILTER(enetstl_wheel_release, (void *)buf, 1, 1)
REJECT_IN_SOCKET_FILTER(enetstl_wheel_push_release, (void *)buf, 1, 2, 1, 1)

/* ---- control: the same calls done right must load ---- */

SEC("xdp") __success
int wheel_checked(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct enetstl_wheel *w = bpf_map_lookup_elem(&wheel_map, &zero);

	if (!w || enetstl_wheel_push(w, 7, 1))
		return XDP_PASS;
	if (enetstl_wheel_push_release(w, 8, 2, 7, ENETSTL_WHEEL_STEPS) < 0)
		return XDP_DROP;
	return enetstl_wheel_release(w, 8, 1) >= 0 ? XDP_PASS : XDP_DROP;
}
