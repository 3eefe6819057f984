/* SPDX-License-Identifier: GPL-2.0 */
/* bpf_util.h - packet-copy helpers shared by the XDP/TC test programs. */
#ifndef _ENETSTL_BPF_UTIL_H
#define _ENETSTL_BPF_UTIL_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Copy @len packet bytes at @off; @is_xdp is a constant after inlining. */
static __always_inline int load_bytes(void *ctx, int is_xdp, __u32 off, void *to, __u32 len)
{
	if (is_xdp)
		return bpf_xdp_load_bytes(ctx, off, to, len);
	return bpf_skb_load_bytes(ctx, off, to, len);
}

/*
 * Copy 1..@max bytes. Written as (len - 1) + 1 because the 6.1 verifier
 * learns no lower bound from "len != 0", and the helpers refuse size 0.
 */
static __always_inline int load_nonzero(void *ctx, int is_xdp, __u32 off, void *to,
					__u32 len, __u32 max)
{
	__u32 n = len - 1;

	asm volatile("" : "+r"(n));	/* keep clang from folding n + 1 back into len */
	if (n >= max)
		return -1;
	return load_bytes(ctx, is_xdp, off, to, n + 1);
}

#endif
