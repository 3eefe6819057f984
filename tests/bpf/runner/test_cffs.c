// SPDX-License-Identifier: GPL-2.0
/*
 * test_cffs.c - enetstl_cffs_push(), enetstl_cffs_pop_min() and
 * enetstl_cffs_push_pop_min() from XDP against a model written from
 * enetstl/cffs.h: a count per rank, the lowest non-zero count taken, the
 * bitmaps derived from the counts. Random pushes, pops and both in one call
 * over ranks that share words, span them and sit at their edges;
 * the whole queue compared as it goes; refused ranks and full counts change
 * nothing; inconsistent contents written by hand give the documented results.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <enetstl/cffs.h>
#include "runner.h"
#include "test_common.h"
#include "cffs_calls.skel.h"

static struct enetstl_cffs model;

static int32_t op(int fd, uint32_t what, uint32_t rank)
{
	struct cffs_req in = { .eth[12] = 0x88, .op = what, .rank = rank }, out;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = &in, .data_size_in = sizeof(in),
		    .data_out = &out, .data_size_out = sizeof(out));

	if (bpf_prog_test_run_opts(fd, &o) || o.retval != XDP_PASS)
		return INT32_MIN;
	return out.result;
}

/* The model's bitmaps: what cffs.h says they are for its counts. */
static void model_bitmaps(void)
{
	model.l0 = 0;
	memset(model.l1, 0, sizeof(model.l1));
	for (uint32_t r = 0; r < ENETSTL_CFFS_RANKS; r++)
		if (model.count[r]) {
			model.l1[r / 64] |= 1ull << (r % 64);
			model.l0 |= 1ull << (r / 64);
		}
}

static int32_t model_pop(void)
{
	for (uint32_t r = 0; r < ENETSTL_CFFS_RANKS; r++)
		if (model.count[r]) {
			model.count[r]--;
			return r;
		}
	return -ENOENT;
}

static uint32_t pick_rank(int mode)
{
	switch (mode) {
	case 0:		/* a few ranks in two words: repeats, shared words */
		return 120 + tl_rand() % 16;
	case 1:		/* word edges */
		return (tl_rand() % 64) * 64 + (tl_rand() % 2 ? 63 : 0);
	default:
		return tl_rand() % ENETSTL_CFFS_RANKS;
	}
}

static void ops(int fd, struct enetstl_cffs *q)
{
	unsigned int pushes = 0, pops = 0, empty = 0, pushpops = 0;
	char label[192];

	tl_errors = 0;
	memset(q, 0, sizeof(*q));
	memset(&model, 0, sizeof(model));
	for (int mode = 0; mode < 3; mode++) {
		for (int i = 0; i < 3000; i++) {
			/*
			 * push more than pop in the first half of each mode, then
			 * drain; a push and pop in one call now and then
			 */
			int dice = tl_rand() % 100, push = dice < (i < 1500 ? 55 : 25);
			int pushpop = !push && dice < (i < 1500 ? 70 : 40);
			int32_t got, want;

			if (push || pushpop) {
				uint32_t r = pick_rank(mode);

				model.count[r]++;
				want = pushpop ? model_pop() : 0;
				got = op(fd, pushpop ? CFFS_OP_PUSHPOP : CFFS_OP_PUSH, r);
				pushes++;
				pushpops += pushpop;
			} else {
				want = model_pop();
				got = op(fd, CFFS_OP_POP, 0);
				pops++;
				empty += want == -ENOENT;
			}
			CHECK(got == want, "mode %d op %d (%s): %d, model %d", mode, i,
			      push ? "push" : pushpop ? "push_pop" : "pop", got, want);
			if (i % 500 == 0) {
				model_bitmaps();
				CHECK(!memcmp(q, &model, sizeof(model)),
				      "mode %d op %d: the queue differs from the model", mode, i);
			}
		}
		while (model_pop() != -ENOENT)
			CHECK(op(fd, CFFS_OP_POP, 0) >= 0, "drain");
		CHECK_EQ("drained: pop", op(fd, CFFS_OP_POP, 0), -ENOENT);
		model_bitmaps();
		CHECK(!memcmp(q, &model, sizeof(model)), "drained queue not all zero");
	}
	snprintf(label, sizeof(label), "[%s] cffs: %u pushes (%u of them push_pop_min) and %u "
		 "pops (%u on an empty queue) over shared words, word edges and all 4096 ranks, "
		 "vs model", test_mode, pushes, pushpops, pops, empty);
	tl_result("%s", label);
}

static void refused(int fd, struct enetstl_cffs *q)
{
	char label[256];

	tl_errors = 0;
	memset(q, 0, sizeof(*q));
	CHECK_EQ("pop of an empty queue", op(fd, CFFS_OP_POP, 0), -ENOENT);
	CHECK_EQ("push rank 4096", op(fd, CFFS_OP_PUSH, ENETSTL_CFFS_RANKS), -EINVAL);
	CHECK_EQ("push rank 2^32 - 1", op(fd, CFFS_OP_PUSH, UINT32_MAX), -EINVAL);
	CHECK_EQ("refused pushes left the queue empty", q->l0, 0);
	q->count[4095] = UINT32_MAX;
	q->l1[63] = 1ull << 63;
	q->l0 = 1ull << 63;
	CHECK_EQ("push to a full count", op(fd, CFFS_OP_PUSH, 4095), -EOVERFLOW);
	CHECK_EQ("full count unchanged", q->count[4095], UINT32_MAX);
	CHECK_EQ("push rank 4095 after it", op(fd, CFFS_OP_PUSH, 0), 0);
	CHECK_EQ("pop: rank 0 first", op(fd, CFFS_OP_POP, 0), 0);
	CHECK_EQ("pop: then 4095", op(fd, CFFS_OP_POP, 0), 4095);
	CHECK_EQ("4095's count, one less", q->count[4095], UINT32_MAX - 1);
	/* push_pop_min: nothing changes unless the rank is above the lowest */
	memset(q, 0, sizeof(*q));
	CHECK_EQ("push_pop_min, empty queue: the rank back", op(fd, CFFS_OP_PUSHPOP, 77), 77);
	CHECK_EQ("push_pop_min, rank 4096", op(fd, CFFS_OP_PUSHPOP, ENETSTL_CFFS_RANKS), -EINVAL);
	CHECK_EQ("still empty", q->l0, 0);
	CHECK_EQ("push 100", op(fd, CFFS_OP_PUSH, 100), 0);
	CHECK_EQ("push_pop_min below the lowest: the rank back", op(fd, CFFS_OP_PUSHPOP, 99), 99);
	CHECK_EQ("push_pop_min at the lowest: the rank back", op(fd, CFFS_OP_PUSHPOP, 100), 100);
	CHECK(q->count[100] == 1 && q->count[99] == 0, "queue changed: counts %u %u",
	      q->count[100], q->count[99]);
	q->count[200] = UINT32_MAX;
	q->l1[3] |= 1ull << 8;
	q->l0 |= 1ull << 3;
	CHECK_EQ("push_pop_min to a full count above the lowest", op(fd, CFFS_OP_PUSHPOP, 200),
		 -EOVERFLOW);
	CHECK_EQ("lowest kept", q->count[100], 1);
	CHECK_EQ("push_pop_min above the lowest: the lowest", op(fd, CFFS_OP_PUSHPOP, 101), 100);
	CHECK(q->count[100] == 0 && q->count[101] == 1 && q->l1[1] == 1ull << 37,
	      "after push_pop_min: count[100] %u count[101] %u l1[1] %#llx", q->count[100],
	      q->count[101], (unsigned long long)q->l1[1]);
	snprintf(label, sizeof(label), "[%s] cffs: ranks from 4096 up refused with -EINVAL, a "
		 "full count with -EOVERFLOW, nothing changed; an empty queue gives -ENOENT; "
		 "push_pop_min gives back a rank not above the lowest", test_mode);
	tl_result("%s", label);
}

/* What cffs.h says of contents a program wrote inconsistently. */
static void inconsistent(int fd, struct enetstl_cffs *q)
{
	char label[192];

	tl_errors = 0;
	memset(q, 0, sizeof(*q));
	/* rank 70's bit with a count of 0: returned as if it had been 1 */
	q->l1[1] = 1ull << 6 | 1ull << 9;
	q->l0 = 1ull << 1;
	q->count[73] = 2;
	CHECK_EQ("set bit, count 0: the rank", op(fd, CFFS_OP_POP, 0), 70);
	CHECK_EQ("its bit cleared", q->l1[1], 1ull << 9);
	CHECK_EQ("its count stays 0", q->count[70], 0);
	CHECK_EQ("then rank 73", op(fd, CFFS_OP_POP, 0), 73);
	CHECK_EQ("rank 73 again", op(fd, CFFS_OP_POP, 0), 73);
	CHECK(q->l0 == 0 && q->l1[1] == 0, "emptied: l0 %#llx l1[1] %#llx",
	      (unsigned long long)q->l0, (unsigned long long)q->l1[1]);
	/* l0 names words 2 and 5, word 2 is empty: -EINVAL, then word 5 */
	q->l0 = 1ull << 2 | 1ull << 5;
	q->l1[5] = 1ull << 1;
	q->count[5 * 64 + 1] = 1;
	CHECK_EQ("l0 over an empty word", op(fd, CFFS_OP_POP, 0), -EINVAL);
	CHECK_EQ("that l0 bit cleared", q->l0, 1ull << 5);
	CHECK_EQ("then the next word's rank", op(fd, CFFS_OP_POP, 0), 5 * 64 + 1);
	CHECK_EQ("empty", op(fd, CFFS_OP_POP, 0), -ENOENT);
	/* the same through push_pop_min: -EINVAL, the bit cleared, nothing queued */
	q->l0 = 1ull << 2;
	CHECK_EQ("push_pop_min, l0 over an empty word", op(fd, CFFS_OP_PUSHPOP, 4000), -EINVAL);
	CHECK(q->l0 == 0 && q->count[4000] == 0, "push_pop_min left l0 %#llx, count %u",
	      (unsigned long long)q->l0, q->count[4000]);
	snprintf(label, sizeof(label), "[%s] cffs: a set bit with count 0 is taken as 1, an "
		 "l0 bit over an empty word is cleared with -EINVAL (cffs.h)", test_mode);
	tl_result("%s", label);
}

void test_cffs(void)
{
	struct cffs_calls *skel = cffs_calls__open_and_load();
	struct enetstl_cffs *q;
	int fd;

	if (!skel) {
		tl_errors = 1;
		tl_result("[load] cffs_calls.bpf.o loads");
		return;
	}
	fd = bpf_program__fd(skel->progs.xdp_cffs_op);
	q = mmap(NULL, sizeof(*q), PROT_READ | PROT_WRITE, MAP_SHARED,
		 bpf_map__fd(skel->maps.cffs_q), 0);
	if (q == MAP_FAILED) {
		tl_errors = 1;
		tl_result("[%s] cffs: mmap of the queue: %s", test_mode, strerror(errno));
	} else {
		ops(fd, q);
		refused(fd, q);
		inconsistent(fd, q);
		munmap(q, sizeof(*q));
	}
	cffs_calls__destroy(skel);
}
