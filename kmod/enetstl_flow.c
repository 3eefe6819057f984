// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_flow.c - enetstl_flow_parse(): an XDP frame's flow key, parsed by
 * the header's own enetstl_flow_parse_inline() compiled natively.
 */
#include <linux/kernel.h>
#include <linux/filter.h>
#include <net/xdp.h>

#include <enetstl/flow.h>
#include "enetstl_compat.h"

__bpf_kfunc_start_defs();

__bpf_kfunc int enetstl_flow_parse(struct xdp_md *ctx, struct enetstl_flow_key *key)
{
	/* an XDP program's ctx is its xdp_buff; the verifier passed only that */
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;

	/* 6.x verifiers pass a map value that may be NULL (7.x refuses it) */
	if (unlikely(!key))
		return -EINVAL;
	return enetstl_flow_parse_inline(xdp->data, xdp->data_end, key);
}

__bpf_kfunc_end_defs();

static_assert(sizeof(struct enetstl_flow_key) == ENETSTL_FLOW_KEY_SIZE);
