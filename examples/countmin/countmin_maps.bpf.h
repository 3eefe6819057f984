/* SPDX-License-Identifier: GPL-2.0 */
/*
 * countmin_maps.bpf.h - what every count-min object has, by the names the
 * loader and the oracle tests read: the .rodata threshold, the per-CPU
 * sketch behind the header CM_HDR (the kfunc's header type), the
 * heavy-hitter table and what a packet's estimate does to it; and the CRC
 * rows' header, set on a CPU's first packet (cm_k*_crc_enetstl, and the
 * kernel-C objects of tests/bench).
 */
#ifndef _COUNTMIN_MAPS_BPF_H
#define _COUNTMIN_MAPS_BPF_H

#include "countmin.h"
#include "nf_mas.h"

#ifndef CM_HDR
#error "CM_HDR: the sketch's header type"
#endif

/* Estimate at which a key becomes a heavy-hitter candidate; 0: never. */
const volatile __u32 hh_threshold = 0;

struct cm_sketch {
	CM_HDR hdr;
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
	__type(key, struct enetstl_flow_key);
	__type(value, __u32);	/* the estimate when the key was added */
} cm_hh SEC(".maps");

/* A key whose estimate @est reached hh_threshold becomes a candidate (once). */
static __always_inline void cm_hh_note(struct nf_stats *st, struct enetstl_flow_key *k, __u32 est)
{
	if (hh_threshold && est >= hh_threshold && !bpf_map_lookup_elem(&cm_hh, k)) {
		if (!bpf_map_update_elem(&cm_hh, k, &est, BPF_NOEXIST))
			st->nf[CM_STAT_HH_NEW]++;
	}
}

/*
 * What a packet's estimate @est leads to: a heavy-hitter candidate, or for
 * an update that failed (est < 0, other than @quiet) an error count.
 * hh_threshold is .rodata, so the verifier keeps one of the two paths; with
 * candidates on, one unsigned test on the per-packet path: an error reads
 * as a huge estimate, and both are rare.
 */
static __always_inline void cm_note(struct nf_stats *st, struct enetstl_flow_key *k, __s64 est,
				    __s64 quiet)
{
	__u32 t = hh_threshold;

	if (!t) {	/* no candidates: only errors to count */
		if (est < 0 && est != quiet)
			st->nf[CM_STAT_ERR]++;
		return;
	}
	if ((__u64)est < t)
		return;
	if (est >= 0)
		cm_hh_note(st, k, est);
	else if (est != quiet)
		st->nf[CM_STAT_ERR]++;
}

/* The CRC rows' header (enetstl_cm_crc_update()'s), once per CPU. */
static __always_inline void cm_crc_hdr_init(struct enetstl_cm_crc_hdr *h)
{
	if (h->rows)
		return;
	h->rows = NF_ROWS;
	h->cols_log = CM_COLS_LOG;
	h->seed = CM_CRC_SEED;
	h->flags = 0;
	for (int r = 0; r < NF_ROWS; r++) {
		h->mul[r] = nf_cm_rows[r][0];
		h->add[r] = nf_cm_rows[r][1];
	}
}

#endif
