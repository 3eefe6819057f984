// SPDX-License-Identifier: GPL-2.0
/*
 * nft_kvstore.c - flow key-value store oracle. The trace runs through the
 * variant; the table read back through the control plane (kv_ctl.c) must
 * equal a plain reference dictionary key -> packets, bytes (the skip list's
 * walk in ascending key order as it comes, the hash map's sorted), every
 * flow's query must agree and the NF counters (hit, new, full) must be the
 * reference's. Then a third of the stored flows are deleted through the
 * control plane and the trace runs again: the table follows. Cases: the
 * default flow limit, and a limit below the trace's flows (admission in
 * order of first packet, the rest counted full). With two CPUs running the
 * trace at once every count must come out exactly twice. For the skip list,
 * the module's allocation counters: one node per stored flow plus the head,
 * and all freed with the map.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include "nftest.h"
#include "kvstore/kv_ctl.h"

struct ref_flow {
	uint8_t stored;
	uint64_t packets, bytes;
};

struct ref_kv {
	uint32_t *canon;		/* flow -> first flow with the same key */
	struct ref_flow *f;		/* by canonical flow */
	uint32_t stored, max_flows;
	uint64_t hit, new, full;
};

static int ref_init(struct ref_kv *r, const struct nf_trace *t, uint32_t max_flows)
{
	memset(r, 0, sizeof(*r));
	r->canon = calloc(t->nflows, sizeof(*r->canon));
	r->f = calloc(t->nflows, sizeof(*r->f));
	if (!r->canon || !r->f)
		return -ENOMEM;
	for (uint32_t f = 0; f < t->nflows; f++) {
		r->canon[f] = f;
		for (uint32_t g = 0; g < f; g++)
			if (!memcmp(&t->flows[g], &t->flows[f], sizeof(struct enetstl_flow_key))) {
				r->canon[f] = g;
				break;
			}
	}
	r->max_flows = max_flows;
	return 0;
}

static void ref_free(struct ref_kv *r)
{
	free(r->canon);
	free(r->f);
}

/* One pass of the trace; @times: how many CPUs run it at once. */
static void ref_run(struct ref_kv *r, const struct nf_trace *t, unsigned int times)
{
	r->hit = r->new = r->full = 0;
	for (uint32_t i = 0; i < t->n; i++) {
		struct ref_flow *f;

		if (t->cls[i] != NF_FLOW)
			continue;
		f = &r->f[r->canon[t->flow[i]]];
		if (!f->stored && r->stored >= r->max_flows) {
			r->full += times;
			continue;
		}
		if (!f->stored) {
			f->stored = 1;
			r->stored++;
			r->new++;
			r->hit += times - 1;
		} else {
			r->hit += times;
		}
		f->packets += times;
		f->bytes += (uint64_t)t->len[i] * times;
	}
}

static int cmp_key(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct enetstl_flow_key));
}

static int dumped(const struct kv_entry *e, unsigned int n, const struct enetstl_flow_key *k)
{
	for (unsigned int i = 0; i < n; i++)
		if (!memcmp(&e[i].key, k, sizeof(*k)))
			return 1;
	return 0;
}

/*
 * IPv6 flows whose addresses fold (XOR of their words) to the same value are
 * distinct flows: each stored pair of the trace is two entries.
 */
static void check_twins(const struct kv_entry *e, unsigned int n, const struct ref_kv *r,
			const struct nf_trace *t, const char *when)
{
	unsigned int pairs = 0, apart = 0;

	for (uint32_t f = 0; f < t->nflows; f++) {
		int32_t g = t->fold_twin[f];

		if (g < 0 || !r->f[r->canon[f]].stored || !r->f[r->canon[g]].stored)
			continue;
		pairs++;
		apart += r->canon[f] != r->canon[g] && dumped(e, n, &t->flows[f]) &&
			 dumped(e, n, &t->flows[g]);
	}
	CHECK(pairs && apart == pairs, "%s: IPv6 flows with equal folded addresses: %u of %u "
	      "stored pairs are two entries", when, apart, pairs);
}

/* The table read back against the reference. */
static unsigned int check_table(const struct kv_ctl *c, const struct ref_kv *r,
				const struct nf_trace *t, const char *when)
{
	struct enetstl_flow_key *keys = calloc(t->nflows, sizeof(*keys));
	unsigned int n = 0, nk = 0;
	struct kv_entry *e = NULL;
	int err;

	if (!CHECK(keys, "out of memory"))
		return 0;
	err = kv_ctl_dump(c, &e, &n);
	if (!CHECK(!err, "%s: dump: %s", when, strerror(-err)))
		goto out;
	for (uint32_t f = 0; f < t->nflows; f++)
		if (r->canon[f] == f && r->f[f].stored)
			keys[nk++] = t->flows[f];
	qsort(keys, nk, sizeof(*keys), cmp_key);
	CHECK_EQ("flows read back", n, nk);
	for (unsigned int i = 0; i < n && i < nk; i++) {
		uint32_t f;
		struct kv_state q;

		if (i && !CHECK(memcmp(&e[i - 1].key, &e[i].key, sizeof(e[i].key)) < 0,
				"%s: entry %u not above entry %u in key order", when, i, i - 1))
			break;
		if (!CHECK(!memcmp(&e[i].key, &keys[i], sizeof(keys[i])),
			   "%s: entry %u: not the reference's key", when, i))
			break;
		for (f = 0; memcmp(&t->flows[f], &keys[i], sizeof(keys[i])); f++)
			;
		f = r->canon[f];
		CHECK(e[i].st.packets == r->f[f].packets && e[i].st.bytes == r->f[f].bytes,
		      "%s: flow %u: %llu packets %llu bytes, reference %llu, %llu", when, f,
		      (unsigned long long)e[i].st.packets, (unsigned long long)e[i].st.bytes,
		      (unsigned long long)r->f[f].packets, (unsigned long long)r->f[f].bytes);
		CHECK(e[i].st.first_ns && e[i].st.first_ns <= e[i].st.last_ns,
		      "%s: flow %u: first seen %llu, last %llu", when, f,
		      (unsigned long long)e[i].st.first_ns, (unsigned long long)e[i].st.last_ns);
		err = kv_ctl_query(c, &keys[i], &q);
		CHECK(!err && !memcmp(&q, &e[i].st, sizeof(q)), "%s: flow %u: query %d or differs "
		      "from the dump", when, f, err);
	}
	check_twins(e, n, r, t, when);
out:
	free(e);
	free(keys);
	return n;
}

static void check_counters(struct bpf_object *obj, const struct ref_kv *r, __u64 *base,
			   const char *when)
{
	struct nf_stats st;

	if (!CHECK(!nft_stats(obj, &st), "nf_stats unreadable"))
		return;
	CHECK(st.nf[KV_STAT_HIT] - base[KV_STAT_HIT] == r->hit, "%s: hits %llu, reference %llu",
	      when, (unsigned long long)(st.nf[KV_STAT_HIT] - base[KV_STAT_HIT]),
	      (unsigned long long)r->hit);
	CHECK(st.nf[KV_STAT_NEW] - base[KV_STAT_NEW] == r->new, "%s: new %llu, reference %llu",
	      when, (unsigned long long)(st.nf[KV_STAT_NEW] - base[KV_STAT_NEW]),
	      (unsigned long long)r->new);
	CHECK(st.nf[KV_STAT_FULL] - base[KV_STAT_FULL] == r->full, "%s: full %llu, reference %llu",
	      when, (unsigned long long)(st.nf[KV_STAT_FULL] - base[KV_STAT_FULL]),
	      (unsigned long long)r->full);
	CHECK_EQ("errors", st.nf[KV_STAT_ERR], 0);
	memcpy(base, st.nf, sizeof(st.nf));
}

/* /sys/module/enetstl/mem_stats */
struct kv_mem {
	long long containers_created, containers_freed, nodes_allocated, nodes_freed, bytes;
};

static int mem_read(struct kv_mem *m)
{
	static const char *const names[] = { "containers_created", "containers_freed",
					     "nodes_allocated", "nodes_freed", "bytes" };
	long long *v[] = { &m->containers_created, &m->containers_freed, &m->nodes_allocated,
			   &m->nodes_freed, &m->bytes };
	FILE *f = fopen("/sys/module/enetstl/mem_stats", "r");
	char name[64];
	long long x;
	int found = 0;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", name, &x) == 2)
		for (unsigned int i = 0; i < 5; i++)
			if (!strcmp(name, names[i])) {
				*v[i] = x;
				found++;
			}
	fclose(f);
	return found == 5 ? 0 : -1;
}

/* Freed after an RCU grace period: wait up to 10 s. */
static int mem_balanced(struct kv_mem *m)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	for (int i = 0; i < 200; i++) {
		if (!mem_read(m) && m->containers_created == m->containers_freed &&
		    m->nodes_allocated == m->nodes_freed && !m->bytes)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

struct runner {
	int fd, cpu;
	const struct nf_trace *t;
	unsigned int bad;
};

static void *run_on_cpu(void *arg)
{
	struct runner *r = arg;
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(r->cpu, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		r->bad++;
	for (uint32_t i = 0; i < r->t->n; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = r->t->pkt[i],
			    .data_size_in = r->t->len[i], .repeat = 1);

		if (bpf_prog_test_run_opts(r->fd, &o) || o.retval != XDP_PASS)
			r->bad++;
	}
	return NULL;
}

struct kv_case {
	const char *name;
	uint32_t max_flows;
	unsigned int cpus;	/* CPUs running the trace at once */
};

static const struct kv_case cases[] = {
	{ "default limit", KV_MAX_FLOWS, 1 },
	{ "limit 500", 500, 1 },
	{ "2 CPUs at once", KV_MAX_FLOWS, 2 },
};

static void run_case(const struct nf_variant *v, const struct nf_trace *t, const struct kv_case *kc)
{
	struct nf_params p = { .max_flows = kc->max_flows };
	int wrapper = v->enetstl && !nft_is_kc(v);	/* nodes of the memory wrapper */
	struct kv_mem m0 = { 0 }, m1 = { 0 };
	struct bpf_object *obj = NULL;
	unsigned int n1 = 0, n2 = 0, ndel = 0;
	__u64 base[4] = { 0 };
	struct ref_kv r;
	struct kv_ctl c;
	uint64_t new1 = 0, full1 = 0, new2;

	if (kc->cpus > 1 && nf_ncpus() < (int)kc->cpus) {
		printf("SKIP: kvstore %s, %s: %d CPU(s)\n", v->name, kc->name, nf_ncpus());
		return;
	}
	if (!CHECK(!ref_init(&r, t, kc->max_flows), "out of memory"))
		goto out;
	if (wrapper)
		CHECK(!mem_read(&m0), "/sys/module/enetstl/mem_stats unreadable");
	obj = nft_load(v, &p);
	if (!obj || !CHECK(!kv_ctl_open(&c, v->enetstl, nf_obj_fd, obj), "control plane missing"))
		goto out;
	if (kc->cpus == 1) {
		nft_run_trace(obj, t);
		nft_check_stats(obj, t, NULL);
	} else {
		struct runner run[2];
		pthread_t th[2];

		for (int i = 0; i < 2; i++) {
			run[i] = (struct runner){ .fd = bpf_program__fd(nf_prog(obj)), .cpu = i, .t = t };
			CHECK(!pthread_create(&th[i], NULL, run_on_cpu, &run[i]), "thread");
		}
		for (int i = 0; i < 2; i++) {
			pthread_join(th[i], NULL);
			CHECK(!run[i].bad, "CPU %d: %u test runs failed", i, run[i].bad);
		}
	}
	ref_run(&r, t, kc->cpus);
	check_counters(obj, &r, base, "first run");
	n1 = check_table(&c, &r, t, "first run");
	new1 = r.new;
	full1 = r.full;
	if (kc->max_flows < KV_MAX_FLOWS)
		CHECK(r.full > 0 && r.stored == kc->max_flows,
		      "the limit was not reached: %u flows stored", r.stored);

	/* delete every third stored flow through the control plane, and one twice */
	for (uint32_t f = 0, k = 0; f < t->nflows; f++) {
		struct kv_state q;

		if (r.canon[f] != f || !r.f[f].stored || k++ % 3 != 1)
			continue;
		CHECK(!kv_ctl_delete(&c, &t->flows[f]), "deleting flow %u", f);
		if (!ndel++) {
			CHECK_EQ("deleting a deleted flow", kv_ctl_delete(&c, &t->flows[f]), -ENOENT);
			CHECK_EQ("querying a deleted flow", kv_ctl_query(&c, &t->flows[f], &q), -ENOENT);
		}
		memset(&r.f[f], 0, sizeof(r.f[f]));
		r.stored--;
	}
	check_table(&c, &r, t, "after deletes");
	if (kc->cpus == 1) {
		nft_run_trace(obj, t);
		ref_run(&r, t, 1);
		check_counters(obj, &r, base, "second run");
		n2 = check_table(&c, &r, t, "second run");
	}
	new2 = r.new;
	bpf_object__close(obj);
	obj = NULL;
	if (wrapper) {	/* each stored flow one node, plus the head; all freed */
		CHECK(mem_balanced(&m1), "after close: containers %lld/%lld, nodes %lld/%lld, "
		      "bytes %lld", m1.containers_created, m1.containers_freed, m1.nodes_allocated,
		      m1.nodes_freed, m1.bytes);
		CHECK_EQ("containers created", m1.containers_created - m0.containers_created, 1);
		if (kc->cpus == 1)	/* two CPUs may each make a node for one new flow */
			CHECK_EQ("nodes allocated", m1.nodes_allocated - m0.nodes_allocated,
				 1 + new1 + (n2 ? new2 : 0));
	}
	tl_result("kvstore %s, %s: %u flows (%llu new, %llu packets not stored: limit %u) as the "
		   "reference%s; %u deleted%s", v->name, kc->name, n1, (unsigned long long)new1,
		   (unsigned long long)full1, kc->max_flows,
		   !v->enetstl ? "" : wrapper ? " in key order, one node each" : " in key order",
		   ndel,
		   n2 ? ", the next run follows" : "");
	ref_free(&r);
	return;
out:
	tl_result("kvstore %s, %s", v->name, kc->name);
	if (obj)
		bpf_object__close(obj);
	ref_free(&r);
}

void nft_check_kvstore(const struct nf_variant *v, const struct nf_trace *t)
{
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(v, t, &cases[i]);
}
