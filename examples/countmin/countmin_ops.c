// SPDX-License-Identifier: GPL-2.0
/*
 * countmin_ops.c - the count-min sketch for userspace (nf_ops.h): its
 * heavy-hitter threshold, dump (heavy hitters by estimate), query (a flow's
 * estimate).
 */
#include <stdlib.h>
#include <bpf/bpf.h>
#include "nf_ops.h"
#include "nf_sketch.h"
#include "nf_trace.h"
#include "nf_variants.h"
#include "countmin/countmin.h"

static int cm_configure(struct bpf_object *obj, const struct nf_params *p)
{
	return nf_set_u32(obj, "hh_threshold", p->hh_threshold);
}

struct hh {
	struct enetstl_flow_key key;
	double est;
};

static int by_est(const void *a, const void *b)
{
	double x = ((const struct hh *)a)->est, y = ((const struct hh *)b)->est;

	return x > y ? -1 : x < y;
}

static int cm_dump(const struct nf_maps *m, const struct nf_dump_opts *o)
{
	unsigned int rows, n = 0, cand = 0, top = o->top;
	__u32 *ctr = nf_read_sketch(m, "cm_sketch", cm_hdr_bytes(m->v->flavor), CM_COLS, &rows);
	int fd = nf_map_fd(m, "cm_hh");
	struct enetstl_flow_key key, next, *prev = NULL;
	struct hh *hh = calloc(CM_HH_MAX, sizeof(*hh));
	char s[128];

	if (!ctr || fd < 0 || !hh) {
		free(ctr);
		free(hh);
		return nf_err("cannot read the count-min maps");
	}
	while (!bpf_map_get_next_key(fd, prev, &next) && n < CM_HH_MAX) {
		key = next;
		prev = &key;
		hh[n].key = key;
		hh[n].est = nf_sketch_estimate(m->v, ctr, rows, CM_COLS, &key, 0);
		cand++;
		if (hh[n].est >= o->hh_min)
			n++;
	}
	qsort(hh, n, sizeof(*hh), by_est);
	printf("count-min sketch: %u rows x %u counters (all CPUs); %u heavy-hitter candidates",
	       rows, CM_COLS, cand);
	if (o->hh_min)
		printf(", %u with an estimate >= %u", n, o->hh_min);
	printf("; top %u by estimate:\n", top < n ? top : n);
	printf("  %-4s %-58s %10s%s\n", "rank", "flow", "estimate", o->keys ? "      true" : "");
	for (unsigned int i = 0; i < n && i < top; i++) {
		nf_key_str(&hh[i].key, s, sizeof(s));
		printf("  %-4u %-58s %10.0f", i + 1, s, hh[i].est);
		if (o->keys)
			printf(" %9u", nf_truth_of(&hh[i].key, o));
		printf("\n");
	}
	free(ctr);
	free(hh);
	return 0;
}

static int cm_query(const struct nf_maps *m, const struct enetstl_flow_key *k)
{
	return nf_sketch_query(m, "cm_sketch", cm_hdr_bytes(m->v->flavor), CM_COLS, k, 0);
}

const struct nf_ops countmin_ops = {
	.name = "countmin",
	.defaults = { .hh_threshold = 100 },
	.configure = cm_configure,
	.dump = cm_dump,
	.query = cm_query,
	.stat_labels = { [CM_STAT_HH_NEW] = "heavy hitters" },
	/* the crc flavor hashes otherwise: its twin is another function */
	.flavor_other = true,
};
