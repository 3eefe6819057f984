// SPDX-License-Identifier: GPL-2.0
/*
 * nfc.bpf.c - the XDP side of the network functions in plain kernel C
 * (tests/bench/nfmod/nfc.c, a test-only module): the per-CPU map lookups,
 * one kfunc call that parses, counts and runs the NF, and what stays in
 * maps (the heavy-hitter table). Objects cm_k<rows>_kc: the count-min of
 * cm_k<rows>_crc_enetstl, the same maps and .rodata, so the NF tests and
 * the bench take it as one more variant.
 */
#include "nf_parse.bpf.h"
#include "countmin/countmin.h"
#include "nf_mas.h"

#if !defined(NF_ROWS) || NF_ROWS < 1 || NF_ROWS > CM_MAX_ROWS
#error "NF_ROWS must be 1..8"
#endif

char LICENSE[] SEC("license") = "GPL";

extern __s64 enetstl_nfc_countmin(struct xdp_md *ctx, struct nf_key *k, struct nf_stats *stats,
				  void *sketch, __u32 sketch__sz) __ksym;

const volatile __u32 hh_threshold = 0;

struct cm_sketch {
	struct enetstl_cm_crc_hdr hdr;
	__u32 counters[NF_ROWS][CM_COLS];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cm_sketch);
} cm_sketch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CM_HH_MAX);
	__type(key, struct nf_key);
	__type(value, __u32);
} cm_hh SEC(".maps");

SEC("xdp")
int xdp_countmin(struct xdp_md *ctx)
{
	struct nf_key k = {};	/* the kfunc reads its memory: initialised */
	struct nf_stats *st;
	struct cm_sketch *sk;
	__u32 zero = 0, est32;
	__s64 est;

	st = bpf_map_lookup_elem(&nf_stats, &zero);
	sk = bpf_map_lookup_elem(&cm_sketch, &zero);
	if (!st || !sk)
		return XDP_PASS;
	if (!sk->hdr.rows) {	/* first packet on this CPU */
		sk->hdr.rows = NF_ROWS;
		sk->hdr.cols_log = CM_COLS_LOG;
		sk->hdr.seed = CM_CRC_SEED;
		for (int r = 0; r < NF_ROWS; r++) {
			sk->hdr.mul[r] = nf_cm_rows[r][0];
			sk->hdr.add[r] = nf_cm_rows[r][1];
		}
	}
	est = enetstl_nfc_countmin(ctx, &k, st, sk, sizeof(*sk));
	if (est < 0) {
		if (est != -2)	/* -ENOENT: not a flow packet */
			st->nf[CM_STAT_ERR]++;
		return XDP_PASS;
	}
	est32 = est;
	if (hh_threshold && est32 >= hh_threshold && !bpf_map_lookup_elem(&cm_hh, &k)) {
		if (!bpf_map_update_elem(&cm_hh, &k, &est32, BPF_NOEXIST))
			st->nf[CM_STAT_HH_NEW]++;
	}
	return XDP_PASS;
}
