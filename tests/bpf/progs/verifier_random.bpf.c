// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_random.bpf.c - misuse of the random pool (enetstl/random.h):
 * samplers in read-only memory, too short or not memory at all, program
 * types without the kfuncs.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- random pool ---- */

const volatile __u64 ro_geo[2] = {};	/* a struct enetstl_geo in .rodata */

SEC("xdp") __failure __msg_any("write into map forbidden") __msg_any("cannot write into rdonly")
int geo_init_rodata(struct xdp_md *ctx)
{
	return enetstl_geo_init((struct enetstl_geo *)&ro_geo, sizeof(ro_geo), ENETSTL_P(1, 10)) ?
	       XDP_DROP : XDP_PASS;
}

SEC("xdp") __failure __msg_any("invalid indirect read from stack")
__msg_any("invalid read from stack") __msg_any("invalid indirect access to stack")
__msg_any("invalid write to stack") __msg_any("invalid indirect write to stack")
int geo_sample_short_struct(struct xdp_md *ctx)
{
	__u64 small = 0;	/* the only stack object: 16 bytes run off the frame */

	return enetstl_geo_sample((struct enetstl_geo *)&small, 16) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg_any("R1 type=scalar expected=") __msg_any("arg#0 pointer type")
__msg_any("R1 invalid mem access 'scalar'")
int geo_skip_scalar_as_sampler(struct xdp_md *ctx)
{
	return enetstl_geo_skip((struct enetstl_geo *)(long)ctx->ingress_ifindex, 16) > 0 ?
	       XDP_PASS : XDP_DROP;
}

SEC("socket") __failure __msg("calling kernel function enetstl_random_u32 is not allowed")
int enetstl_random_u32_in_socket_filter(struct __sk_buff *skb)
{
	return (int)enetstl_random_u32();
}

REJECT_IN_SOCKET_FILTER(enetstl_geo_init, (struct enetstl_geo *)buf, sizeof(buf), 1)
REJECT_IN_SOCKET_FILTER(enetstl_geo_skip, (struct enetstl_geo *)buf, sizeof(buf))
REJECT_IN_SOCKET_FILTER(enetstl_geo_sample, (struct enetstl_geo *)buf, sizeof(buf))
