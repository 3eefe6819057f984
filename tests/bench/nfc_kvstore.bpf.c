// SPDX-License-Identifier: GPL-2.0
/*
 * nfc_kvstore.bpf.c - the XDP side of the flow key-value store in plain
 * kernel C (tests/bench/nfmod/nfc_kv.c): one kfunc call per packet that
 * parses, counts, finds or stores the flow and adds to its state. Object
 * kv_kc: the .rodata, nf_setup and kv_ctl programs and kv_out map of
 * kv_enetstl, so the NF tests run the same control plane (kv_ctl.h) on it.
 */
#include "nf_parse.bpf.h"
#include <linux/errno.h>
#include "kvstore/kvstore.h"

char LICENSE[] SEC("license") = "GPL";

extern int enetstl_nfc_kvstore(struct xdp_md *ctx, struct enetstl_flow_key *k,
			       struct nf_stats *stats) __ksym;
extern int enetstl_nfc_kv_setup(__u32 max_flows) __ksym;
extern int enetstl_nfc_kv_ctl(void *req__mem, __u32 req__sz, void *out, __u32 out__sz) __ksym;

/* Flows stored at most, 1..KV_MAX_FLOWS. */
const volatile __u32 max_flows = KV_MAX_FLOWS;

#include "kvstore/kvstore_maps.bpf.h"

/* Run once after load (nf_load()): the module's one store, emptied and sized. */
SEC("syscall")
int nf_setup(void *ctx)
{
	return enetstl_nfc_kv_setup(max_flows);
}

/* The control plane: struct kv_req in and out (BPF_PROG_TEST_RUN ctx). */
SEC("syscall")
int kv_ctl(struct kv_req *req)
{
	struct kv_chunk *out;
	struct kv_req r;
	__u32 zero = 0;

	out = bpf_map_lookup_elem(&kv_out, &zero);
	if (!out) {
		req->err = -ENODEV;
		return 0;
	}
	__builtin_memcpy(&r, req, sizeof(r));
	if (enetstl_nfc_kv_ctl(&r, sizeof(r), out, sizeof(*out)))
		r.err = -EINVAL;
	__builtin_memcpy(req, &r, sizeof(r));
	return 0;
}

SEC("xdp")
int xdp_kvstore(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};	/* the kfunc reads its memory: initialised */
	struct nf_stats *st;
	__u32 zero = 0;

	st = bpf_map_lookup_elem(&nf_stats, &zero);
	if (st)
		enetstl_nfc_kvstore(ctx, &k, st);
	return XDP_PASS;
}
