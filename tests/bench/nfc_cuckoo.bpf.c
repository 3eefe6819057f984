// SPDX-License-Identifier: GPL-2.0
/*
 * nfc_cuckoo.bpf.c - the XDP side of the cuckoo switch in plain kernel C
 * (enetstl_nfc_cuckoo(), tests/bench/nfmod/nfc.c): the map lookups, one
 * kfunc call that parses, counts and finds the flow's port, the port's
 * counter and the redirect. Object cuckoo_kc: the maps and .rodata of cuckoo.bpf.c, so
 * the NF tests fill its table with the same control plane (CRC-32C hash)
 * and the bench takes it as one more variant.
 */
#include "nf_parse.bpf.h"
#include "cuckoo/cuckoo.h"

char LICENSE[] SEC("license") = "GPL";

extern __s64 enetstl_nfc_cuckoo(struct xdp_md *ctx, struct enetstl_flow_key *k,
				struct nf_stats *stats, void *table, __u32 table__sz) __ksym;

#include "cuckoo/cuckoo_maps.bpf.h"

SEC("xdp")
int xdp_cuckoo(struct xdp_md *ctx)
{
	struct enetstl_flow_key k = {};	/* the kfunc reads its memory: initialised */
	struct ck_bucket *b0;
	struct nf_stats *st;
	__u32 zero = 0;
	__s64 port;

	st = bpf_map_lookup_elem(&nf_stats, &zero);
	b0 = bpf_map_lookup_elem(&ck_table, &zero);
	if (!st || !b0)
		return XDP_PASS;
	port = enetstl_nfc_cuckoo(ctx, &k, st, b0, sizeof(*b0));
	if (port < 0)
		return XDP_PASS;
	return ck_hit(port);
}
