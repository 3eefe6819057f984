// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl-slbench - runs inside the bench VM with enetstl.ko and the
 * test-only enetstl_slbench.ko loaded: ns per skip list insert and lookup
 * (1000 keys, height 16, 16-byte keys, 64-byte values) for the eNetSTL skip
 * list (tests/bpf/progs/skiplist.bpf.c) and the same list as plain kernel C
 * behind one kfunc, that list once allocating every node from the slab and
 * once reusing its deleted nodes (as the memory wrapper's containers reuse
 * theirs). Both run one operation per BPF_PROG_TEST_RUN repetition
 * from the same op buffer; the cost of an empty run is subtracted. Results
 * are checked against each other, "BENCH," lines are machine-readable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <enetstl/loader.h>
#include "skiplist.h"
#include "tl.h"
#include "skiplist.skel.h"
#include "slbench.skel.h"

#define NKEYS	1000
#define SAMPLES	7

static struct sl_opbuf ops;
static struct sl_results res;

static uint64_t rs = 0x5eed5eed;	/* the keys: the same in every run */

/* Run ops (one per repetition) through @prog; returns ns per op. */
static double run(struct bpf_program *prog, struct bpf_map *opm, struct bpf_map *resm)
{
	char pkt[64] = { 0 };
	uint32_t zero = 0;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = ops.n);

	ops.next = 0;
	if (bpf_map_update_elem(bpf_map__fd(opm), &zero, &ops, BPF_ANY) ||
	    bpf_prog_test_run_opts(bpf_program__fd(prog), &o) ||
	    bpf_map_lookup_elem(bpf_map__fd(resm), &zero, &res)) {
		fprintf(stderr, "enetstl-slbench: run %s: %s\n", bpf_program__name(prog),
			strerror(errno));
		exit(1);
	}
	return o.duration;
}

/*
 * Node heights, drawn once per key (p = 1/2) and given to both skip lists
 * with each insert, so that both have the same shape and every lookup
 * visits the same nodes in both: the difference is the overhead alone.
 */
static uint32_t levels[SL_OPS];

static void keys_op(int code, const uint64_t (*keys)[2], int n)
{
	ops.n = n;
	for (int i = 0; i < n; i++)
		ops.op[i] = (struct sl_op){ .code = code, .key = { keys[i][0], keys[i][1] },
					    .val = keys[i][0] * 7,
					    .level = code == SL_INSERT ? levels[i] : 0 };
}

static uint64_t keys[NKEYS][2], probe[SL_OPS][2];

/*
 * One sample of one list, empty at the start: lookups in the empty list,
 * an insert of every key, a lookup of every key. Returns the results that
 * were wrong.
 */
static int sample(struct bpf_program *prog, struct bpf_map *opm, struct bpf_map *resm,
		  double *miss0, double *ins, double *look)
{
	int bad = 0;

	/*
	 * Let the previous sample's deletes give their memory back first: the
	 * C list frees at once (kfree under its lock), the memory wrapper after
	 * an RCU grace period, and those callbacks would otherwise run inside
	 * the timed inserts that follow.
	 */
	usleep(100 * 1000);
	keys_op(SL_LOOKUP, probe, SL_OPS);
	*miss0 = run(prog, opm, resm);
	keys_op(SL_INSERT, keys, NKEYS);
	*ins = run(prog, opm, resm);
	for (int i = 0; i < NKEYS; i++)
		bad += res.res[i] != 0;
	keys_op(SL_LOOKUP, probe, SL_OPS);
	*look = run(prog, opm, resm);
	for (int i = 0; i < SL_OPS; i++)
		bad += res.res[i] != (int64_t)(probe[i][0] * 7);
	return bad;
}

/* Empty a list as every sample ends: one delete per key. */
static void delete_all(struct bpf_program *prog, struct bpf_map *opm, struct bpf_map *resm)
{
	keys_op(SL_DELETE, keys, NKEYS);
	run(prog, opm, resm);
}

/* The C module's recycle parameter: deleted nodes kept for the next inserts. */
static int c_recycle(int on)
{
	FILE *f = fopen("/sys/module/enetstl_slbench/parameters/recycle", "w");
	int err;

	if (!f)
		return -errno;
	err = fputs(on ? "1" : "0", f) < 0 ? -EIO : 0;
	if (fclose(f))
		err = -errno;
	if (err)
		fprintf(stderr, "enetstl-slbench: setting recycle=%d: %s\n", on, strerror(-err));
	return err;
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "tcg";
	/*
	 * [SL_MODE_*]: the eNetSTL skip list in each mode; [C]: the plain-C
	 * module; [CR]: the same with recycle=1
	 */
	enum { C = SL_MODES, CR, NV };
	static const char *const names[SL_MODES] = {
		[SL_MODE_LOOP] = "eNetSTL bpf_loop walk",
		[SL_MODE_SEARCH] = "eNetSTL node_search",
		[SL_MODE_ORDERED] = "eNetSTL find/insert/erase",
	};
	double ins[NV][SAMPLES], look[NV][SAMPLES], miss0[NV][SAMPLES], empty[SAMPLES], e;
	double v[3][NV];
	struct skiplist *sls[SL_MODES], *sl;
	struct slbench *sc = slbench__open_and_load();
	struct utsname u;
	int bad = 0;

	for (int k = 0; k < SL_MODES; k++) {
		sls[k] = skiplist__open();
		if (!sls[k] || !sc) {
			fprintf(stderr, "enetstl-slbench: opening the skip list programs failed\n");
			return 1;
		}
		sls[k]->rodata->sl_search = k;
		if (enetstl_fix_kptrs(sls[k]->obj) || skiplist__load(sls[k])) {
			fprintf(stderr, "enetstl-slbench: loading the skip list programs failed\n");
			return 1;
		}
	}
	uname(&u);
	for (int i = 0; i < NKEYS; i++) {
		uint64_t r = tl_rand64(&rs);

		keys[i][0] = tl_rand64(&rs) % 1000000;
		keys[i][1] = i;		/* distinct */
		for (levels[i] = 1; levels[i] < SL_HEIGHT && (r & 1); r >>= 1)
			levels[i]++;
	}
	for (int i = 0; i < SL_OPS; i++) {
		probe[i][0] = keys[i % NKEYS][0];
		probe[i][1] = keys[i % NKEYS][1];
	}
	for (int k = 0; k < SL_MODES; k++) {
		LIBBPF_OPTS(bpf_test_run_opts, o);

		/* one container and list for all samples, as the C module has one list */
		sl = sls[k];
		if (bpf_prog_test_run_opts(bpf_program__fd(sl->progs.sl_setup), &o) || o.retval) {
			fprintf(stderr, "enetstl-slbench: sl_setup failed\n");
			return 1;
		}
	}
	/* The recycling C list starts with its deleted nodes, as the containers do. */
	if (c_recycle(1))
		return 1;
	keys_op(SL_INSERT, keys, NKEYS);
	run(sc->progs.slc_run, sc->maps.slc_ops, sc->maps.slc_results);
	delete_all(sc->progs.slc_run, sc->maps.slc_ops, sc->maps.slc_results);
	if (c_recycle(0))
		return 1;
	for (int s = 0; s < SAMPLES; s++) {
		/*
		 * Every list is emptied the same way after its sample, one delete
		 * per key, so that each starts the next with its own freed memory.
		 */
		for (int k = 0; k < SL_MODES; k++) {
			sl = sls[k];
			bad += sample(sl->progs.sl_run, sl->maps.sl_ops, sl->maps.sl_results,
				      &miss0[k][s], &ins[k][s], &look[k][s]);
			delete_all(sl->progs.sl_run, sl->maps.sl_ops, sl->maps.sl_results);
		}
		bad += sample(sc->progs.slc_run, sc->maps.slc_ops, sc->maps.slc_results,
			      &miss0[C][s], &ins[C][s], &look[C][s]);
		empty[s] = run(sc->progs.slc_empty, sc->maps.slc_ops, sc->maps.slc_results);
		delete_all(sc->progs.slc_run, sc->maps.slc_ops, sc->maps.slc_results);
		if (c_recycle(1))
			return 1;
		bad += sample(sc->progs.slc_run, sc->maps.slc_ops, sc->maps.slc_results,
			      &miss0[CR][s], &ins[CR][s], &look[CR][s]);
		delete_all(sc->progs.slc_run, sc->maps.slc_ops, sc->maps.slc_results);
		if (c_recycle(0))
			return 1;
	}
	qsort(empty, SAMPLES, sizeof(double), cmpd);
	e = empty[SAMPLES / 2];
	for (int k = 0; k < NV; k++) {
		qsort(ins[k], SAMPLES, sizeof(double), cmpd);
		qsort(look[k], SAMPLES, sizeof(double), cmpd);
		qsort(miss0[k], SAMPLES, sizeof(double), cmpd);
		v[0][k] = ins[k][SAMPLES / 2] - e;
		v[1][k] = look[k][SAMPLES / 2] - e;
		v[2][k] = miss0[k][SAMPLES / 2] - e;
	}
	printf("slbench: kernel %s, %s timing, %d keys, empty run %.0f ns subtracted, %d result mismatches\n",
	       u.release, mode, NKEYS, e, bad);
	for (int w = 0; w < 3; w++) {
		static const char *const what[] = { "skiplist insert", "skiplist lookup",
						    "skiplist lookup, empty list" };
		const char *name = what[w];

		printf("%-16s kernel C %6.0f ns/op", name, v[w][C]);
		for (int k = SL_MODES - 1; k >= 0; k--)
			printf(" | %s %6.0f (%+5.0f%%)", names[k], v[w][k],
			       100.0 * (v[w][k] / v[w][C] - 1));
		printf("\n");
		for (int k = SL_MODES - 1; k >= 0; k--)
			printf("BENCH,%s,%s,%s (%s vs kernel C),%.0f,%.0f,%.2f\n", u.release, mode,
			       name, names[k], v[w][k], v[w][C], v[w][C] / v[w][k]);
		/* the wrapper's own cost, allocation strategy equal */
		printf("%-16s kernel C reusing deleted nodes %6.0f ns/op | %s %6.0f (%+5.0f%%)\n",
		       name, v[w][CR], names[SL_MODE_ORDERED], v[w][SL_MODE_ORDERED],
		       100.0 * (v[w][SL_MODE_ORDERED] / v[w][CR] - 1));
		printf("BENCH,%s,%s,%s (%s vs kernel C reusing deleted nodes),%.0f,%.0f,%.2f\n",
		       u.release, mode, name, names[SL_MODE_ORDERED], v[w][SL_MODE_ORDERED],
		       v[w][CR], v[w][CR] / v[w][SL_MODE_ORDERED]);
	}
	for (int k = 0; k < SL_MODES; k++)
		skiplist__destroy(sls[k]);
	slbench__destroy(sc);
	return bad ? 1 : 0;
}
