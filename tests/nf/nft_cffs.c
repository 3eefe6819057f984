// SPDX-License-Identifier: GPL-2.0
/*
 * nft_cffs.c - cFFS oracle: the scheduler state read back (counts per rank,
 * both bitmap levels, queue length, dequeues, the running hash of every
 * dequeued rank in order) must equal a plain reference priority queue (an
 * array of counts scanned linearly) fed the same trace.
 */
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "nftest.h"
#include "cffs/cffs.h"

#define QLEN 64

void nft_check_cffs(const struct nf_variant *v, const struct nf_trace *t)
{
	struct nf_params p = { .qlen = QLEN };
	struct bpf_object *obj = nft_load(v, &p);
	struct cf_state *ref = calloc(1, sizeof(*ref)), *got = NULL;
	int ncpu = nf_ncpus(), fd, cpu = -1;
	size_t vsz = (sizeof(struct cf_state) + 7) & ~7ul;
	uint8_t *all = calloc(ncpu > 0 ? ncpu : 1, vsz);
	__u32 zero = 0;

	if (!obj || !ref || !all)
		goto out;
	nft_run_trace(obj, t);
	nft_check_stats(obj, t, NULL);
	for (uint32_t i = 0; i < t->n; i++) {
		uint32_t r;

		if (t->cls[i] != NF_FLOW)
			continue;
		r = cf_rank(&t->flows[t->flow[i]]);
		ref->count[r]++;
		ref->queued++;
		if (ref->queued > QLEN) {
			for (r = 0; !ref->count[r]; r++)
				;
			ref->count[r]--;
			ref->queued--;
			ref->dequeued++;
			ref->rank_sum += r;
			ref->decisions = ref->decisions * 31 + r;
		}
	}
	for (uint32_t r = 0; r < CF_RANKS; r++)
		if (ref->count[r]) {
			ref->l1[r / 64] |= 1ull << (r % 64);
			ref->l0 |= 1ull << (r / 64);
		}
	fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "cf_state"));
	if (!CHECK(!bpf_map_lookup_elem(fd, &zero, all), "cf_state unreadable"))
		goto out;
	for (int c = 0; c < ncpu; c++) {	/* the runs were pinned: one CPU has state */
		struct cf_state *s = (struct cf_state *)(all + c * vsz);

		if (s->queued || s->dequeued) {
			CHECK(cpu < 0, "scheduler state on CPUs %d and %d", cpu, c);
			cpu = c;
			got = s;
		}
	}
	if (!CHECK(got, "no scheduler state on any CPU"))
		goto out;
	CHECK_EQ("queued", got->queued, ref->queued);
	CHECK_EQ("dequeued", got->dequeued, ref->dequeued);
	CHECK_EQ("sum of dequeued ranks", got->rank_sum, ref->rank_sum);
	CHECK(got->decisions == ref->decisions, "decision hash %#llx, reference %#llx",
	      (unsigned long long)got->decisions, (unsigned long long)ref->decisions);
	CHECK(got->l0 == ref->l0, "l0 %#llx, reference %#llx", (unsigned long long)got->l0,
	      (unsigned long long)ref->l0);
	CHECK(!memcmp(got->l1, ref->l1, sizeof(ref->l1)), "l1 bitmap differs from the reference");
	CHECK(!memcmp(got->count, ref->count, sizeof(ref->count)), "counts differ from the reference");
	tl_result("cffs %s: %llu dequeues in the reference's order (hash %#llx), %u queued, "
		   "bitmaps equal", v->name, (unsigned long long)got->dequeued,
		   (unsigned long long)got->decisions, got->queued);
	bpf_object__close(obj);
	free(ref);
	free(all);
	return;
out:
	tl_result("cffs %s", v->name);
	if (obj)
		bpf_object__close(obj);
	free(ref);
	free(all);
}
