// SPDX-License-Identifier: GPL-2.0
/*
 * test_mem.c - the memory wrapper in the kernel: randomized operation
 * batches run from XDP (mem_calls.bpf.c) against a userspace model, contents
 * compared after every batch, allocation counters balanced at the end.
 * This file holds the model and the drivers of the test programs; the tests
 * are split by role like kmod/enetstl_mem*.c: test_mem_nodes.c (containers
 * and nodes), test_mem_ordered.c (ordered lists), test_mem_stats.c
 * (counters, handles, isolation, the module pin).
 */
#include <enetstl/loader.h>
#include "test_mem.h"

/* ---- the model ---- */

void model_init(struct model *m)
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
long model_held(const struct model *m)
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

void gen_ops(struct mem_opbuf *o, const struct model *m, int n, uint64_t *rs)
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
		op->code = mix[tl_rand64(rs) % sizeof(mix)];
		op->a = tl_rand64(rs) % MEM_TABLE;
		op->b = tl_rand64(rs) % MEM_TABLE;
		op->slot = tl_rand64(rs) % 20 ? tl_rand64(rs) % ENETSTL_MEM_SLOTS :
					   ENETSTL_MEM_SLOTS + tl_rand64(rs) % 4;
		op->val = tl_rand64(rs) >> 2;
		/* Keep the table mostly full: allocate only into empty rows. */
		if (op->code == MOP_ALLOC && m->table[op->a] >= 0)
			op->code = MOP_VALUE;
	}
}

/* Ops that read everything back: each row's value and every slot. */
void gen_dump(struct mem_opbuf *o)
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

int mem_setup(struct mem_calls *skel, int root, uint32_t payload, uint64_t max_bytes,
	      uint64_t *handle)
{
	struct mem_setup_ctx c = { .root = root, .payload = payload, .max_bytes = max_bytes };
	int err = mem_drive_setup(skel->progs.mem_setup, &c);

	if (handle)
		*handle = c.handle;
	return err;
}

/* enetstl_node_index() from mem_index, a SYSCALL program: its result. */
int mem_index(struct mem_calls *skel, uint64_t head, uint32_t key_len, uint32_t entries)
{
	struct mem_setup_ctx c = { .handle = head, .payload = key_len, .nbuckets = entries };

	return mem_drive_setup(skel->progs.mem_index, &c);
}

int mem_drop(struct mem_calls *skel, int root)
{
	struct mem_setup_ctx c = { .root = root };

	return mem_drive_setup(skel->progs.mem_drop, &c);
}

/* Run ops[runner] on @root; results into @res. Returns operations run or -errno. */
int mem_run_table(struct mem_calls *skel, int runner, int root, int table,
		  const struct mem_opbuf *ops, struct mem_results *res)
{
	struct mem_req req = { .runner = runner, .root = root, .table = table };

	return mem_drive_run(skel->progs.mem_run, skel->maps.ops, skel->maps.results, &req, ops,
			     res);
}

int mem_run(struct mem_calls *skel, int runner, int root, const struct mem_opbuf *ops,
	    struct mem_results *res)
{
	return mem_run_table(skel, runner, root, runner, ops, res);
}

const char *const op_names[] = {
	"alloc", "free", "link", "linkh", "unlink", "read", "readh", "write", "value", "bigdata",
	"search", "insert", "find", "erase", "new", "zeroed", "getc", "bigkey",
	"erase_held", "pred", "index",
};

/* One batch: run, then compare each result with the model's. */
unsigned int mem_batch(struct mem_ctx *x)
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

void *mem_thread(void *arg)
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

struct mem_calls *mem_open(void)
{
	struct mem_calls *skel = mem_calls__open();
	int err;

	if (!CHECK(skel, "mem_calls open: %s", strerror(errno)))
		return NULL;
	err = enetstl_fix_kptrs(skel->obj);
	if (CHECK(!err, "enetstl_fix_kptrs: %s", strerror(-err)) &&
	    CHECK(!(err = mem_calls__load(skel)), "mem_calls load: %d", err))
		return skel;
	mem_calls__destroy(skel);
	return NULL;
}

/* mem_open(), then a container of nodes with @payload bytes on root @root. */
struct mem_calls *mem_open_root(int root, uint32_t payload)
{
	struct mem_calls *skel = mem_open();

	if (skel)
		CHECK_EQ("setup", mem_setup(skel, root, payload, 0, NULL), 0);
	return skel;
}

long held_nodes(void)
{
	struct mem_stats s;

	mem_stats_read(&s);
	return s.nodes_allocated - s.nodes_dropped;
}

int run_one(struct mem_calls *skel, int runner, int root, struct mem_op op, int64_t *res)
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

uint64_t table_handle(struct mem_calls *skel, int runner, int row)
{
	struct mem_table t;
	uint32_t key = runner;

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.tables), &key, &t))
		return 0;
	return t.h[row];
}

/* Set row @row of table @runner to @h, as if the program had stored it. */
int table_set(struct mem_calls *skel, int runner, int row, uint64_t h)
{
	struct mem_table t;
	uint32_t key = runner;

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.tables), &key, &t))
		return -errno;
	t.h[row] = h;
	return bpf_map_update_elem(bpf_map__fd(skel->maps.tables), &key, &t, BPF_ANY) ? -errno : 0;
}

void test_mem(void)
{
	mem_model_test();
	mem_concurrent_test();
	mem_stress_test();
	mem_ordered_concurrent_test(0);
	mem_ordered_concurrent_test(8);
	mem_handles_test();
	mem_ordered_test();
	mem_index_test();
	mem_limit_test();
	mem_reuse_test();
	mem_drop_walk_test();
	mem_pin_test();
	mem_isolation_test();
	mem_bounded_test();
	mem_charge_test();
	mem_memcg_test();
}
