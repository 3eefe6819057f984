// SPDX-License-Identifier: GPL-2.0
/*
 * test_mem_nodes.c - containers and nodes (kmod/enetstl_mem.c): one runner
 * against the model; two concurrent runners on one container; a stress
 * run; memory limits; containers dropped while in use; maps freed with
 * nodes alive; node reuse across CPUs; honest slab charges; memory cgroups.
 */
#define _GNU_SOURCE	/* sched_setaffinity() */
#include <pthread.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "test_mem.h"

/* Single runner: batches of random ops, each followed by a full read-back. */
void mem_model_test(void)
{
	static struct mem_ctx x;
	struct mem_calls *skel;
	char label[160];
	long base;

	tl_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	memset(&x, 0, sizeof(x));
	x.skel = skel;
	x.seed = tl_rand() | 1;
	model_init(&x.model);
	base = held_nodes();
	CHECK_EQ("mem_setup", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	for (int b = 0; b < 8; b++) {
		gen_ops(&x.ops, &x.model, MEM_OPS_MAX, &x.seed);
		tl_errors += mem_batch(&x);
		gen_dump(&x.ops);
		tl_errors += mem_batch(&x);
		CHECK_EQ("nodes held by the kernel vs model", held_nodes() - base,
			 model_held(&x.model));
	}
	CHECK_EQ("mem_drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the container was dropped");
	mem_calls__destroy(skel);
	free(x.model.nodes);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: 8 x (1024 random ops + full read-back) from XDP match the model; counters balance",
		 test_mode);
	tl_result("%s", label);
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
void mem_concurrent_test(void)
{
	static struct mem_ctx x[MEM_RUNNERS];
	struct mem_calls *skel, *second = NULL;
	pthread_t tid[MEM_RUNNERS];
	struct { uint64_t handle; void *c; } root = { 0 };
	uint32_t zero = 0;
	char label[160];
	long base;

	tl_errors = 0;
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
		x[r].seed = tl_rand() | 1;
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
		mem_calls__destroy(second);
	if (skel)
		mem_calls__destroy(skel);
	snprintf(label, sizeof(label),
		 "[%s] mem: two programs on two CPUs, one container, %d x %d random ops each, match their models",
		 test_mode, CONCURRENT_BATCHES / 2, MEM_OPS_MAX);
	tl_result("%s", label);
}

struct stress_ctx {
	struct mem_calls *skel;
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
void mem_stress_test(void)
{
	static struct stress_ctx x[MEM_RUNNERS];
	pthread_t tid[MEM_RUNNERS];
	struct mem_calls *skel;
	struct mem_stats s0, s1;
	char label[160];

	tl_errors = 0;
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
		x[r].seed = tl_rand() | 1;
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
	mem_calls__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: two CPUs racing on the same nodes (free/link/walk/alloc), 16 batches each: no leak, all freed",
		 test_mode);
	tl_result("%s", label);
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
void mem_limit_test(void)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	struct mem_calls *skel;
	struct mem_stats s0, s1;
	char label[160], old[32] = "";
	int ok = 0, failed = 0;

	tl_errors = 0;
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
	mem_calls__destroy(skel);	/* map freed with nodes alive */
	mem_check_balanced("after the map holding both containers was freed");
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: container and module memory limits give NULL, stored nodes intact; map freed with nodes: all freed",
		 test_mode);
	tl_result("%s", label);
}

struct walker {
	struct mem_calls *skel;
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
void mem_drop_walk_test(void)
{
	struct mem_calls *skel;
	struct walker w = { 0 };
	static struct mem_opbuf o;
	static struct mem_results r;
	uint32_t key = 1;
	struct mem_table t;
	pthread_t tid;
	char label[160];
	int i;

	tl_errors = 0;
	skel = mem_open_root(0, MEM_PAYLOAD);
	if (!skel)
		goto out;
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
	mem_calls__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: container dropped while another CPU walks it: no crash, walker sees it go, all freed",
		 test_mode);
	tl_result("%s", label);
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
void mem_reuse_test(void)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	const int nodes = 16;
	struct mem_stats s0, s1;
	int i, s, alloc_cpu = sysconf(_SC_NPROCESSORS_ONLN) > 1;
	struct mem_calls *skel;
	char label[200];
	cpu_set_t old;
	bool have_old;

	tl_errors = 0;
	have_old = !sched_getaffinity(0, sizeof(old), &old);
	CHECK(have_old && pin_to(0), "pin to CPU 0: %s", strerror(errno));
	skel = mem_open_root(2, MEM_PAYLOAD);
	if (!skel)
		goto out;
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
	mem_calls__destroy(skel);
	mem_check_balanced("after the container keeping freed nodes was freed");
out:
	if (have_old)
		sched_setaffinity(0, sizeof(old), &old);
	snprintf(label, sizeof(label),
		 "[%s] mem: nodes freed on CPU 0 serve the next allocations on CPU %d, emptied; freed with their container",
		 test_mode, alloc_cpu);
	tl_result("%s", label);
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
static void alloc_named_nodes(struct mem_calls *skel, int n)
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
void mem_charge_test(void)
{
	struct mem_stats s0, s1;
	long long slab0, slab1;
	struct mem_calls *skel;
	char label[200];

	tl_errors = 0;
	skel = mem_open_root(0, CHARGE_PAYLOAD);
	if (!skel)
		goto out;
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
	mem_calls__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: %d nodes of %d-byte payloads charge 8192 + 24 bytes each, as the slab grows",
		 test_mode, CHARGE_NODES, CHARGE_PAYLOAD);
	tl_result("%s", label);
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
void mem_memcg_test(void)
{
	const char *skip = NULL;
	long long c0, c1, o0, o1, want = (long long)CG_NODES * 8192;
	struct mem_calls *skel = NULL;
	bool mounted = false;
	char label[200];

	tl_errors = 0;
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
		mem_calls__destroy(skel);
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
		tl_skip(skip, "%s", label);
	else
		tl_result("%s", label);
}

