// SPDX-License-Identifier: GPL-2.0
/*
 * nitrosketch_ops.c - NitroSketch for userspace (nf_ops.h): its sampling
 * rate, dump (the sketch's total; in replay the heaviest flows'
 * estimates), query (a flow's estimate).
 */
#include <stdlib.h>
#include "nf_ops.h"
#include "nf_sketch.h"
#include "nf_trace.h"
#include "nitrosketch/nitrosketch.h"

static int ns_configure(struct bpf_object *obj, const struct nf_params *p)
{
	return nf_set_u32(obj, "p_inv", p->p_inv);
}

static int ns_dump(const struct nf_maps *m, const struct nf_dump_opts *o)
{
	const struct enetstl_flow_key *tk = o->keys;
	const __u32 *tp = o->pkts;
	unsigned int rows, nt = o->nkeys, top = o->top;
	__u32 *ctr = nf_read_sketch(m, "ns_sketch", 0, NS_COLS, &rows);
	double total = 0;

	if (!ctr)
		return nf_err("cannot read the NitroSketch map");
	for (unsigned int r = 0; r < rows; r++)
		for (unsigned int c = 0; c < NS_COLS; c++)
			total += ctr[r * NS_COLS + c];
	printf("NitroSketch: %u rows x %u counters; estimated flow packets (mean of row sums): "
	       "%.0f\n", rows, NS_COLS, total / rows);
	if (tk) {	/* replay: the estimates of the heaviest flows of the trace */
		unsigned int *idx = calloc(nt, sizeof(*idx));
		char s[128];

		for (unsigned int i = 0; idx && i < nt; i++)
			idx[i] = i;
		for (unsigned int i = 0; idx && i < nt && i < top; i++) {	/* partial selection */
			unsigned int best = i;

			for (unsigned int j = i + 1; j < nt; j++)
				if (tp[idx[j]] > tp[idx[best]])
					best = j;
			unsigned int x = idx[i]; idx[i] = idx[best]; idx[best] = x;
			nf_key_str(&tk[idx[i]], s, sizeof(s));
			printf("  %-4u %-58s estimate %8.0f, true %u\n", i + 1, s,
			       nf_sketch_estimate(m->v, ctr, rows, NS_COLS, &tk[idx[i]], 1),
			       tp[idx[i]]);
		}
		free(idx);
	}
	free(ctr);
	return 0;
}

static int ns_query(const struct nf_maps *m, const struct enetstl_flow_key *k)
{
	return nf_sketch_query(m, "ns_sketch", 0, NS_COLS, k, 1);
}

const struct nf_ops nitrosketch_ops = {
	.name = "nitrosketch",
	.defaults = { .p_inv = 16 },
	.configure = ns_configure,
	.dump = ns_dump,
	.query = ns_query,
	.flavor_other = true,	/* ns_k*_crc_enetstl: CRC-32C rows, not the twin's lanes */
	.stat_labels = { [NS_STAT_SAMPLED] = "sampled row updates" },
};
