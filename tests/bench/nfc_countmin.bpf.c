// SPDX-License-Identifier: GPL-2.0
/*
 * nfc_countmin.bpf.c - the XDP side of the count-min in plain kernel C
 * (tests/bench/nfmod/nfc.c, a test-only module): the per-CPU map lookups,
 * one kfunc call that parses, counts and runs the NF, and what stays in
 * maps (the heavy-hitter table). Objects cm_k<rows>_kc: the count-min of
 * cm_k<rows>_crc_enetstl, the same maps and .rodata, so the NF tests and
 * the bench take it as one more variant.
 */
#include "nf_parse.bpf.h"
#include "countmin/countmin.h"

#if !defined(NF_ROWS) || NF_ROWS < 1 || NF_ROWS > CM_MAX_ROWS
#error "NF_ROWS must be 1..8"
#endif

#define CM_HDR struct enetstl_cm_crc_hdr
#include "countmin/countmin_maps.bpf.h"

char LICENSE[] SEC("license") = "GPL";

extern __s64 enetstl_nfc_countmin(struct xdp_md *ctx, struct enetstl_flow_key *k,
				  struct nf_stats *stats,
				  void *sketch, __u32 sketch__sz) __ksym;

SEC("xdp")
int xdp_countmin(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};	/* the kfunc reads its memory: initialised */
	struct nf_stats *st;
	struct cm_sketch *sk;
	__u32 zero = 0;
	__s64 est;

	st = bpf_map_lookup_elem(&nf_stats, &zero);
	sk = bpf_map_lookup_elem(&cm_sketch, &zero);
	if (!st || !sk)
		return XDP_PASS;
	cm_crc_hdr_init(&sk->hdr);	/* first packet on this CPU */
	est = enetstl_nfc_countmin(ctx, &k, st, sk, sizeof(*sk));
	cm_note(st, &k, est, -2);	/* -ENOENT: not a flow packet, no error */
	return XDP_PASS;
}
