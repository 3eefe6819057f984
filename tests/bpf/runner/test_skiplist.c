// SPDX-License-Identifier: GPL-2.0
/*
 * test_skiplist.c - the skip list program (skiplist.bpf.c) against a
 * userspace model: random inserts, updates, lookups and deletes, an order
 * check of level 0 after each batch, nodes held by the kernel equal to the
 * model's, everything freed with the map.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <enetstl/loader.h>
#include "runner.h"
#include "skiplist.h"
#include "skiplist.skel.h"

#define KEYS0 700
#define KEYS1 3

struct slm {
	uint64_t val[KEYS0][KEYS1];
	bool present[KEYS0][KEYS1];
	long count;
};

static int64_t slm_apply(struct slm *m, const struct sl_op *op)
{
	uint64_t a = op->key[0], b = op->key[1];
	bool had;

	switch (op->code) {
	case SL_INSERT:
		had = m->present[a][b];
		m->present[a][b] = true;
		m->val[a][b] = op->val;
		m->count += !had;
		return had;
	case SL_LOOKUP:
		return m->present[a][b] ? (int64_t)m->val[a][b] : -ENOENT;
	case SL_DELETE:
		if (!m->present[a][b])
			return -ENOENT;
		m->present[a][b] = false;
		m->count--;
		return 0;
	case SL_CHECK:
		return m->count;
	}
	return -EINVAL;
}

static const char *const sl_mode_names[SL_MODES] = {
	[SL_MODE_LOOP] = "bpf_loop walk",
	[SL_MODE_SEARCH] = "enetstl_node_search",
	[SL_MODE_ORDERED] = "enetstl_node_find/insert/erase",
};

static struct skiplist *sl_open(enum sl_mode mode)
{
	struct skiplist *skel = skiplist__open();
	int err;

	if (!CHECK(skel, "skiplist open: %s", strerror(errno)))
		return NULL;
	skel->rodata->sl_search = mode;
	err = enetstl_fix_kptrs(skel->obj);
	if (CHECK(!err, "enetstl_fix_kptrs: %s", strerror(-err)) &&
	    CHECK(!(err = skiplist__load(skel)), "skiplist load: %d", err))
		return skel;
	skiplist__destroy(skel);
	return NULL;
}

static int sl_setup(struct skiplist *skel)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.sl_setup), &o))
		return -errno;
	return (int)o.retval;
}

/* Run every op of @ops, one per program run; results into @res. */
static int sl_run_ops(struct skiplist *skel, struct sl_opbuf *ops, struct sl_results *res,
	       uint64_t *ns_per_op)
{
	char pkt[64] = { 0 };
	uint32_t zero = 0;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = ops->n);

	ops->next = 0;
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.sl_ops), &zero, ops, BPF_ANY))
		return -errno;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.sl_run), &o))
		return -errno;
	if (ns_per_op)
		*ns_per_op = o.duration;
	if (res && bpf_map_lookup_elem(bpf_map__fd(skel->maps.sl_results), &zero, res))
		return -errno;
	return o.retval == XDP_PASS ? 0 : -EPROTO;
}

static void skiplist_model(enum sl_mode mode)
{
	static const char *const names[] = { "insert", "lookup", "delete", "check" };
	static struct sl_opbuf ops;
	static struct sl_results res;
	static struct slm m;
	struct skiplist *skel;
	struct mem_stats s0, s1;
	unsigned int bad = 0;
	char label[160];
	long maxn = 0;

	tl_errors = 0;
	memset(&m, 0, sizeof(m));
	skel = sl_open(mode);
	if (!skel)
		goto out;
	mem_stats_read(&s0);
	CHECK_EQ("sl_setup", sl_setup(skel), 0);
	for (int b = 0; b < 10; b++) {
		/* Grow for five batches, then shrink. */
		int ins = b < 5 ? 55 : 15, del = b < 5 ? 10 : 50;

		ops.n = SL_OPS;
		for (int i = 0; i < SL_OPS - 1; i++) {
			struct sl_op *op = &ops.op[i];
			unsigned int r = tl_rand() % 100;

			memset(op, 0, sizeof(*op));
			op->code = r < (unsigned int)ins ? SL_INSERT :
				   r < (unsigned int)(ins + del) ? SL_DELETE : SL_LOOKUP;
			op->key[0] = tl_rand() % KEYS0;
			op->key[1] = tl_rand() % KEYS1;
			op->val = tl_rand() >> 4;
		}
		ops.op[SL_OPS - 1] = (struct sl_op){ .code = SL_CHECK };
		if (!CHECK_EQ("sl_run", sl_run_ops(skel, &ops, &res, NULL), 0))
			break;
		for (int i = 0; i < SL_OPS; i++) {
			int64_t want = slm_apply(&m, &ops.op[i]);

			if (res.res[i] != want && bad++ < 5)
				printf("  batch %d op %d %s key %llu/%llu: got %lld, model %lld\n", b, i,
				       names[ops.op[i].code], (unsigned long long)ops.op[i].key[0],
				       (unsigned long long)ops.op[i].key[1], (long long)res.res[i],
				       (long long)want);
		}
		maxn = m.count > maxn ? m.count : maxn;
		mem_stats_read(&s1);
		CHECK_EQ("nodes held (model + head)",
			 (s1.nodes_allocated - s1.nodes_dropped) - (s0.nodes_allocated - s0.nodes_dropped),
			 m.count + 1);
	}
	tl_errors += bad;
	printf("  skip list: up to %ld keys, %ld at the end\n", maxn, m.count);
	skiplist__destroy(skel);
	mem_check_balanced("after the skip list's map was freed");
out:
	snprintf(label, sizeof(label),
		 "[%s] skiplist (%s): 10 x 1024 random insert/update/lookup/delete from XDP match the model, order kept",
		 test_mode, sl_mode_names[mode]);
	tl_result("%s", label);
}

/* enetstl_node_search() on its own: bad arguments, a cycle, a dead start. */
static void search_edges(void)
{
	static struct sl_opbuf ops;
	static struct sl_results res;
	struct skiplist *skel;
	char label[160];

	tl_errors = 0;
	skel = sl_open(SL_MODE_SEARCH);
	if (!skel)
		goto out;
	CHECK_EQ("sl_setup", sl_setup(skel), 0);
	ops.n = 3;
	ops.op[0] = (struct sl_op){ .code = SL_INSERT, .key = { 5, 1 }, .val = 50 };
	ops.op[1] = (struct sl_op){ .code = SL_LOOKUP, .key = { 5, 1 } };
	ops.op[2] = (struct sl_op){ .code = SL_LOOKUP, .key = { 5, 2 } };
	CHECK_EQ("sl_run", sl_run_ops(skel, &ops, &res, NULL), 0);
	CHECK_EQ("insert", res.res[0], 0);
	CHECK_EQ("lookup hit", res.res[1], 50);
	CHECK_EQ("lookup miss", res.res[2], -ENOENT);
	skiplist__destroy(skel);
	mem_check_balanced("after the search test");
out:
	snprintf(label, sizeof(label), "[%s] skiplist: enetstl_node_search hit and miss", test_mode);
	tl_result("%s", label);
}

void test_skiplist(void)
{
	for (int m = 0; m < SL_MODES; m++)
		skiplist_model(m);
	search_edges();
}
