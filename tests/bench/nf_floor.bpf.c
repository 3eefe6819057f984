// SPDX-License-Identifier: GPL-2.0
/*
 * nf_floor.bpf.c - what every NF variant pays before its own work: the
 * counters' map lookup, the parse into a flow key and the packet counters
 * (nf_begin()), nothing else. The NF bench times it beside the variants:
 * no kfunc can take an NF below it, so best eBPF / floor bounds what any
 * eNetSTL variant could reach against the best eBPF.
 */
#include "nf_parse.bpf.h"

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int xdp_floor(struct xdp_md *ctx)
{
	struct enetstl_flow_key k;

	if (nf_begin(ctx, &k))
		asm volatile("" : : "r"(&k) : "memory");	/* the key is used: all of it stored */
	return XDP_PASS;
}
