// SPDX-License-Identifier: GPL-2.0
/*
 * test_list.c - list buckets in the kernel: randomized
 * push/pop/peek/pop_due/len batches from XDP (list_calls.bpf.c) against per-bucket FIFO models, the
 * bound on elements, two concurrent runners on one instance, private
 * lists (no lock) borrowed per op and the same list once shared, many
 * instances, refused parameters, counters balanced at the end.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <enetstl/list.h>
#include <enetstl/loader.h>
#include "runner.h"
#include "mem_drive.h"
#include "list_calls.skel.h"

#define NBUCKETS	64
#define FIFO_CAP	(64 * 1024)

struct fifo {
	uint64_t *v;
	unsigned int head, len;
};

struct lmodel {
	struct fifo b[NBUCKETS];
	unsigned int total, max;
};

struct lctx {
	struct list_calls *skel;
	int runner, root, batches;
	int borrow;	/* each op borrows the root's kptr, not a handle's list */
	uint32_t osz;	/* bytes each op copies, 0: the whole 24-byte test element */
	unsigned int lo, hi;	/* buckets this runner uses */
	unsigned int errors;
	uint64_t seed;
	struct lmodel m;
	struct mem_opbuf ops;
	struct mem_results res;
};

static void lmodel_init(struct lmodel *m, unsigned int max)
{
	memset(m, 0, sizeof(*m));
	m->max = max;
	for (int i = 0; i < NBUCKETS; i++)
		m->b[i].v = malloc(FIFO_CAP * sizeof(uint64_t));
}

static void lmodel_free(struct lmodel *m)
{
	for (int i = 0; i < NBUCKETS; i++)
		free(m->b[i].v);
}

static int64_t lmodel_apply(struct lmodel *m, const struct mem_op *op)
{
	unsigned int bucket = op->a | (unsigned int)op->b << 8;
	struct fifo *f;
	uint64_t v;

	if (bucket >= NBUCKETS)
		return -EINVAL;
	f = &m->b[bucket];
	switch (op->code) {
	case LOP_PUSH:
		if (m->total >= m->max || f->len >= FIFO_CAP)
			return -ENOSPC;
		f->v[(f->head + f->len++) % FIFO_CAP] = op->val;
		m->total++;
		return 0;
	case LOP_POP:
	case LOP_PEEK:
		if (!f->len)
			return -ENOENT;
		v = f->v[f->head];
		if (op->code == LOP_POP) {
			f->head = (f->head + 1) % FIFO_CAP;
			f->len--;
			m->total--;
		}
		return (int64_t)v;
	case LOP_LEN:
		return f->len;
	case LOP_POP_DUE:
		if (!f->len)
			return -ENOENT;
		v = f->v[f->head];
		/* due: the head's time (its val's low 32 bits) is not after now, modulo 2^32 */
		if ((int32_t)((uint32_t)v - (uint32_t)op->val) > 0)
			return (int64_t)(v | 1ull << 63);
		f->head = (f->head + 1) % FIFO_CAP;
		f->len--;
		m->total--;
		return (int64_t)v;
	case LOP_POP_DUE_SHORT:
		return -EINVAL;
	}
	return -EINVAL;
}

static void lgen(struct lctx *x, int n, int push_pct)
{
	x->ops.n = n;
	for (int i = 0; i < n; i++) {
		struct mem_op *op = &x->ops.op[i];
		unsigned int r = tl_rand64(&x->seed) % 100, bucket;

		memset(op, 0, sizeof(*op));
		op->code = r < (unsigned int)push_pct ? LOP_PUSH :
			   r < 70 ? LOP_POP : r < 80 ? LOP_POP_DUE : r < 90 ? LOP_PEEK :
			   r < 99 ? LOP_LEN : LOP_POP_DUE_SHORT;
		bucket = x->lo + tl_rand64(&x->seed) % (x->hi - x->lo);
		if (tl_rand64(&x->seed) % 50 == 0)	/* now and then a bucket past the end */
			bucket = NBUCKETS + tl_rand64(&x->seed) % 300;
		op->a = bucket & 0xff;
		op->b = bucket >> 8;
		op->val = tl_rand64(&x->seed) >> 1;
		/* times around the wrap of the 32-bit clock, now and then exactly equal */
		if (op->code == LOP_PUSH || op->code == LOP_POP_DUE)
			op->val = (op->val & ~0xffffffffull) | (uint32_t)(0xfffffff0u +
				   tl_rand64(&x->seed) % 32);
		if (op->code != LOP_POP_DUE_SHORT)
			op->slot = x->osz;
		if (x->osz == 4)	/* a 4-byte element is val's low 4 bytes */
			op->val = (uint32_t)op->val;
	}
}

static int list_setup(struct list_calls *skel, int root, uint32_t nbuckets, uint32_t elem,
		      uint32_t max)
{
	struct mem_setup_ctx c = { .root = root, .nbuckets = nbuckets, .payload = elem,
				   .max_bytes = max };

	return mem_drive_setup(skel->progs.list_setup, &c);
}

static int list_drop(struct list_calls *skel, int root)
{
	struct mem_setup_ctx c = { .root = root };

	return mem_drive_setup(skel->progs.list_drop, &c);
}

static int list_run(struct list_calls *skel, int runner, int root, int borrow,
		    const struct mem_opbuf *ops, struct mem_results *res)
{
	struct mem_req req = { .runner = runner, .root = root, .table = borrow };

	return mem_drive_run(skel->progs.list_run, skel->maps.ops, skel->maps.results, &req, ops,
			     res);
}

static unsigned int lbatch(struct lctx *x)
{
	static const char *const names[] = { "push", "pop", "peek", "len", "pop_due",
					     "pop_due (2 bytes)" };
	int done = list_run(x->skel, x->runner, x->root, x->borrow, &x->ops, &x->res);
	unsigned int bad = 0;

	if (done != (int)x->ops.n) {
		printf("  runner %d: batch ran %d of %u ops\n", x->runner, done, x->ops.n);
		return 1;
	}
	for (uint32_t i = 0; i < x->ops.n; i++) {
		const struct mem_op *op = &x->ops.op[i];
		int64_t want = lmodel_apply(&x->m, op);

		if (x->res.res[i] != want && bad++ < 5)
			printf("  runner %d op %u %s bucket %u: got %lld, model %lld\n", x->runner, i,
			       names[op->code], op->a | op->b << 8, (long long)x->res.res[i],
			       (long long)want);
	}
	return bad;
}

/* Every bucket's length and head, read back. */
static unsigned int ldump(struct lctx *x)
{
	int i = 0;

	for (unsigned int b = x->lo; b < x->hi; b++) {
		x->ops.op[i++] = (struct mem_op){ .code = LOP_LEN, .a = b & 0xff, .b = b >> 8 };
		x->ops.op[i++] = (struct mem_op){ .code = LOP_PEEK, .a = b & 0xff, .b = b >> 8,
						  .slot = x->osz };
	}
	x->ops.n = i;
	return lbatch(x);
}

static struct list_calls *list_open(void)
{
	struct list_calls *skel = list_calls__open();
	int err;

	if (!CHECK(skel, "list_calls open: %s", strerror(errno)))
		return NULL;
	err = enetstl_fix_kptrs(skel->obj);
	if (CHECK(!err, "enetstl_fix_kptrs: %s", strerror(-err)) &&
	    CHECK(!(err = list_calls__load(skel)), "list_calls load: %d", err))
		return skel;
	list_calls__destroy(skel);
	return NULL;
}

static void *lthread(void *arg)
{
	struct lctx *x = arg;

	for (int b = 0; b < x->batches; b++) {
		lgen(x, MEM_OPS_MAX, 45);
		x->errors += lbatch(x);
		x->errors += ldump(x);
	}
	return NULL;
}

static void list_model_test(void)
{
	static struct lctx x;
	struct list_calls *skel;
	char label[160];
	int full = 0;

	tl_errors = 0;
	skel = list_open();
	if (!skel)
		goto out;
	memset(&x, 0, sizeof(x));
	x.skel = skel;
	x.lo = 0;
	x.hi = NBUCKETS;
	x.seed = tl_rand() | 1;
	lmodel_init(&x.m, 512);
	CHECK_EQ("list_setup", list_setup(skel, 0, NBUCKETS, LIST_ELEM, 512), 0);
	for (int b = 0; b < 8; b++) {
		/* Push-heavy batches fill the list up to its bound, then drain. */
		lgen(&x, MEM_OPS_MAX, b < 4 ? 70 : 30);
		tl_errors += lbatch(&x);
		for (uint32_t i = 0; i < x.ops.n; i++)
			full += x.res.res[i] == -ENOSPC;
		tl_errors += ldump(&x);
	}
	CHECK(full > 0, "the 512-element bound was never reached");
	printf("  %d pushes refused at the 512-element bound\n", full);
	CHECK_EQ("list_drop", list_drop(skel, 0), 0);
	x.ops.n = 1;
	x.ops.op[0] = (struct mem_op){ .code = LOP_LEN };
	list_run(skel, 0, 0, 0, &x.ops, &x.res);
	CHECK_EQ("len on a dropped list", x.res.res[0], -ESRCH);
	mem_check_balanced("after the list was dropped");
	list_calls__destroy(skel);
	lmodel_free(&x.m);
out:
	snprintf(label, sizeof(label),
		 "[%s] list: 8 x (1024 random push/pop/peek/pop_due/len + read-back) from XDP match FIFO models, bound holds",
		 test_mode);
	tl_result("%s", label);
}

static void list_concurrent_test(void)
{
	static struct lctx x[MEM_RUNNERS];
	pthread_t tid[MEM_RUNNERS];
	struct list_calls *skel;
	char label[160];

	tl_errors = 0;
	skel = list_open();
	if (!skel)
		goto out;
	/* Bound high enough that the runners never compete for it. */
	CHECK_EQ("list_setup", list_setup(skel, 0, NBUCKETS, LIST_ELEM, 16384), 0);
	for (int r = 0; r < MEM_RUNNERS; r++) {
		memset(&x[r], 0, sizeof(x[r]));
		x[r].skel = skel;
		x[r].runner = r;
		x[r].batches = 8;
		x[r].lo = r * NBUCKETS / MEM_RUNNERS;
		x[r].hi = (r + 1) * NBUCKETS / MEM_RUNNERS;
		x[r].seed = tl_rand() | 1;
		lmodel_init(&x[r].m, 16384);
	}
	for (int r = 0; r < MEM_RUNNERS; r++)
		pthread_create(&tid[r], NULL, lthread, &x[r]);
	for (int r = 0; r < MEM_RUNNERS; r++) {
		pthread_join(tid[r], NULL);
		CHECK_EQ("runner mismatches", x[r].errors, 0);
		lmodel_free(&x[r].m);
	}
	list_calls__destroy(skel);	/* map freed with elements queued */
	mem_check_balanced("after the map holding the list was freed");
out:
	snprintf(label, sizeof(label),
		 "[%s] list: two concurrent runners on one instance match their models; map freed: all freed",
		 test_mode);
	tl_result("%s", label);
}

static int list_syscall(struct bpf_program *prog, int root, uint32_t nbuckets, uint32_t elem,
			uint32_t max, uint64_t *handle)
{
	struct mem_setup_ctx c = { .root = root, .nbuckets = nbuckets, .payload = elem,
				   .max_bytes = max };
	int err = mem_drive_setup(prog, &c);

	if (handle)
		*handle = c.handle;
	return err;
}

/*
 * Private lists: one whose handle was never given out takes no lock, so
 * its ops must still match the models when borrowed per op, and no handle
 * reaches it. Then a private list is shared while one runner borrows it
 * and another gets it by handle, both at once: their ops (a common free
 * list) must take the lock from then on, or the models part. With @elem
 * bytes of 4, 8 or 16 the private list's ops take the fast paths, which
 * sharing must turn off.
 */
static void list_private_test(uint32_t elem)
{
	static struct lctx x[MEM_RUNNERS];
	pthread_t tid[MEM_RUNNERS];
	struct list_calls *skel;
	uint64_t handle = 1;
	char label[200];
	int full = 0;

	tl_errors = 0;
	skel = list_open();
	if (!skel)
		goto out;
	memset(&x[0], 0, sizeof(x[0]));
	x[0].skel = skel;
	x[0].borrow = 1;
	x[0].hi = NBUCKETS;
	x[0].osz = elem == LIST_ELEM ? 0 : elem;
	x[0].seed = tl_rand() | 1;
	lmodel_init(&x[0].m, 512);
	CHECK_EQ("list_setup_private",
		 list_syscall(skel->progs.list_setup_private, 0, NBUCKETS, elem, 512, &handle), 0);
	CHECK_EQ("a private list's root keeps no handle", handle, 0);
	for (int b = 0; b < 8; b++) {
		lgen(&x[0], MEM_OPS_MAX, b < 4 ? 70 : 30);
		tl_errors += lbatch(&x[0]);
		for (uint32_t i = 0; i < x[0].ops.n; i++)
			full += x[0].res.res[i] == -ENOSPC;
		tl_errors += ldump(&x[0]);
	}
	CHECK(full > 0, "the private list's 512-element bound was never reached");
	x[0].ops.n = 1;
	x[0].ops.op[0] = (struct mem_op){ .code = LOP_LEN };
	list_run(skel, 0, 0, 0, &x[0].ops, &x[0].res);
	CHECK_EQ("a private list by handle 0", x[0].res.res[0], -ESRCH);
	lmodel_free(&x[0].m);

	CHECK_EQ("list_setup_private",
		 list_syscall(skel->progs.list_setup_private, 1, NBUCKETS, elem, 16384, NULL), 0);
	CHECK_EQ("list_share", list_syscall(skel->progs.list_share, 1, 0, 0, 0, &handle), 0);
	CHECK(handle != 0, "a shared list's handle is 0");
	for (int r = 0; r < MEM_RUNNERS; r++) {
		memset(&x[r], 0, sizeof(x[r]));
		x[r].skel = skel;
		x[r].runner = r;
		x[r].root = 1;
		x[r].borrow = r == 0;
		x[r].osz = elem == LIST_ELEM ? 0 : elem;
		x[r].batches = 8;
		x[r].lo = r * NBUCKETS / MEM_RUNNERS;
		x[r].hi = (r + 1) * NBUCKETS / MEM_RUNNERS;
		x[r].seed = tl_rand() | 1;
		lmodel_init(&x[r].m, 16384);
	}
	for (int r = 0; r < MEM_RUNNERS; r++)
		pthread_create(&tid[r], NULL, lthread, &x[r]);
	for (int r = 0; r < MEM_RUNNERS; r++) {
		pthread_join(tid[r], NULL);
		CHECK_EQ(r ? "runner by handle: mismatches" : "borrowing runner: mismatches",
			 x[r].errors, 0);
		lmodel_free(&x[r].m);
	}
	list_calls__destroy(skel);
	mem_check_balanced("after the private and shared lists' map was freed");
out:
	snprintf(label, sizeof(label),
		 "[%s] list: a private list of %u-byte elements borrowed per op matches its models, no handle reaches it; shared, one runner borrowing and one by handle at once match theirs",
		 test_mode, elem);
	tl_result("%s", label);
}

/*
 * Element sizes: a private list of each, borrowed per op, against the
 * models; whole elements of 4, 8 and 16 bytes take the fast paths (no
 * call, no lock), other sizes and parts of elements the general path.
 */
static void list_sizes_test(void)
{
	static const struct { uint32_t elem, op; } sz[] = {
		{ 4, 4 }, { 8, 8 }, { 16, 16 }, { 16, 8 }, { 24, 16 }, { 8, 4 }, { 12, 12 },
	};
	static struct lctx x;
	struct list_calls *skel;
	char label[200];
	int full = 0;

	tl_errors = 0;
	skel = list_open();
	if (!skel)
		goto out;
	for (unsigned int k = 0; k < sizeof(sz) / sizeof(sz[0]); k++) {
		unsigned int bad = 0;

		memset(&x, 0, sizeof(x));
		x.skel = skel;
		x.borrow = 1;
		x.hi = NBUCKETS;
		x.osz = sz[k].op;
		x.seed = tl_rand() | 1;
		lmodel_init(&x.m, 256);
		CHECK_EQ("list_setup_private", list_syscall(skel->progs.list_setup_private, 0,
							    NBUCKETS, sz[k].elem, 256, NULL), 0);
		for (int b = 0; b < 4; b++) {
			lgen(&x, MEM_OPS_MAX, b < 2 ? 70 : 30);
			bad += lbatch(&x);
			for (uint32_t i = 0; i < x.ops.n; i++)
				full += x.res.res[i] == -ENOSPC;
			bad += ldump(&x);
		}
		CHECK(!bad, "%u-byte elements, %u-byte ops: %u mismatches", sz[k].elem, sz[k].op,
		      bad);
		lmodel_free(&x.m);
	}
	CHECK(full > 0, "the 256-element bound was never reached");
	list_calls__destroy(skel);
	mem_check_balanced("after the lists of every size were freed");
out:
	snprintf(label, sizeof(label),
		 "[%s] list: private lists of 4-, 8-, 16-, 12- and 24-byte elements, whole and in part (16 of 24, 8 of 16, 4 of 8), match their models",
		 test_mode);
	tl_result("%s", label);
}

/* Independent instances, instance churn, refused parameters. */
static void list_instances_test(void)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	struct list_calls *skel;
	char label[160];

	tl_errors = 0;
	skel = list_open();
	if (!skel)
		goto out;
	for (int i = 0; i < MEM_ROOTS; i++)
		CHECK_EQ("setup", list_setup(skel, i, 1 + i, 8 + 8 * i, 4 + i), 0);
	/* Fill each instance to its bound (4 + i) with its own values. */
	for (int i = 0; i < MEM_ROOTS; i++) {
		o.n = 0;
		for (int k = 0; k < 6 + i; k++)
			o.op[o.n++] = (struct mem_op){ .code = LOP_PUSH, .val = 100 * i + k };
		list_run(skel, 0, i, 0, &o, &r);
		for (int k = 0; k < 6 + i; k++)
			CHECK_EQ("push", r.res[k], i < 2 ? -EINVAL : k < 4 + i ? 0 : -ENOSPC);
	}
	for (int i = 0; i < MEM_ROOTS; i++) {
		o.n = 0;
		o.op[o.n++] = (struct mem_op){ .code = LOP_LEN };
		o.op[o.n++] = (struct mem_op){ .code = LOP_POP };
		o.op[o.n++] = (struct mem_op){ .code = LOP_PEEK };
		o.op[o.n++] = (struct mem_op){ .code = LOP_LEN, .a = 1 + i };
		list_run(skel, 0, i, 0, &o, &r);
		/* 24-byte test elements do not fit 8- and 16-byte lists */
		CHECK_EQ("len", r.res[0], i < 2 ? 0 : 4 + i);
		if (i >= 2) {
			CHECK_EQ("pop", r.res[1], 100 * i);
			CHECK_EQ("peek", r.res[2], 100 * i + 1);
		} else {
			CHECK(r.res[1] == -EINVAL, "pop of 24 bytes from %d-byte elements: %lld",
			      8 + 8 * i, (long long)r.res[1]);
		}
		CHECK_EQ("bucket past the end", r.res[3], -EINVAL);
	}
	/* pop_due at its edges, on instance 2 (head 201 after the pop above) */
	o.n = 0;
	o.op[o.n++] = (struct mem_op){ .code = LOP_POP_DUE, .val = 200 };
	o.op[o.n++] = (struct mem_op){ .code = LOP_POP_DUE, .val = 201 };
	o.op[o.n++] = (struct mem_op){ .code = LOP_POP_DUE, .val = 201 + 0x7fffffffull };
	o.op[o.n++] = (struct mem_op){ .code = LOP_POP_DUE, .val = 203 + 0x80000001ull };
	o.op[o.n++] = (struct mem_op){ .code = LOP_POP_DUE, .a = 1, .val = 1000 };
	o.op[o.n++] = (struct mem_op){ .code = LOP_POP_DUE, .a = 3, .val = 1000 };
	o.op[o.n++] = (struct mem_op){ .code = LOP_POP_DUE_SHORT, .val = 1000 };
	o.op[o.n++] = (struct mem_op){ .code = LOP_LEN };
	list_run(skel, 0, 2, 0, &o, &r);
	CHECK_EQ("pop_due one tick early: not due, copied", r.res[0], (int64_t)(201 | 1ull << 63));
	CHECK_EQ("pop_due at its time", r.res[1], 201);
	CHECK_EQ("pop_due 2^31 - 1 ticks late", r.res[2], 202);
	CHECK_EQ("pop_due 2^31 + 1 ticks late reads as early", r.res[3], (int64_t)(203 | 1ull << 63));
	CHECK_EQ("pop_due on an empty bucket", r.res[4], -ENOENT);
	CHECK_EQ("pop_due past the last bucket", r.res[5], -EINVAL);
	CHECK_EQ("pop_due of 2 bytes", r.res[6], -EINVAL);
	CHECK_EQ("len after pop_due", r.res[7], 3);
	/* Churn: 200 creations on one root, each replacing (and destroying) the last. */
	for (int k = 0; k < 200; k++)
		if (!CHECK_EQ("churn setup", list_setup(skel, 3, 16, LIST_ELEM, 64), 0))
			break;
	CHECK_EQ("zero buckets", list_setup(skel, 0, 0, 8, 8), -ENOMEM);
	CHECK_EQ("element too big", list_setup(skel, 0, 1, ENETSTL_LIST_ELEM_MAX + 1, 8), -ENOMEM);
	CHECK_EQ("zero elements", list_setup(skel, 0, 1, 8, 0), -ENOMEM);
	CHECK_EQ("too many buckets", list_setup(skel, 0, ENETSTL_LIST_BUCKETS_MAX + 1, 8, 8),
		 -ENOMEM);
	list_calls__destroy(skel);
	mem_check_balanced("after the instances' map was freed");
out:
	snprintf(label, sizeof(label),
		 "[%s] list: 4 independent instances with their own bounds, pop_due's edges, 200 replaced, bad parameters refused",
		 test_mode);
	tl_result("%s", label);
}

void test_list(void)
{
	list_model_test();
	list_concurrent_test();
	list_private_test(LIST_ELEM);
	list_private_test(8);
	list_sizes_test();
	list_instances_test();
}
