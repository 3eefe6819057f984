// SPDX-License-Identifier: GPL-2.0
/*
 * nft_carousel.c - Carousel oracle: the wheel's clock, cursor and results
 * read back (descriptors queued, released, dropped, total lateness, and the
 * running hash of every release in order) must equal a plain reference
 * wheel fed the same trace: an array of CR_SLOTS FIFO queues with the
 * variant's capacity rule (rings: CR_RING per slot; eNetSTL's lists, the
 * kernel's BPF lists and the lists in arrays: CR_MAX_ELEMS in all). NF counters must match the
 * state.
 */
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "nftest.h"
#include "carousel/carousel.h"

#define REF_CAP	CR_MAX_ELEMS	/* a slot never holds more than all of them */

struct ref_slot {
	struct cr_elem e[REF_CAP];
	uint32_t head, len;
};

static void ref_push(struct ref_slot *q, const struct cr_elem *e)
{
	q->e[(q->head + q->len++) % REF_CAP] = *e;
}

static void ref_wheel(const struct nf_trace *t, int pool, uint32_t drain, struct cr_state *s)
{
	struct ref_slot *w = calloc(CR_SLOTS, sizeof(*w));

	if (!w)
		return;
	memset(s, 0, sizeof(*s));
	for (uint32_t i = 0; i < t->n; i++) {
		struct cr_elem e;
		uint32_t now, slot;
		bool full;

		if (t->cls[i] != NF_FLOW)
			continue;
		now = s->now++;
		e.flow = cr_flow(&t->flows[t->flow[i]]);
		e.ts = now + cr_delay(e.flow);
		slot = e.ts % CR_SLOTS;
		full = pool ? s->queued >= CR_MAX_ELEMS : w[slot].len >= CR_RING;
		if (full) {
			s->dropped++;
		} else {
			ref_push(&w[slot], &e);
			s->queued++;
		}
		for (uint32_t step = 0; step < drain; step++) {
			struct ref_slot *q = &w[s->cursor % CR_SLOTS];
			struct cr_elem *h = &q->e[q->head];

			if ((int32_t)(s->cursor - now) > 0)
				break;
			if (!q->len || (int32_t)(h->ts - s->cursor) > 0) {
				s->cursor++;
				continue;
			}
			s->queued--;
			s->released++;
			s->late_sum += now - h->ts;
			s->order = s->order * 31 + (h->ts ^ h->flow);
			q->head = (q->head + 1) % REF_CAP;
			q->len--;
		}
	}
	free(w);
}

static void check_drain(const struct nf_variant *v, const struct nf_trace *t, uint32_t drain)
{
	struct nf_params p = { .drain = drain };
	struct bpf_object *obj = nft_load(v, &p);
	int ncpu = nf_ncpus(), fd;
	size_t vsz = (sizeof(struct cr_state) + 7) & ~7ul;
	uint8_t *all = calloc(ncpu > 0 ? ncpu : 1, vsz);
	struct cr_state ref, *got = NULL;
	__u64 nf[4] = { 0 };
	__u32 zero = 0;

	if (!obj || !all)
		goto out;
	nft_run_trace(obj, t);
	nft_check_stats(obj, t, nf);
	/* lists (eNetSTL's, the kernel's BPF lists, in arrays) share one pool; rings do not */
	ref_wheel(t, v->enetstl || !strcmp(v->flavor, "list") || !strcmp(v->flavor, "array"),
		  drain, &ref);
	fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "cr_state"));
	if (!CHECK(!bpf_map_lookup_elem(fd, &zero, all), "cr_state unreadable"))
		goto out;
	for (int c = 0; c < ncpu; c++) {	/* the runs were pinned: one CPU has state */
		struct cr_state *s = (struct cr_state *)(all + c * vsz);

		if (s->now) {
			CHECK(!got, "wheel state on more than one CPU");
			got = s;
		}
	}
	if (!CHECK(got, "no wheel state on any CPU"))
		goto out;
	CHECK_EQ("ticks", got->now, ref.now);
	CHECK_EQ("cursor", got->cursor, ref.cursor);
	CHECK_EQ("queued", got->queued, ref.queued);
	CHECK_EQ("released", got->released, ref.released);
	CHECK_EQ("dropped", got->dropped, ref.dropped);
	CHECK_EQ("sum of lateness", got->late_sum, ref.late_sum);
	CHECK(got->order == ref.order, "release order hash %#llx, reference %#llx",
	      (unsigned long long)got->order, (unsigned long long)ref.order);
	CHECK_EQ("NF counter: queued", nf[CR_STAT_QUEUED], ref.released + ref.queued);
	CHECK_EQ("NF counter: released", nf[CR_STAT_RELEASED], ref.released);
	CHECK_EQ("NF counter: dropped", nf[CR_STAT_DROPPED], ref.dropped);
	CHECK_EQ("NF counter: errors", nf[CR_STAT_ERR], 0);
	if (drain == CR_DRAIN)	/* keeps up: everything but the last horizon released */
		CHECK(ref.released + CR_HORIZON >= ref.now && !ref.dropped,
		      "the reference released %llu of %u descriptors, dropped %llu",
		      (unsigned long long)ref.released, ref.now, (unsigned long long)ref.dropped);
	else			/* falls behind: the capacity rule decides */
		CHECK(ref.dropped > 0, "the reference wheel never filled up");
	tl_result("carousel %s, %u steps/packet: %u ticks, %llu released in the reference's order (hash %#llx), "
		   "%llu still queued, %llu dropped, mean lateness %.2f ticks", v->name, drain, got->now,
		   (unsigned long long)got->released, (unsigned long long)got->order,
		   (unsigned long long)got->queued, (unsigned long long)got->dropped,
		   got->released ? (double)got->late_sum / got->released : 0.0);
	bpf_object__close(obj);
	free(all);
	return;
out:
	tl_result("carousel %s, %u steps/packet", v->name, drain);
	if (obj)
		bpf_object__close(obj);
	free(all);
}

void nft_check_carousel(const struct nf_variant *v, const struct nf_trace *t)
{
	check_drain(v, t, CR_DRAIN);
	check_drain(v, t, 1);
}
