// SPDX-License-Identifier: GPL-2.0
/*
 * nft_countmin.c - count-min oracle: the sketch read back from the map
 * (summed over CPUs) must equal, counter for counter, the reference sketch
 * fed the same trace; the heavy-hitter candidates must be exactly the
 * reference's, with the same estimates; the estimates must keep the
 * count-min guarantee; the same-algorithm pure-eBPF and eNetSTL variants
 * must agree. The best pure-eBPF variants and the CRC flavor (rows by
 * multiply-add-shift of one 32-bit hash) are checked against their own
 * references.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "nftest.h"
#include "ref_nf.h"
#include "countmin/countmin.h"

#define HH_THRESHOLD 200

struct hh {
	struct enetstl_flow_key key;
	uint32_t est;
};

static int hh_find(const struct hh *h, unsigned int n, const struct enetstl_flow_key *k)
{
	for (unsigned int i = 0; i < n; i++)
		if (!memcmp(&h[i].key, k, sizeof(*k)))
			return i;
	return -1;
}

/* The sketch of the first variant checked for each k, to compare the pair. */
static uint32_t *seen[CM_MAX_ROWS + 1];

/*
 * After the trace: a header the update refuses (word 1, the columns, made
 * huge; rows stay set, so the program does not initialise it again) on
 * every CPU, and the trace again: each flow packet counts one error, and
 * no heavy-hitter candidate is added. @nf: the NF counters after the first run.
 */
static void check_refused(struct bpf_object *obj, const struct nf_trace *t, const __u64 *nf)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, "cm_sketch");
	size_t stride = m ? (bpf_map__value_size(m) + 7) & ~(size_t)7 : 0;
	int ncpus = nf_ncpus(), fd = m ? bpf_map__fd(m) : -1;
	char *buf = ncpus > 0 && m ? calloc(ncpus, stride) : NULL;
	struct nf_stats st;
	__u32 zero = 0;

	if (!CHECK(buf && !bpf_map_lookup_elem(fd, &zero, buf), "cm_sketch unreadable"))
		goto out;
	for (int c = 0; c < ncpus; c++)
		((__u32 *)(buf + c * stride))[1] = 0x7fffffff;
	if (!CHECK(!bpf_map_update_elem(fd, &zero, buf, BPF_ANY), "cm_sketch not writable"))
		goto out;
	nft_run_trace(obj, t);
	if (!CHECK(!nft_stats(obj, &st), "nf_stats unreadable"))
		goto out;
	CHECK_EQ("errors of refused updates", st.nf[CM_STAT_ERR] - nf[CM_STAT_ERR],
		 t->count[NF_FLOW]);
	CHECK_EQ("heavy hitters from refused updates", st.nf[CM_STAT_HH_NEW], nf[CM_STAT_HH_NEW]);
out:
	free(buf);
}

void nft_check_countmin(const struct nf_variant *v, const struct nf_trace *t)
{
	struct nf_params p = { .hh_threshold = HH_THRESHOLD };
	unsigned int rows = v->rows, nref = 0, ngot = 0, loose = 0;
	size_t ncnt = (size_t)rows * CM_COLS, hdrw = cm_hdr_bytes(v->flavor) / 4;
	uint32_t *ref = calloc(ncnt, 4), *got = calloc(ncnt + hdrw, 4), *truth;
	struct hh ref_hh[CM_HH_MAX], got_hh[CM_HH_MAX];
	struct enetstl_flow_key key, next, *prev = NULL;
	struct bpf_object *obj = nft_load(v, &p);
	uint64_t nflow = t->count[NF_FLOW];
	double eps = M_E / CM_COLS;
	int own = v->flavor[0] != 0;	/* best, crc: a hash family of their own */
	ref_col_fn col = !strcmp(v->flavor, "best") ? ref_mas_col :
			 !strcmp(v->flavor, "crc") ? ref_crc_col : ref_col;
	__u64 nf[4];
	int fd;

	if (!obj || !ref || !got)
		goto out;
	nft_run_trace(obj, t);
	nft_check_stats(obj, t, nf);
	CHECK_EQ("kfunc errors", nf[CM_STAT_ERR], 0);

	/* the reference, packet by packet */
	for (uint32_t i = 0; i < t->n; i++) {
		const struct enetstl_flow_key *k;
		uint32_t est;

		if (t->cls[i] != NF_FLOW)
			continue;
		k = &t->flows[t->flow[i]];
		est = ref_cm_update(ref, rows, CM_COLS, k, col);
		if (est >= HH_THRESHOLD && hh_find(ref_hh, nref, k) < 0 && nref < CM_HH_MAX)
			ref_hh[nref++] = (struct hh){ *k, est };
	}
	if (!CHECK(!nft_percpu_sum_u32(obj, "cm_sketch", got, ncnt + hdrw), "cm_sketch unreadable"))
		goto out;
	for (size_t c = 0; c < ncnt; c++)
		CHECK(got[hdrw + c] == ref[c], "row %zu column %zu: counter %u, reference %u",
		      c / CM_COLS, c % CM_COLS, got[hdrw + c], ref[c]);

	fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "cm_hh"));
	while (!bpf_map_get_next_key(fd, prev, &next) && ngot < CM_HH_MAX) {
		key = next;
		prev = &key;
		got_hh[ngot].key = key;
		if (bpf_map_lookup_elem(fd, &key, &got_hh[ngot].est) == 0)
			ngot++;
	}
	CHECK_EQ("heavy-hitter candidates", ngot, nref);
	CHECK_EQ("heavy-hitter counter in nf_stats", nf[CM_STAT_HH_NEW], nref);
	for (unsigned int i = 0; i < ngot; i++) {
		int j = hh_find(ref_hh, nref, &got_hh[i].key);

		if (CHECK(j >= 0, "heavy hitter %u not in the reference", i))
			CHECK(got_hh[i].est == ref_hh[j].est, "heavy hitter %u: recorded estimate %u, "
			      "reference %u", i, got_hh[i].est, ref_hh[j].est);
	}

	/* the count-min guarantee on the sketch read back: est >= true, and
	 * est <= true + e/w * N except with probability e^-rows per key */
	truth = t->flow_pkts;
	for (uint32_t f = 0; f < t->nflows; f++) {
		uint32_t est;

		if (!truth[f])
			continue;
		est = ref_cm_query(got + hdrw, rows, CM_COLS, &t->flows[f], col);
		CHECK(est >= truth[f], "flow %u: estimate %u below its %u packets", f, est, truth[f]);
		loose += est > truth[f] + eps * nflow;
	}
	{
		unsigned int active = 0;

		for (uint32_t f = 0; f < t->nflows; f++)
			active += truth[f] != 0;
		CHECK(loose <= 3 * exp(-(double)rows) * active + 5,
		      "%u of %u flows beyond the e/w bound (expected about %.0f)", loose, active,
		      exp(-(double)rows) * active);
	}
	if (own) {
		/* another hash family: nothing to compare with */
	} else if (seen[rows]) {
		CHECK(!memcmp(seen[rows], got + hdrw, ncnt * 4),
		      "the two variants of k=%u built different sketches", rows);
		free(seen[rows]);
		seen[rows] = NULL;
	} else {
		seen[rows] = malloc(ncnt * 4);
		if (seen[rows])
			memcpy(seen[rows], got + hdrw, ncnt * 4);
	}
	if (v->enetstl)	/* a kfunc that can refuse (the kernel-C twin's too) */
		check_refused(obj, t, nf);
	tl_result("countmin %s: %zu counters equal the reference; %u heavy hitters (>= %u), "
		   "%u flows past the e/w bound%s", v->name, ncnt, nref, HH_THRESHOLD, loose,
		   v->enetstl ? "; a refused header counts an error per packet" : "");
	bpf_object__close(obj);
	free(ref);
	free(got);
	return;
out:
	tl_result("countmin %s", v->name);
	if (obj)
		bpf_object__close(obj);
	free(ref);
	free(got);
}
