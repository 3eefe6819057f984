// SPDX-License-Identifier: GPL-2.0
/*
 * test_mem.c - the memory wrapper in the kernel: randomized operation
 * batches run from XDP (mem_ops.bpf.c) against a userspace model, contents
 * compared after every batch, allocation counters balanced at the end; two
 * concurrent runners on one container; cross-container handles; memory
 * limits; containers dropped while in use; maps freed with nodes alive;
 * rmmod refused while a map holds a container.
 */
#define _GNU_SOURCE	/* sched_setaffinity() */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <enetstl/loader.h>
#include <enetstl/mem.h>
#include "runner.h"
#include "mem_test.h"
#include "mem_ops.skel.h"

#define ENODATA_ 61

/* ---- counters ---- */

static int64_t stat_field(const char *buf, const char *name)
{
	const char *p = strstr(buf, name);

	return p ? strtoll(p + strlen(name) + 1, NULL, 10) : -1;
}

/* The lines of mem_stats, in the order mem.h documents. */
static const char *const stat_names[] = {
	"containers_created", "containers_freed", "nodes_allocated", "nodes_dropped",
	"nodes_freed", "nodes_reused", "lists_created", "lists_freed", "alloc_failed",
	"bytes", "destroys_pending",
};

/* Every line "name value", the documented names in order, nothing else. */
static bool stat_format_ok(const char *buf)
{
	const char *p = buf;
	char *end;

	for (size_t i = 0; i < sizeof(stat_names) / sizeof(stat_names[0]); i++) {
		size_t len = strlen(stat_names[i]);

		if (strncmp(p, stat_names[i], len) || p[len] != ' ')
			return false;
		strtoll(p + len + 1, &end, 10);
		if (end == p + len + 1 || *end != '\n')
			return false;
		p = end + 1;
	}
	return *p == '\0';
}

int mem_stats_read(struct mem_stats *s)
{
	char buf[1024];

	if (read_file("/sys/module/enetstl/mem_stats", buf, sizeof(buf)) <= 0)
		return -1;
	if (!stat_format_ok(buf))
		return -1;
	s->containers_created = stat_field(buf, "containers_created");
	s->containers_freed = stat_field(buf, "containers_freed");
	s->nodes_allocated = stat_field(buf, "nodes_allocated");
	s->nodes_dropped = stat_field(buf, "nodes_dropped");
	s->nodes_freed = stat_field(buf, "nodes_freed");
	s->nodes_reused = stat_field(buf, "nodes_reused");
	s->lists_created = stat_field(buf, "lists_created");
	s->lists_freed = stat_field(buf, "lists_freed");
	s->alloc_failed = stat_field(buf, "alloc_failed");
	s->bytes = stat_field(buf, "bytes");
	s->destroys_pending = stat_field(buf, "destroys_pending");
	return 0;
}

/* Wait (RCU callbacks) until every object and node ever made is freed. */
bool mem_stats_balanced(struct mem_stats *s)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	for (int i = 0; i < 200; i++) {
		if (!mem_stats_read(s) && s->containers_created == s->containers_freed &&
		    s->nodes_allocated == s->nodes_dropped &&
		    s->nodes_allocated == s->nodes_freed && s->lists_created == s->lists_freed &&
		    s->bytes == 0 && s->destroys_pending == 0)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

void mem_check_balanced(const char *when)
{
	struct mem_stats s;

	CHECK(mem_stats_balanced(&s),
	      "%s: counters unbalanced (or mem_stats not in the documented format): containers %lld/%lld nodes %lld/%lld/%lld lists %lld/%lld bytes %lld pending %lld",
	      when, (long long)s.containers_created, (long long)s.containers_freed,
	      (long long)s.nodes_allocated, (long long)s.nodes_dropped, (long long)s.nodes_freed,
	      (long long)s.lists_created, (long long)s.lists_freed, (long long)s.bytes,
	      (long long)s.destroys_pending);
}

/* ---- the model ---- */

#define MODEL_NODES (64 * 1024)

struct mnode {
	bool alive;
	int in;			/* slots pointing here */
	int slot[ENETSTL_MEM_SLOTS];
	uint64_t val;
};

struct model {
	struct mnode *nodes;
	int n;
	int table[MEM_TABLE];
};

static void model_init(struct model *m)
{
	m->nodes = calloc(MODEL_NODES, sizeof(*m->nodes));
	m->n = 0;
	for (int t = 0; t < MEM_TABLE; t++)
		m->table[t] = -1;
}

static void model_set_slot(struct model *m, int a, int s, int b)
{
	int old = m->nodes[a].slot[s];

	if (old >= 0)
		m->nodes[old].in--;
	if (b >= 0)
		m->nodes[b].in++;
	m->nodes[a].slot[s] = b;
}

/* Nodes the kernel must still hold: live, or linked from a live node. */
static long model_held(const struct model *m)
{
	long held = 0;

	for (int i = 0; i < m->n; i++)
		held += m->nodes[i].alive || m->nodes[i].in > 0;
	return held;
}

static int64_t model_apply(struct model *m, const struct mem_op *op)
{
	int a = m->table[op->a % MEM_TABLE], b = m->table[op->b % MEM_TABLE], t;
	int s = op->slot;

	switch (op->code) {
	case MOP_ALLOC:
		if (m->n >= MODEL_NODES)
			return -ENOMEM;
		t = m->n++;
		memset(&m->nodes[t], 0, sizeof(m->nodes[t]));
		m->nodes[t].alive = true;
		m->nodes[t].val = op->val;
		for (int i = 0; i < ENETSTL_MEM_SLOTS; i++)
			m->nodes[t].slot[i] = -1;
		m->table[op->a % MEM_TABLE] = t;
		return 0;
	case MOP_FREE:
		if (a < 0)
			return -ENOENT;
		if (m->nodes[a].in > 0)
			return -EBUSY;	/* a slot points at it: refused, nothing changes */
		for (int i = 0; i < ENETSTL_MEM_SLOTS; i++)
			model_set_slot(m, a, i, -1);
		m->nodes[a].alive = false;
		m->table[op->a % MEM_TABLE] = -1;
		return 0;
	case MOP_LINK:
		if (a < 0 || b < 0)
			return -ENOENT;
		if (s >= ENETSTL_MEM_SLOTS)
			return -EINVAL;
		model_set_slot(m, a, s, b);
		return 0;
	case MOP_UNLINK:
		if (a < 0)
			return -ENOENT;
		if (s >= ENETSTL_MEM_SLOTS)
			return -EINVAL;
		model_set_slot(m, a, s, -1);
		return 0;
	case MOP_READ:
	case MOP_READH:
		if (a < 0)
			return -ENOENT;
		if (s >= ENETSTL_MEM_SLOTS)
			return op->code == MOP_READ ? -ENODATA_ : -EINVAL;
		t = m->nodes[a].slot[s];
		if (t < 0 || (op->code == MOP_READH && !m->nodes[t].alive))
			return -ENODATA_;
		return (int64_t)m->nodes[t].val;
	case MOP_WRITE:
		if (a < 0)
			return -ENOENT;
		m->nodes[a].val = op->val;
		return 0;
	case MOP_VALUE:
		return a < 0 ? -ENOENT : (int64_t)m->nodes[a].val;
	case MOP_BIGDATA:
		return a < 0 ? -ENOENT : 0;
	}
	return -EINVAL;
}

/* Per-runner generator (runners are threads): xorshift64*. */
static uint64_t xrnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static void gen_ops(struct mem_opbuf *o, const struct model *m, int n, uint64_t *rs)
{
	/* Weighted mix: allocations into empty table rows, links, reads. */
	static const uint8_t mix[] = {
		MOP_ALLOC, MOP_ALLOC, MOP_ALLOC, MOP_FREE, MOP_LINK, MOP_LINK, MOP_LINK,
		MOP_LINK, MOP_UNLINK, MOP_READ, MOP_READ, MOP_READH, MOP_READH,
		MOP_WRITE, MOP_VALUE, MOP_BIGDATA,
	};

	o->n = n;
	for (int i = 0; i < n; i++) {
		struct mem_op *op = &o->op[i];

		memset(op, 0, sizeof(*op));
		op->code = mix[xrnd(rs) % sizeof(mix)];
		op->a = xrnd(rs) % MEM_TABLE;
		op->b = xrnd(rs) % MEM_TABLE;
		op->slot = xrnd(rs) % 20 ? xrnd(rs) % ENETSTL_MEM_SLOTS :
					   ENETSTL_MEM_SLOTS + xrnd(rs) % 4;
		op->val = xrnd(rs) >> 2;
		/* Keep the table mostly full: allocate only into empty rows. */
		if (op->code == MOP_ALLOC && m->table[op->a] >= 0)
			op->code = MOP_VALUE;
	}
}

/* Ops that read everything back: each row's value and every slot. */
static void gen_dump(struct mem_opbuf *o)
{
	int i = 0;

	for (int t = 0; t < MEM_TABLE && i + ENETSTL_MEM_SLOTS <= MEM_OPS_MAX; t++) {
		for (int s = 0; s < ENETSTL_MEM_SLOTS - 1; s++)
			o->op[i++] = (struct mem_op){ .code = s & 1 ? MOP_READH : MOP_READ,
						      .a = t, .slot = s };
		o->op[i++] = (struct mem_op){ .code = MOP_VALUE, .a = t };
	}
	o->n = i;
}

struct mem_ctx {
	struct mem_ops *skel;
	int runner;
	int root;
	struct model model;
	struct mem_opbuf ops;
	struct mem_results res;
	unsigned int errors;
	int batches;
	bool dump;
	uint64_t seed;
};

static int mem_setup(struct mem_ops *skel, int root, uint32_t payload, uint64_t max_bytes,
		     uint64_t *handle)
{
	struct mem_setup_ctx c = { .root = root, .payload = payload, .max_bytes = max_bytes };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = &c, .ctx_size_in = sizeof(c));

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mem_setup), &o))
		return -errno;
	if (handle)
		*handle = c.handle;
	return c.result;
}

static int mem_drop(struct mem_ops *skel, int root)
{
	struct mem_setup_ctx c = { .root = root };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = &c, .ctx_size_in = sizeof(c));

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mem_drop), &o))
		return -errno;
	return c.result;
}

/* Run ops[runner] on @root; results into @res. Returns operations run or -errno. */
static int mem_run_table(struct mem_ops *skel, int runner, int root, int table,
			 const struct mem_opbuf *ops, struct mem_results *res)
{
	struct mem_req req = { .runner = runner, .root = root, .table = table };
	uint32_t key = runner;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = &req, .data_size_in = sizeof(req),
		    .data_out = &req, .data_size_out = sizeof(req));

	if (bpf_map_update_elem(bpf_map__fd(skel->maps.ops), &key, ops, BPF_ANY))
		return -errno;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.mem_run), &o))
		return -errno;
	if (o.retval != XDP_PASS)
		return -EPROTO;
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.results), &key, res))
		return -errno;
	return req.done;
}

static int mem_run(struct mem_ops *skel, int runner, int root, const struct mem_opbuf *ops,
		   struct mem_results *res)
{
	return mem_run_table(skel, runner, root, runner, ops, res);
}

static const char *const op_names[] = {
	"alloc", "free", "link", "linkh", "unlink", "read", "readh", "write", "value", "bigdata",
	"search", "insert", "find", "erase", "new", "zeroed", "getc", "bigkey",
};

/* One batch: run, then compare each result with the model's. */
static unsigned int mem_batch(struct mem_ctx *x)
{
	unsigned int bad = 0;
	int done = mem_run(x->skel, x->runner, x->root, &x->ops, &x->res);

	if (done != (int)x->ops.n) {
		printf("  runner %d: batch ran %d of %u ops\n", x->runner, done, x->ops.n);
		return 1;
	}
	for (uint32_t i = 0; i < x->ops.n; i++) {
		const struct mem_op *op = &x->ops.op[i];
		int64_t want = model_apply(&x->model, op);

		if (x->res.res[i] != want && bad++ < 5)
			printf("  runner %d op %u %s a=%u b=%u slot=%u: got %lld, model %lld\n",
			       x->runner, i, op_names[op->code], op->a, op->b, op->slot,
			       (long long)x->res.res[i], (long long)want);
	}
	return bad;
}

static void *mem_thread(void *arg)
{
	struct mem_ctx *x = arg;
	for (int b = 0; b < x->batches; b++) {
		if (x->dump && b % 2)
			gen_dump(&x->ops);
		else
			gen_ops(&x->ops, &x->model, MEM_OPS_MAX, &x->seed);
		x->errors += mem_batch(x);
	}
	return NULL;
}

static struct mem_ops *mem_open(void)
{
	struct mem_ops *skel = mem_ops__open();
	int err;

	if (!CHECK(skel, "mem_ops open: %s", strerror(errno)))
		return NULL;
	err = enetstl_fix_kptrs(skel->obj);
	if (CHECK(!err, "enetstl_fix_kptrs: %s", strerror(-err)) &&
	    CHECK(!(err = mem_ops__load(skel)), "mem_ops load: %d", err))
		return skel;
	mem_ops__destroy(skel);
	return NULL;
}

static long held_nodes(void)
{
	struct mem_stats s;

	mem_stats_read(&s);
	return s.nodes_allocated - s.nodes_dropped;
}

/* Single runner: batches of random ops, each followed by a full read-back. */
static void mem_model_test(void)
{
	static struct mem_ctx x;
	struct mem_ops *skel;
	char label[160];
	long base;

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	memset(&x, 0, sizeof(x));
	x.skel = skel;
	x.seed = rnd64() | 1;
	model_init(&x.model);
	base = held_nodes();
	CHECK_EQ("mem_setup", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	for (int b = 0; b < 8; b++) {
		gen_ops(&x.ops, &x.model, MEM_OPS_MAX, &x.seed);
		test_errors += mem_batch(&x);
		gen_dump(&x.ops);
		test_errors += mem_batch(&x);
		CHECK_EQ("nodes held by the kernel vs model", held_nodes() - base,
			 model_held(&x.model));
	}
	CHECK_EQ("mem_drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the container was dropped");
	mem_ops__destroy(skel);
	free(x.model.nodes);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: 8 x (1024 random ops + full read-back) from XDP match the model; counters balance",
		 test_mode);
	test_result(label);
}

/* Two threads, one container, separate tables: each matches its own model. */
/* Batches per runner in mem_concurrent_test: every other one random, 2 x 50 x 1024 > 100k ops. */
#define CONCURRENT_BATCHES	100

/*
 * Two programs (two objects, loaded separately) on one container, from two
 * CPUs at once: the second reaches it only because the runner hands it the
 * container's handle (what a shared map would do). Each runner's nodes
 * must match its model after every batch, and the counters balance.
 */
static void mem_concurrent_test(void)
{
	static struct mem_ctx x[MEM_RUNNERS];
	struct mem_ops *skel, *second = NULL;
	pthread_t tid[MEM_RUNNERS];
	struct { uint64_t handle; void *c; } root = { 0 };
	uint32_t zero = 0;
	char label[160];
	long base;

	test_errors = 0;
	skel = mem_open();
	second = skel ? mem_open() : NULL;
	if (!second)
		goto out;
	base = held_nodes();
	CHECK_EQ("mem_setup", mem_setup(skel, 0, MEM_PAYLOAD, 0, &root.handle), 0);
	CHECK(!bpf_map_update_elem(bpf_map__fd(second->maps.roots), &zero, &root, BPF_ANY),
	      "hand the container's handle to the second object: %s", strerror(errno));
	for (int r = 0; r < MEM_RUNNERS; r++) {
		memset(&x[r], 0, sizeof(x[r]));
		x[r].skel = r ? second : skel;
		x[r].runner = r;
		x[r].batches = CONCURRENT_BATCHES;
		x[r].dump = true;
		x[r].seed = rnd64() | 1;
		model_init(&x[r].model);
	}
	for (int r = 0; r < MEM_RUNNERS; r++)
		pthread_create(&tid[r], NULL, mem_thread, &x[r]);
	for (int r = 0; r < MEM_RUNNERS; r++) {
		pthread_join(tid[r], NULL);
		CHECK_EQ("runner mismatches", x[r].errors, 0);
	}
	CHECK_EQ("nodes held vs both models", held_nodes() - base,
		 model_held(&x[0].model) + model_held(&x[1].model));
	CHECK_EQ("mem_drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the shared container was dropped");
	for (int r = 0; r < MEM_RUNNERS; r++)
		free(x[r].model.nodes);
out:
	if (second)
		mem_ops__destroy(second);
	if (skel)
		mem_ops__destroy(skel);
	snprintf(label, sizeof(label),
		 "[%s] mem: two programs on two CPUs, one container, %d x %d random ops each, match their models",
		 test_mode, CONCURRENT_BATCHES / 2, MEM_OPS_MAX);
	test_result(label);
}

static int run_one(struct mem_ops *skel, int runner, int root, struct mem_op op, int64_t *res)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	int done;

	o.n = 1;
	o.op[0] = op;
	done = mem_run(skel, runner, root, &o, &r);
	*res = r.res[0];
	return done;
}

static uint64_t table_handle(struct mem_ops *skel, int runner, int row)
{
	struct mem_table t;
	uint32_t key = runner;

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.tables), &key, &t))
		return 0;
	return t.h[row];
}

struct stress_ctx {
	struct mem_ops *skel;
	int runner, batches;
	uint64_t seed;
	unsigned int bad;
	struct model model;		/* empty: the generator's view */
	struct mem_opbuf ops;
	struct mem_results res;
};

static void *stress_thread(void *arg)
{
	struct stress_ctx *x = arg;

	for (int b = 0; b < x->batches; b++) {
		/* The model stays empty: every alloc replaces a shared row's handle. */
		gen_ops(&x->ops, &x->model, MEM_OPS_MAX, &x->seed);
		if (mem_run_table(x->skel, x->runner, 0, 0, &x->ops, &x->res) != MEM_OPS_MAX)
			x->bad++;
	}
	return NULL;
}

/*
 * Two CPUs on the same nodes (one shared table): frees, links, unlinks,
 * walks and allocations race on the same nodes. No model can predict the
 * results; what must hold is no crash, no refcount warning on the console,
 * and every node freed once the container goes.
 */
static void mem_stress_test(void)
{
	static struct stress_ctx x[MEM_RUNNERS];
	pthread_t tid[MEM_RUNNERS];
	struct mem_ops *skel;
	struct mem_stats s0, s1;
	char label[160];

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	mem_stats_read(&s0);
	CHECK_EQ("mem_setup", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	for (int r = 0; r < MEM_RUNNERS; r++) {
		memset(&x[r], 0, sizeof(x[r]));
		x[r].skel = skel;
		x[r].runner = r;
		x[r].batches = 16;
		x[r].seed = rnd64() | 1;
		model_init(&x[r].model);
	}
	for (int r = 0; r < MEM_RUNNERS; r++)
		pthread_create(&tid[r], NULL, stress_thread, &x[r]);
	for (int r = 0; r < MEM_RUNNERS; r++) {
		pthread_join(tid[r], NULL);
		CHECK_EQ("batches that did not run to the end", x[r].bad, 0);
		free(x[r].model.nodes);
	}
	mem_stats_read(&s1);
	printf("  shared-node stress: %lld nodes allocated, %lld held at the end\n",
	       (long long)(s1.nodes_allocated - s0.nodes_allocated),
	       (long long)((s1.nodes_allocated - s1.nodes_dropped) -
			   (s0.nodes_allocated - s0.nodes_dropped)));
	CHECK_EQ("mem_drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the stressed container was dropped");
	mem_ops__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: two CPUs racing on the same nodes (free/link/walk/alloc), 16 batches each: no leak, all freed",
		 test_mode);
	test_result(label);
}

/* Handles of another container, made-up handles, bad slots. */
static void mem_handles_test(void)
{
	struct mem_ops *skel;
	char label[160];
	uint64_t foreign, h;
	int64_t r;

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	CHECK_EQ("setup 0", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	CHECK_EQ("setup 1", mem_setup(skel, 1, MEM_PAYLOAD, 0, NULL), 0);
	/* runner 0 -> container 0, runner 1 -> container 1 */
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_ALLOC, .a = 0, .val = 11 }, &r);
	CHECK_EQ("alloc in container 0", r, 0);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_ALLOC, .a = 0, .val = 22 }, &r);
	CHECK_EQ("alloc in container 1", r, 0);
	foreign = table_handle(skel, 1, 0);
	h = table_handle(skel, 0, 0);
	CHECK(foreign && h && foreign != h, "handles %llx %llx", (unsigned long long)h,
	      (unsigned long long)foreign);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 1, .val = foreign }, &r);
	CHECK_EQ("link to a node of another container", r, -EXDEV);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 1, .val = h + 1000 }, &r);
	CHECK_EQ("link to a made-up node id", r, -ENOENT);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 1, .val = h }, &r);
	CHECK_EQ("link to itself", r, 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_READ, .a = 0, .slot = 1 }, &r);
	CHECK_EQ("read through the self link", r, 11);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_SEARCH, .a = 0, .slot = 1, .val = ~0ull }, &r);
	CHECK_EQ("search along a self link", r, -ELOOP);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_SEARCH, .a = 0, .slot = 0, .val = ~0ull }, &r);
	CHECK_EQ("search on an empty slot 0", r, 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_SEARCH, .a = 0, .slot = 16, .val = 1 }, &r);
	CHECK_EQ("search from slot 16", r, -EINVAL);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_SEARCH, .a = 5, .slot = 0, .val = 1 }, &r);
	CHECK_EQ("search from an empty row (handle 0)", r, -ENOENT);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 16, .val = h }, &r);
	CHECK_EQ("link slot 16", r, -EINVAL);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 255, .val = h }, &r);
	CHECK_EQ("link slot 255", r, -EINVAL);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_BIGDATA, .a = 0 }, &r);
	CHECK_EQ("data(64) on a 32-byte payload is NULL", r, 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_FREE, .a = 0 }, &r);
	CHECK_EQ("free of a node that links to itself", r, -EBUSY);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_UNLINK, .a = 0, .slot = 1 }, &r);
	CHECK_EQ("unlink the self link", r, 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_FREE, .a = 0 }, &r);
	CHECK_EQ("free", r, 0);
	{
		struct mem_op op = { .code = MOP_LINKH, .a = 1, .slot = 0, .val = h };

		/* row 1 of runner 1 is empty: looking up handle 0 fails */
		run_one(skel, 1, 1, op, &r);
		CHECK_EQ("lookup of an empty row", r, -ENOENT);
	}
	/* A mem_setup SYSCALL handle must not name a node, nor a node handle a container. */
	CHECK_EQ("drop 0", mem_drop(skel, 0), 0);
	CHECK_EQ("drop 1", mem_drop(skel, 1), 0);
	CHECK_EQ("drop again", mem_drop(skel, 1), -ENOENT);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_ALLOC, .a = 3, .val = 1 }, &r);
	CHECK_EQ("alloc in a dropped container", r, -ESRCH);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_NEW, .a = 3, .val = 1 }, &r);
	CHECK_EQ("enetstl_node_new in a dropped container", r, -ESRCH);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_VALUE, .a = 0 }, &r);
	CHECK_EQ("lookup of a node of a dropped container", r, -ENOENT);
	mem_check_balanced("after both containers were dropped");
	mem_ops__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: foreign (-EXDEV), made-up and stale handles, bad slots, oversized data refused, search cycles end (-ELOOP)",
		 test_mode);
	test_result(label);
}

/* Set row @row of table @runner to @h, as if the program had stored it. */
static int table_set(struct mem_ops *skel, int runner, int row, uint64_t h)
{
	struct mem_table t;
	uint32_t key = runner;

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.tables), &key, &t))
		return -errno;
	t.h[row] = h;
	return bpf_map_update_elem(bpf_map__fd(skel->maps.tables), &key, &t, BPF_ANY) ? -errno : 0;
}

/*
 * The ordered-list kfuncs (enetstl_node_find/insert/erase) on their own:
 * each refusal with its error, a freed-but-linked node, a cycle. Keys are
 * the nodes' 8-byte values, compared as bytes (small values order as numbers).
 */
static const struct ordered_case {
	const char *what;
	struct mem_op op;
	int64_t want;
} ordered_cases[] = {
	{ "enetstl_node_new: 40 in row 4", { .code = MOP_NEW, .a = 4, .val = 40 }, 0 },
	{ "the new node's value", { .code = MOP_VALUE, .a = 4 }, 40 },
	{ "insert 10 (3 levels)", { .code = MOP_INSERT, .a = 1, .b = 0, .slot = 3 }, 0 },
	{ "insert 20 (16 levels)", { .code = MOP_INSERT, .a = 2, .b = 0, .slot = 16 }, 0 },
	{ "insert 30 (1 level)", { .code = MOP_INSERT, .a = 3, .b = 0, .slot = 1 }, 0 },
	{ "insert 10 again: its slots are in use", { .code = MOP_INSERT, .a = 1, .b = 0, .slot = 1 }, -EBUSY },
	{ "insert a second 20", { .code = MOP_INSERT, .a = 6, .b = 0, .slot = 2 }, -EEXIST },
	{ "insert with 0 levels", { .code = MOP_INSERT, .a = 4, .b = 0, .slot = 0 }, -EINVAL },
	{ "insert with 17 levels", { .code = MOP_INSERT, .a = 4, .b = 0, .slot = 17 }, -EINVAL },
	{ "insert with a 64-byte key (32-byte payload)", { .code = MOP_INSERT, .a = 4, .b = 0, .slot = 1, .val = 64 }, -EINVAL },
	{ "insert the head into its own list", { .code = MOP_INSERT, .a = 0, .b = 0, .slot = 1 }, -EINVAL },
	{ "insert under another container's head", { .code = MOP_INSERT, .a = 4, .b = 9, .slot = 1 }, -EXDEV },
	{ "insert under a made-up head", { .code = MOP_INSERT, .a = 4, .b = 8, .slot = 1 }, -ENOENT },
	{ "find 20", { .code = MOP_FIND, .a = 0, .val = 20 }, 20 },
	{ "find 30", { .code = MOP_FIND, .a = 0, .val = 30 }, 30 },
	{ "find 25", { .code = MOP_FIND, .a = 0, .val = 25 }, -ENOENT },
	{ "find under a made-up head", { .code = MOP_FIND, .a = 8, .val = 20 }, -ENOENT },
	{ "erase 20", { .code = MOP_ERASE, .a = 0, .val = 20 }, 0 },
	{ "find 20 after its erase", { .code = MOP_FIND, .a = 0, .val = 20 }, -ENOENT },
	{ "20's handle after its erase", { .code = MOP_VALUE, .a = 2 }, -ENOENT },
	{ "erase 20 again", { .code = MOP_ERASE, .a = 0, .val = 20 }, -ENOENT },
	{ "find 30 past the erased 20", { .code = MOP_FIND, .a = 0, .val = 30 }, 30 },
	{ "find 10", { .code = MOP_FIND, .a = 0, .val = 10 }, 10 },
	{ "erase under a made-up head", { .code = MOP_ERASE, .a = 8, .val = 10 }, -ENOENT },
	{ "free 30 while linked: refused", { .code = MOP_FREE, .a = 3 }, -EBUSY },
	{ "find 30 after the refused free", { .code = MOP_FIND, .a = 0, .val = 30 }, 30 },
	{ "insert 50 behind 30", { .code = MOP_INSERT, .a = 5, .b = 0, .slot = 2 }, 0 },
	{ "find 50", { .code = MOP_FIND, .a = 0, .val = 50 }, 50 },
	{ "link 10 slot 5 to 30 (outside 30's levels)", { .code = MOP_LINK, .a = 1, .b = 3, .slot = 5 }, 0 },
	{ "erase 30 while linked from outside: refused", { .code = MOP_ERASE, .a = 0, .val = 30 }, -EBUSY },
	{ "find 30 after the refused erase", { .code = MOP_FIND, .a = 0, .val = 30 }, 30 },
	{ "unlink 10 slot 5", { .code = MOP_UNLINK, .a = 1, .slot = 5 }, 0 },
	{ "erase 30", { .code = MOP_ERASE, .a = 0, .val = 30 }, 0 },
	{ "find 50 past the erased 30", { .code = MOP_FIND, .a = 0, .val = 50 }, 50 },
	{ "free 10 while the head links to it: refused", { .code = MOP_FREE, .a = 1 }, -EBUSY },
	{ "find 10", { .code = MOP_FIND, .a = 0, .val = 10 }, 10 },
	{ "free the new 40 (never linked)", { .code = MOP_FREE, .a = 4 }, 0 },
	{ "link 50 back to 10: a cycle", { .code = MOP_LINK, .a = 5, .b = 1, .slot = 0 }, 0 },
	{ "find 60 around the cycle", { .code = MOP_FIND, .a = 0, .val = 60 }, -ENOENT },
	{ "erase 60 around the cycle", { .code = MOP_ERASE, .a = 0, .val = 60 }, -ELOOP },
	{ "insert 60 around the cycle", { .code = MOP_INSERT, .a = 7, .b = 0, .slot = 1 }, -ELOOP },
};

static void mem_ordered_test(void)
{
	static const uint64_t vals[8] = { 0, 10, 20, 30, 40, 50, 20, 60 };
	struct mem_ops *skel;
	uint64_t foreign;
	char label[160];
	int64_t r;

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	CHECK_EQ("setup 0", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	CHECK_EQ("setup 1", mem_setup(skel, 1, MEM_PAYLOAD, 0, NULL), 0);
	for (int i = 0; i < 8; i++) {
		run_one(skel, 0, 0, (struct mem_op){ .code = MOP_ALLOC, .a = i, .val = vals[i] }, &r);
		CHECK_EQ("alloc", r, 0);
	}
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_ALLOC, .a = 0, .val = 0 }, &r);
	CHECK_EQ("alloc in container 1", r, 0);
	foreign = table_handle(skel, 1, 0);
	CHECK_EQ("row 8: a made-up handle", table_set(skel, 0, 8, table_handle(skel, 0, 0) + 1000), 0);
	CHECK_EQ("row 9: container 1's node", table_set(skel, 0, 9, foreign), 0);
	for (size_t i = 0; i < sizeof(ordered_cases) / sizeof(ordered_cases[0]); i++) {
		const struct ordered_case *c = &ordered_cases[i];

		run_one(skel, 0, 0, c->op, &r);
		CHECK_EQ(c->what, r, c->want);
	}
	CHECK_EQ("drop 0", mem_drop(skel, 0), 0);
	CHECK_EQ("drop 1", mem_drop(skel, 1), 0);
	mem_check_balanced("after the ordered-list containers were dropped");
	mem_ops__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: ordered lists: find/insert/erase, %zu cases (-EEXIST, -EBUSY for linked nodes and busy slots, -EXDEV, -ELOOP, bad sizes)",
		 test_mode, sizeof(ordered_cases) / sizeof(ordered_cases[0]));
	test_result(label);
}

/*
 * Ordered lists from two CPUs at once: both runners insert, erase and find
 * in one list (one head), each its own keys (runner r owns the keys with
 * k % 2 == r), so each runner's model predicts its results exactly, except
 * that a find may miss while the other CPU erases a node on its path (the
 * documented race; counted, not failed). Inserts and erases are exact.
 * Afterwards every key is found as its model says, and the nodes held are
 * the head plus both models' keys.
 */
#define OC_KEYS		64	/* keys per runner */
#define OC_OPS		512	/* ops per batch (an insert takes two: new, insert) */
#define OC_BATCHES	8

struct ordered_ctx {
	struct mem_ops *skel;
	int runner;
	bool present[OC_KEYS];
	uint64_t seed;
	unsigned int errors, misses, finds;
	struct mem_opbuf ops;
	struct mem_results res;
	int64_t want[MEM_OPS_MAX];
};

static uint64_t oc_key(int runner, int i)
{
	return 2 * (uint64_t)(i + 1) + runner;	/* never 0: the head's value */
}

static void oc_gen(struct ordered_ctx *x)
{
	uint32_t n = 0;

	while (n + 2 <= OC_OPS) {
		int i = xrnd(&x->seed) % OC_KEYS, r = xrnd(&x->seed) % 10;
		uint64_t k = oc_key(x->runner, i);
		uint8_t row = 1 + n % (MEM_TABLE - 1);

		if (x->present[i] && r < 5) {
			x->ops.op[n] = (struct mem_op){ .code = MOP_ERASE, .a = 0, .val = k };
			x->want[n++] = 0;
			x->present[i] = false;
		} else if (!x->present[i] && r < 7) {
			x->ops.op[n] = (struct mem_op){ .code = MOP_NEW, .a = row, .val = k };
			x->want[n++] = 0;
			x->ops.op[n] = (struct mem_op){ .code = MOP_INSERT, .a = row, .b = 0,
							.slot = 1 + xrnd(&x->seed) % 16 };
			x->want[n++] = 0;
			x->present[i] = true;
		} else {
			x->ops.op[n] = (struct mem_op){ .code = MOP_FIND, .a = 0, .val = k };
			x->want[n++] = x->present[i] ? (int64_t)k : -ENOENT;
		}
	}
	x->ops.n = n;
}

static void *ordered_thread(void *arg)
{
	struct ordered_ctx *x = arg;

	for (int b = 0; b < OC_BATCHES; b++) {
		oc_gen(x);
		if (mem_run_table(x->skel, x->runner, 0, x->runner, &x->ops, &x->res) !=
		    (int)x->ops.n) {
			x->errors++;
			continue;
		}
		for (uint32_t i = 0; i < x->ops.n; i++) {
			int64_t got = x->res.res[i];

			if (x->ops.op[i].code == MOP_FIND) {
				x->finds++;
				if (got == -ENOENT && x->want[i] > 0) {
					x->misses++;	/* raced with an erase on its path */
					continue;
				}
			}
			if (got != x->want[i] && x->errors++ < 5)
				printf("  runner %d batch %d op %u %s key %llu: got %lld, want %lld\n",
				       x->runner, b, i, op_names[x->ops.op[i].code],
				       (unsigned long long)x->ops.op[i].val, (long long)got,
				       (long long)x->want[i]);
		}
	}
	return NULL;
}

static void mem_ordered_concurrent_test(void)
{
	static struct ordered_ctx x[MEM_RUNNERS];
	pthread_t tid[MEM_RUNNERS];
	struct mem_ops *skel;
	char label[200];
	long base, held = 1;
	int64_t r;

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	base = held_nodes();
	CHECK_EQ("mem_setup", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_NEW, .a = 0, .val = 0 }, &r);
	CHECK_EQ("the head", r, 0);
	CHECK_EQ("runner 1 shares the head", table_set(skel, 1, 0, table_handle(skel, 0, 0)), 0);
	for (int i = 0; i < MEM_RUNNERS; i++) {
		memset(&x[i], 0, sizeof(x[i]));
		x[i].skel = skel;
		x[i].runner = i;
		x[i].seed = rnd64() | 1;
	}
	for (int i = 0; i < MEM_RUNNERS; i++)
		pthread_create(&tid[i], NULL, ordered_thread, &x[i]);
	for (int i = 0; i < MEM_RUNNERS; i++) {
		pthread_join(tid[i], NULL);
		CHECK_EQ("insert/erase/find results against the runner's model", x[i].errors, 0);
		printf("  runner %d: %u finds, %u missed during a concurrent erase\n", i,
		       x[i].finds, x[i].misses);
	}
	/* Quiet now: every key as its model says. */
	for (int i = 0; i < MEM_RUNNERS; i++) {
		for (int k = 0; k < OC_KEYS; k++) {
			int64_t want = x[i].present[k] ? (int64_t)oc_key(i, k) : -ENOENT;

			run_one(skel, 0, 0, (struct mem_op){ .code = MOP_FIND, .a = 0,
							     .val = oc_key(i, k) }, &r);
			if (r != want && test_errors++ < 5)
				printf("  key %llu: got %lld, want %lld\n",
				       (unsigned long long)oc_key(i, k), (long long)r, (long long)want);
			held += x[i].present[k];
		}
	}
	CHECK_EQ("nodes held: the head and both models' keys", held_nodes() - base, held);
	CHECK_EQ("mem_drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the shared list's container was dropped");
	mem_ops__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: ordered list, two CPUs inserting/erasing/finding at once, %d x %d ops each: exact, all freed",
		 test_mode, OC_BATCHES, OC_OPS);
	test_result(label);
}

static int set_limit_kb(const char *v)
{
	FILE *f = fopen("/sys/module/enetstl/parameters/mem_limit_kb", "w");
	int err;

	if (!f)
		return -errno;
	err = fputs(v, f) < 0 ? -EIO : 0;
	return fclose(f) ? -errno : err;
}

/* Per-container and module-wide limits: graceful NULL, nothing lost. */
static void mem_limit_test(void)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	struct mem_ops *skel;
	struct mem_stats s0, s1;
	char label[160], old[32] = "";
	int ok = 0, failed = 0;

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	mem_stats_read(&s0);
	/* Room for a handful of nodes (each is a few hundred bytes). */
	CHECK_EQ("setup", mem_setup(skel, 2, MEM_PAYLOAD, 2048, NULL), 0);
	o.n = MEM_TABLE;
	for (int i = 0; i < MEM_TABLE; i++)
		o.op[i] = (struct mem_op){ .code = MOP_ALLOC, .a = i, .val = 1000 + i };
	CHECK_EQ("ops run", mem_run(skel, 0, 2, &o, &r), MEM_TABLE);
	for (int i = 0; i < MEM_TABLE; i++) {
		if (r.res[i] == 0)
			ok++;
		else if (CHECK_EQ("alloc result", r.res[i], -ENOMEM))
			failed++;
	}
	CHECK(ok >= 4 && ok <= 16 && failed == MEM_TABLE - ok,
	      "with a 2048-byte limit: %d allocations succeeded, %d failed", ok, failed);
	mem_stats_read(&s1);
	CHECK_EQ("alloc_failed counter", s1.alloc_failed - s0.alloc_failed, failed);
	for (int i = 0; i < MEM_TABLE; i++)
		o.op[i] = (struct mem_op){ .code = MOP_VALUE, .a = i };
	mem_run(skel, 0, 2, &o, &r);
	for (int i = 0; i < MEM_TABLE; i++)
		CHECK_EQ("stored value", r.res[i], i < ok ? 1000 + i : -ENOENT);
	printf("  container limit 2048 bytes: %d nodes stored, %d refused\n", ok, failed);

	/* Module-wide: a 1 KiB limit refuses the next node of any container. */
	read_file("/sys/module/enetstl/parameters/mem_limit_kb", old, sizeof(old));
	CHECK_EQ("setup unlimited", mem_setup(skel, 3, MEM_PAYLOAD, 0, NULL), 0);
	if (CHECK_EQ("set mem_limit_kb=1", set_limit_kb("1"), 0)) {
		o.n = 1;
		o.op[0] = (struct mem_op){ .code = MOP_ALLOC, .a = 0, .val = 5 };
		mem_run(skel, 1, 3, &o, &r);
		CHECK_EQ("alloc over the module limit", r.res[0], -ENOMEM);
		CHECK_EQ("restore mem_limit_kb", set_limit_kb(old), 0);
		mem_run(skel, 1, 3, &o, &r);
		CHECK_EQ("alloc after restoring the limit", r.res[0], 0);
	}
	mem_ops__destroy(skel);	/* map freed with nodes alive */
	mem_check_balanced("after the map holding both containers was freed");
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: container and module memory limits give NULL, stored nodes intact; map freed with nodes: all freed",
		 test_mode);
	test_result(label);
}

struct walker {
	struct mem_ops *skel;
	volatile bool stop;
	int runs, gone;
	unsigned int bad;
};

static void *walk_thread(void *arg)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	struct walker *w = arg;

	o.n = MEM_OPS_MAX;
	for (int i = 0; i < MEM_OPS_MAX; i++)
		o.op[i] = (struct mem_op){ .code = MOP_READ, .a = i % 32, .slot = 0 };
	while (!w->stop) {
		if (mem_run(w->skel, 1, 0, &o, &r) != MEM_OPS_MAX) {
			w->bad++;
			break;
		}
		w->runs++;
		for (int i = 0; i < MEM_OPS_MAX; i++) {
			/* Dropped between lookup and walk: slots already emptied. */
			if (r.res[i] == -ENODATA_)
				continue;
			if (r.res[i] == -ENOENT) {
				w->gone++;
				w->stop = true;
				break;
			}
			if (r.res[i] != (int64_t)((i + 1) % 32) && w->bad++ < 3)
				printf("  walker: op %d got %lld\n", i, (long long)r.res[i]);
		}
	}
	return NULL;
}

/*
 * A container dropped (map entry deleted) while another CPU walks it: the
 * walker's references keep what it holds alive, then it sees -ENOENT.
 */
static void mem_drop_walk_test(void)
{
	struct mem_ops *skel;
	struct walker w = { 0 };
	static struct mem_opbuf o;
	static struct mem_results r;
	uint32_t key = 1;
	struct mem_table t;
	pthread_t tid;
	char label[160];
	int i;

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	CHECK_EQ("setup", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	/* A ring of 32 nodes, node i -> i + 1, values i; rows in runner 1's table. */
	o.n = 0;
	for (i = 0; i < 32; i++)
		o.op[o.n++] = (struct mem_op){ .code = MOP_ALLOC, .a = i, .val = i };
	for (i = 0; i < 32; i++)
		o.op[o.n++] = (struct mem_op){ .code = MOP_LINK, .a = i, .b = (i + 1) % 32 };
	CHECK_EQ("ring built", mem_run(skel, 1, 0, &o, &r), 64);
	for (i = 0; i < 64; i++)
		CHECK_EQ("ring op", r.res[i], 0);
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.tables), &key, &t);
	w.skel = skel;
	pthread_create(&tid, NULL, walk_thread, &w);
	while (w.runs < 2 && !w.stop)
		usleep(1000);
	CHECK_EQ("drop while walking", mem_drop(skel, 0), 0);
	for (i = 0; i < 5000 && !w.stop; i++)
		usleep(1000);
	w.stop = true;
	pthread_join(tid, NULL);
	CHECK_EQ("walker errors", w.bad, 0);
	CHECK(w.gone, "the walker never saw the container go");
	printf("  walker: %d full runs before the drop, then -ENOENT\n", w.runs);
	mem_check_balanced("after the walked container was dropped");
	mem_ops__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: container dropped while another CPU walks it: no crash, walker sees it go, all freed",
		 test_mode);
	test_result(label);
}

/* Run the calling thread on @cpu only; false if it cannot. */
static bool pin_to(int cpu)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	return !sched_setaffinity(0, sizeof(one), &one);
}

/*
 * Freed nodes come back: after an RCU grace period a container serves its
 * next allocations with the memory of its freed nodes, emptied as a new
 * node is (payload zero, slots empty), also on another CPU than the one
 * that freed them.
 */
static void mem_reuse_test(void)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	const int nodes = 16;
	struct mem_stats s0, s1;
	int i, s, alloc_cpu = sysconf(_SC_NPROCESSORS_ONLN) > 1;
	struct mem_ops *skel;
	char label[200];
	cpu_set_t old;
	bool have_old;

	test_errors = 0;
	have_old = !sched_getaffinity(0, sizeof(old), &old);
	CHECK(have_old && pin_to(0), "pin to CPU 0: %s", strerror(errno));
	skel = mem_open();
	if (!skel)
		goto out;
	CHECK_EQ("setup", mem_setup(skel, 2, MEM_PAYLOAD, 0, NULL), 0);
	mem_stats_read(&s0);
	/*
	 * Nodes with values, a chain linked on every slot, then freed from its
	 * start (each free unlinks the next node, so the next free is allowed).
	 */
	o.n = 0;
	for (i = 0; i < nodes; i++)
		o.op[o.n++] = (struct mem_op){ .code = MOP_ALLOC, .a = i, .val = ~0ull - i };
	for (i = 0; i + 1 < nodes; i++)
		for (s = 0; s < ENETSTL_MEM_SLOTS; s++)
			o.op[o.n++] = (struct mem_op){ .code = MOP_LINK, .a = i,
						       .b = i + 1, .slot = s };
	for (i = 0; i < nodes; i++)
		o.op[o.n++] = (struct mem_op){ .code = MOP_FREE, .a = i };
	CHECK_EQ("ops run", mem_run(skel, 0, 2, &o, &r), o.n);
	for (i = 0; i < (int)o.n; i++)
		CHECK_EQ("alloc, link and free results", r.res[i], 0);
	for (i = 0; i < 200; i++) {
		if (!mem_stats_read(&s1) && s1.nodes_freed - s0.nodes_freed == nodes)
			break;
		nanosleep(&ts, NULL);
	}
	CHECK_EQ("nodes freed after a grace period", s1.nodes_freed - s0.nodes_freed, nodes);
	CHECK(pin_to(alloc_cpu), "pin to CPU %d: %s", alloc_cpu, strerror(errno));
	o.n = nodes;
	for (i = 0; i < nodes; i++)
		o.op[i] = (struct mem_op){ .code = MOP_ZEROED };
	CHECK_EQ("ops run", mem_run(skel, 0, 2, &o, &r), nodes);
	for (i = 0; i < nodes; i++)
		CHECK_EQ("a new node from freed memory: payload zero, slots empty", r.res[i], 0);
	mem_stats_read(&s1);
	CHECK_EQ("allocations served by freed nodes (nodes_reused)",
		 s1.nodes_reused - s0.nodes_reused, nodes);
	mem_ops__destroy(skel);
	mem_check_balanced("after the container keeping freed nodes was freed");
out:
	if (have_old)
		sched_setaffinity(0, sizeof(old), &old);
	snprintf(label, sizeof(label),
		 "[%s] mem: nodes freed on CPU 0 serve the next allocations on CPU %d, emptied; freed with their container",
		 test_mode, alloc_cpu);
	test_result(label);
}

/* A map holding a container pins the module. */
static void mem_pin_test(void)
{
	struct mem_ops *skel;
	char label[160];
	int err;

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	CHECK_EQ("setup", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	/* Programs gone, only the map (through its fd) holds the container. */
	{
		int map_fd = dup(bpf_map__fd(skel->maps.roots));

		mem_ops__destroy(skel);
		skel = NULL;
		err = mod_unload("enetstl", 300);
		CHECK(err == -EWOULDBLOCK || err == -EBUSY,
		      "rmmod while a map holds a container: %d (%s), want EBUSY", err, strerror(-err));
		CHECK(path_exists("/sys/kernel/btf/enetstl"), "module gone");
		close(map_fd);
	}
	mem_check_balanced("after the last map reference was closed");
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: rmmod refused while only a map holds a container; closing it frees everything",
		 test_mode);
	test_result(label);
}

/* ---- isolation, bounded calls, honest charges ---- */

#define ISO_NODES	32
#define ISO_VALUE	0x7e570000ull

/*
 * Probe @n node handles from @att (an object sharing no map with the
 * victim): a lookup, an erase and a search per handle. Returns how many
 * probes did anything but fail with -ENOENT.
 */
static int iso_probe_nodes(struct mem_ops *att, const uint64_t *guess, int n, bool report)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	int hits = 0;

	for (int base = 0; base < n; base += MEM_TABLE) {
		int k = n - base < MEM_TABLE ? n - base : MEM_TABLE;

		o.n = 0;
		for (int i = 0; i < k; i++) {
			table_set(att, 0, i, guess[base + i]);
			o.op[o.n++] = (struct mem_op){ .code = MOP_VALUE, .a = i };
			o.op[o.n++] = (struct mem_op){ .code = MOP_ERASE, .a = i,
						       .val = ISO_VALUE + i };
			o.op[o.n++] = (struct mem_op){ .code = MOP_SEARCH, .a = i };
		}
		if (!CHECK_EQ("probe batch", mem_run(att, 0, 0, &o, &r), (int)o.n))
			return -1;
		for (unsigned int i = 0; i < o.n; i++)
			if (r.res[i] != -ENOENT) {
				if (report && hits < 3)
					printf("#   probe %s of %#llx: %lld\n", op_names[o.op[i].code],
					       (unsigned long long)guess[base + i / 3],
					       (long long)r.res[i]);
				hits++;
			}
	}
	return hits;
}

/* Probe @n container handles with enetstl_mem_get(); returns the hits. */
static int iso_probe_containers(struct mem_ops *att, const uint64_t *guess, int n)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	int hits = 0;

	for (int base = 0; base < n; base += MEM_OPS_MAX) {
		o.n = n - base < MEM_OPS_MAX ? n - base : MEM_OPS_MAX;
		for (unsigned int i = 0; i < o.n; i++)
			o.op[i] = (struct mem_op){ .code = MOP_GETC, .val = guess[base + i] };
		if (!CHECK_EQ("probe batch", mem_run(att, 0, 0, &o, &r), (int)o.n))
			return -1;
		for (unsigned int i = 0; i < o.n; i++)
			hits += r.res[i] != -ESRCH;
	}
	return hits;
}

/*
 * One program must not reach another's objects: a second object (its own
 * maps, as another user's program would have) guesses handles the way
 * the old registry made them (slot and generation), near misses of the
 * real ones (every bit flipped), and random ones. No guess may find,
 * change or erase anything; the victim's nodes read back unchanged. The
 * real handle, handed over, works: the probes would see a hit.
 */
static void mem_isolation_test(void)
{
	uint64_t vh[ISO_NODES], vc = 0, ac = 0, seed = 0x150a7e;
	struct mem_ops *victim = NULL, *att = NULL;
	static uint64_t guess[8192];
	static struct mem_opbuf o;
	static struct mem_results r;
	int n = 0, hits;
	char label[200];

	test_errors = 0;
	victim = mem_open();
	att = victim ? mem_open() : NULL;
	if (!att)
		goto out;
	CHECK_EQ("victim setup", mem_setup(victim, 0, MEM_PAYLOAD, 0, &vc), 0);
	CHECK_EQ("attacker setup", mem_setup(att, 0, MEM_PAYLOAD, 0, &ac), 0);
	o.n = ISO_NODES;
	for (int i = 0; i < ISO_NODES; i++)
		o.op[i] = (struct mem_op){ .code = MOP_ALLOC, .a = i, .val = ISO_VALUE + i };
	CHECK_EQ("victim allocs", mem_run(victim, 0, 0, &o, &r), ISO_NODES);
	for (int i = 0; i < ISO_NODES; i++) {
		vh[i] = table_handle(victim, 0, i);
		CHECK(vh[i] && (int64_t)vh[i] > 0, "node handle %d: %#llx, want positive",
		      i, (unsigned long long)vh[i]);
	}
	CHECK(vc && (int64_t)vc > 0 && vc != ac, "container handles %#llx %#llx",
	      (unsigned long long)vc, (unsigned long long)ac);

	/* Nodes: the old registry's ids, bit flips of the real ones, random. */
	for (uint64_t slot = 1; slot <= 256; slot++)
		guess[n++] = ((1ull << 14 | slot) << 32) | 1;
	for (uint64_t slot = 1; slot <= 64; slot++)
		for (uint64_t idx = 0; idx < 8; idx++)
			guess[n++] = (slot << 32) | idx;
	for (int i = 0; i < 4; i++)
		for (int b = 0; b < 64; b++)
			guess[n++] = vh[i] ^ (1ull << b);
	while (n < 4096)
		guess[n++] = xrnd(&seed) >> 1;
	hits = iso_probe_nodes(att, guess, n, true);
	CHECK_EQ("node probes that reached the victim", hits, 0);

	/* Containers: the old ids (slot, generation << 14 | slot), bit flips, random. */
	n = 0;
	for (uint64_t slot = 0; slot < 1024; slot++)
		guess[n++] = slot;
	for (uint64_t gen = 1; gen < 4; gen++)
		for (uint64_t slot = 1; slot < 1024; slot++)
			guess[n++] = gen << 14 | slot;
	for (int b = 0; b < 64; b++)
		guess[n++] = vc ^ (1ull << b);
	guess[n++] = vc & 0x3fff;
	while (n < 8192)
		guess[n++] = (xrnd(&seed) >> 1 & ~0x3fffull) | (vc & 0x3fff);
	hits = iso_probe_containers(att, guess, n);
	CHECK_EQ("container probes that reached the victim", hits, 0);

	/* The victim's nodes are all there, unchanged. */
	o.n = ISO_NODES;
	for (int i = 0; i < ISO_NODES; i++)
		o.op[i] = (struct mem_op){ .code = MOP_VALUE, .a = i };
	CHECK_EQ("victim reads", mem_run(victim, 0, 0, &o, &r), ISO_NODES);
	for (int i = 0; i < ISO_NODES; i++)
		CHECK_EQ("victim value", r.res[i], (int64_t)(ISO_VALUE + i));

	/* Handed over, a handle is a capability: the same probes find it (lookup, search). */
	CHECK_EQ("probe with the real node handle", iso_probe_nodes(att, vh, 1, false), 2);
	CHECK_EQ("probe with the real container handle", iso_probe_containers(att, &vc, 1), 1);
	/* ... and the attacker's own nodes cannot link into the victim's container. */
	{
		int64_t res;

		run_one(att, 1, 0, (struct mem_op){ .code = MOP_ALLOC, .a = 0, .val = 1 }, &res);
		CHECK_EQ("attacker alloc", res, 0);
		run_one(att, 1, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .val = vh[1] }, &res);
		CHECK_EQ("link to the victim's node", res, -EXDEV);
	}
	CHECK_EQ("victim drop", mem_drop(victim, 0), 0);
	CHECK_EQ("attacker drop", mem_drop(att, 0), 0);
	mem_check_balanced("after the isolation probes");
out:
	if (att)
		mem_ops__destroy(att);
	if (victim)
		mem_ops__destroy(victim);
	snprintf(label, sizeof(label),
		 "[%s] mem: another object's 4096 node and 8192 container handle guesses (old ids, bit flips, random) reach nothing",
		 test_mode);
	test_result(label);
}

/*
 * How long one budgeted call may take in the guest (TCG, several times
 * slower than the hardware): the median of BIG_CALL_REPS calls, so that
 * the host descheduling the guest's vCPU does not count as our work.
 */
#define BIG_CALL_US_MAX	1000
#define BIG_CALL_REPS	5

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Work per call is bounded whatever the arguments: the issue's
 * reproducer (a cycle the descent never leaves, keys equal up to their
 * last byte) with the longest key allowed, every descent timed. It took
 * 1.5 s with IRQs off before the budget counted bytes compared.
 */
static void mem_bounded_test(void)
{
	static const struct { uint8_t slot; const char *call; int64_t want; } calls[] = {
		{ 0, "erase", -ELOOP }, { 1, "find", -ENOENT }, { 2, "search", -ELOOP },
	};
	uint64_t ns[BIG_CALL_REPS], worst = 0, median_worst = 0;
	struct mem_ops *skel;
	char label[200];
	int64_t res;

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	CHECK_EQ("setup", mem_setup(skel, 0, MEM_BIGKEY, 0, NULL), 0);
	/* head 0 -> 1 -> 2 -> 1 on slot 0; all keys zero */
	for (int i = 0; i < 3; i++) {
		run_one(skel, 0, 0, (struct mem_op){ .code = MOP_ALLOC, .a = i }, &res);
		CHECK_EQ("alloc", res, 0);
	}
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINK, .a = 0, .b = 1 }, &res);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINK, .a = 1, .b = 2 }, &res);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINK, .a = 2, .b = 1 }, &res);
	CHECK_EQ("cycle", res, 0);
	for (size_t c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
		for (int rep = 0; rep < BIG_CALL_REPS; rep++) {
			run_one(skel, 0, 0, (struct mem_op){ .code = MOP_BIGKEY, .slot = calls[c].slot,
				.val = ENETSTL_MEM_KEY_MAX }, &res);
			CHECK(res == calls[c].want, "%s with a %d-byte key in a cycle: %lld, want %lld",
			      calls[c].call, ENETSTL_MEM_KEY_MAX, (long long)res,
			      (long long)calls[c].want);
			ns[rep] = skel->bss->bigkey_ns;
			if (ns[rep] > worst)
				worst = ns[rep];
		}
		qsort(ns, BIG_CALL_REPS, sizeof(ns[0]), cmp_u64);
		printf("# %s, %d-byte key in a cycle (%u moves): median %.3f ms\n", calls[c].call,
		       ENETSTL_MEM_KEY_MAX, ENETSTL_MEM_WALK_MOVES(ENETSTL_MEM_KEY_MAX),
		       ns[BIG_CALL_REPS / 2] / 1e6);
		CHECK(ns[BIG_CALL_REPS / 2] && ns[BIG_CALL_REPS / 2] < BIG_CALL_US_MAX * 1000ull,
		      "%s: median %llu ns, bound %d us", calls[c].call,
		      (unsigned long long)ns[BIG_CALL_REPS / 2], BIG_CALL_US_MAX);
		if (ns[BIG_CALL_REPS / 2] > median_worst)
			median_worst = ns[BIG_CALL_REPS / 2];
		run_one(skel, 0, 0, (struct mem_op){ .code = MOP_BIGKEY, .slot = calls[c].slot,
			.val = ENETSTL_MEM_KEY_MAX + 8 }, &res);
		CHECK(res == (calls[c].slot == 1 ? -ENOENT : -EINVAL),
		      "%s with a key above ENETSTL_MEM_KEY_MAX: %lld", calls[c].call, (long long)res);
	}
	printf("# longest single call: %.3f ms (host noise included)\n", worst / 1e6);
	CHECK_EQ("drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the bounded calls");
	mem_ops__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: erase, find, search with %d-byte keys in a cycle end (-ELOOP), median under %d us (worst median %.0f us); longer keys refused",
		 test_mode, ENETSTL_MEM_KEY_MAX, BIG_CALL_US_MAX, median_worst / 1e3);
	test_result(label);
}

/*
 * Bytes of enetstl_node_<size> objects in use per /proc/slabinfo
 * (active_objs * objsize), -1 if absent.
 */
static long long slab_bytes(unsigned int size)
{
	char name[32], line[512];
	long long bytes = -1;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return -1;
	snprintf(name, sizeof(name), "enetstl_node_%u ", size);
	while (fgets(line, sizeof(line), f)) {
		long long active, num, objsize;

		if (!strncmp(line, name, strlen(name)) &&
		    sscanf(line + strlen(name), "%lld %lld %lld", &active, &num, &objsize) == 3)
			bytes = active * objsize;
	}
	fclose(f);
	return bytes;
}

/* @n new nodes in @skel's container 0, named (values i, rows i % MEM_TABLE). */
static void alloc_named_nodes(struct mem_ops *skel, int n)
{
	static struct mem_opbuf o;
	static struct mem_results r;

	for (int done = 0; done < n; done += o.n) {
		o.n = n - done < MEM_OPS_MAX ? n - done : MEM_OPS_MAX;
		for (unsigned int i = 0; i < o.n; i++)
			o.op[i] = (struct mem_op){ .code = MOP_ALLOC, .a = i % MEM_TABLE,
						   .val = done + i };
		CHECK_EQ("allocs", mem_run(skel, 0, 0, &o, &r), (int)o.n);
	}
}

#define CHARGE_NODES	2048
#define CHARGE_PAYLOAD	4000	/* 176 + 4000 -> the 8192-byte cache */

/*
 * What is charged is what the slab gives: a node of a 4000-byte payload
 * is 8192 bytes of slab (the old accounting charged 4176), its handle 24
 * more, exactly as mem.h says; and the slab cache grows by as much
 * (within 10%: slabs are allocated whole).
 */
static void mem_charge_test(void)
{
	struct mem_stats s0, s1;
	long long slab0, slab1;
	struct mem_ops *skel;
	char label[200];

	test_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	CHECK_EQ("setup", mem_setup(skel, 0, CHARGE_PAYLOAD, 0, NULL), 0);
	slab0 = slab_bytes(8192);
	CHECK(!mem_stats_read(&s0), "mem_stats");
	alloc_named_nodes(skel, CHARGE_NODES);
	CHECK(!mem_stats_read(&s1), "mem_stats");
	slab1 = slab_bytes(8192);
	CHECK_EQ("bytes charged for the nodes and their handles", s1.bytes - s0.bytes,
		 (int64_t)CHARGE_NODES * (8192 + 24));
	if (slab0 < 0 || slab1 < 0) {
		printf("# /proc/slabinfo has no enetstl_node_8192 line: slab growth not compared\n");
	} else {
		long long grew = slab1 - slab0, want = (long long)CHARGE_NODES * 8192;

		printf("# slab enetstl_node_8192 grew %lld KiB for %lld KiB of nodes charged\n",
		       grew / 1024, want / 1024);
		CHECK(grew > want * 9 / 10 && grew < want * 11 / 10,
		      "slab grew %lld bytes, nodes charged %lld", grew, want);
	}
	CHECK_EQ("drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the charged nodes");
	mem_ops__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: %d nodes of %d-byte payloads charge 8192 + 24 bytes each, as the slab grows",
		 test_mode, CHARGE_NODES, CHARGE_PAYLOAD);
	test_result(label);
}

/* ---- memory cgroups ---- */

#define CG_ROOT		"/tmp/enetstl-cg"
#define CG_NODES	1024

static int cg_write(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f)
		return -errno;
	if (fputs(val, f) < 0)
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

static long long cg_current(const char *cg)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), CG_ROOT "/%s/memory.current", cg);
	return read_file(path, buf, sizeof(buf)) > 0 ? strtoll(buf, NULL, 10) : -1;
}

static int cg_enter(const char *cg)
{
	char path[128], pid[32];

	snprintf(path, sizeof(path), CG_ROOT "%s%s/cgroup.procs", *cg ? "/" : "", cg);
	snprintf(pid, sizeof(pid), "%d", getpid());
	return cg_write(path, pid);
}

/*
 * Node memory goes to the memory cgroup of the task that created the
 * container, whoever allocates: the runner creates the container in
 * cgroup "creator", moves to "other", and allocates 1024 nodes there
 * (8 MiB of slab): "creator" must grow by about that, "other" must not.
 */
static void mem_memcg_test(void)
{
	const char *skip = NULL;
	long long c0, c1, o0, o1, want = (long long)CG_NODES * 8192;
	struct mem_ops *skel = NULL;
	bool mounted = false;
	char label[200];

	test_errors = 0;
	mkdir(CG_ROOT, 0755);
	if (mount("none", CG_ROOT, "cgroup2", 0, NULL)) {
		skip = "cgroup2 cannot be mounted in this guest";
		goto out;
	}
	mounted = true;
	if (cg_write(CG_ROOT "/cgroup.subtree_control", "+memory")) {
		skip = "the memory controller is not available";
		goto out;
	}
	mkdir(CG_ROOT "/creator", 0755);
	mkdir(CG_ROOT "/other", 0755);
	skel = mem_open();
	if (!skel || !CHECK_EQ("enter creator", cg_enter("creator"), 0))
		goto out;
	CHECK_EQ("setup", mem_setup(skel, 0, CHARGE_PAYLOAD, 0, NULL), 0);
	CHECK_EQ("enter other", cg_enter("other"), 0);
	c0 = cg_current("creator");
	o0 = cg_current("other");
	alloc_named_nodes(skel, CG_NODES);
	c1 = cg_current("creator");
	o1 = cg_current("other");
	printf("  memcg: creator +%lld KiB, other +%lld KiB, for %lld KiB of nodes\n",
	       (c1 - c0) / 1024, (o1 - o0) / 1024, want / 1024);
	CHECK(c0 >= 0 && c1 - c0 > want * 9 / 10 && c1 - c0 < want * 11 / 10,
	      "the creator's cgroup grew %lld bytes, want about %lld", c1 - c0, want);
	CHECK(o0 >= 0 && o1 - o0 < want / 10, "the allocating task's cgroup grew %lld bytes", o1 - o0);
	CHECK_EQ("drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the memcg-charged nodes");
out:
	if (skel)
		mem_ops__destroy(skel);
	if (mounted) {
		cg_enter("");
		rmdir(CG_ROOT "/creator");
		rmdir(CG_ROOT "/other");
		umount(CG_ROOT);
	}
	snprintf(label, sizeof(label),
		 "[%s] mem: %d nodes allocated from another cgroup are charged to the container creator's memcg",
		 test_mode, CG_NODES);
	if (skip)
		test_skip(label, skip);
	else
		test_result(label);
}

void test_mem(void)
{
	mem_model_test();
	mem_concurrent_test();
	mem_stress_test();
	mem_ordered_concurrent_test();
	mem_handles_test();
	mem_ordered_test();
	mem_limit_test();
	mem_reuse_test();
	mem_drop_walk_test();
	mem_pin_test();
	mem_isolation_test();
	mem_bounded_test();
	mem_charge_test();
	mem_memcg_test();
}
