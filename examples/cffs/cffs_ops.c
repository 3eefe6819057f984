// SPDX-License-Identifier: GPL-2.0
/* cffs_ops.c - the cFFS priority queue for userspace (nf_ops.h): its length, dump. */
#include <stdlib.h>
#include "nf_ops.h"
#include "nf_variants.h"
#include "cffs/cffs.h"

static int cf_configure(struct bpf_object *obj, const struct nf_params *p)
{
	return nf_set_u32(obj, "qlen", p->qlen);
}

static int cf_dump(const struct nf_maps *m, const struct nf_dump_opts *o)
{
	size_t vsz;
	char *all = nf_read_percpu(m, "cf_state", sizeof(struct cf_state), &vsz);
	int ncpu = nf_ncpus();

	if (!all)
		return nf_err("cannot read the cFFS state");
	for (int c = 0; c < ncpu; c++) {
		struct cf_state *q = (struct cf_state *)(all + c * vsz);
		unsigned int shown = 0;

		if (!q->queued && !q->dequeued)
			continue;
		printf("cFFS queue, CPU %d: %u queued, %llu dequeued (mean rank %.1f); lowest ranks:",
		       c, q->queued, (unsigned long long)q->dequeued,
		       q->dequeued ? (double)q->rank_sum / q->dequeued : 0.0);
		for (unsigned int r = 0; r < CF_RANKS && shown < o->top; r++)
			if (q->count[r]) {
				printf(" %u(x%u)", r, q->count[r]);
				shown++;
			}
		printf("\n");
	}
	free(all);
	return 0;
}

const struct nf_ops cffs_ops = {
	.name = "cffs",
	.defaults = { .qlen = 64 },
	.configure = cf_configure,
	.dump = cf_dump,
};
