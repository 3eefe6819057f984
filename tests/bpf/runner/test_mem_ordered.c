// SPDX-License-Identifier: GPL-2.0
/*
 * test_mem_ordered.c - ordered lists (kmod/enetstl_mem_ordered.c): each
 * search/find/insert/erase refusal with its error, from one CPU and from
 * two at once; calls on the longest keys stay bounded in time.
 */
#include <pthread.h>
#include <time.h>
#include "test_mem.h"

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
	/* descents start at the start node's highest non-empty slot, kept exact */
	{ "search 60: level 1 stops at 50", { .code = MOP_PRED, .a = 0, .slot = 1, .val = 60 }, 5 },
	{ "search 60: level 2 stops at 10", { .code = MOP_PRED, .a = 0, .slot = 2, .val = 60 }, 1 },
	{ "search 60: level 12 stays on the head", { .code = MOP_PRED, .a = 0, .slot = 12, .val = 60 }, 0 },
	{ "link the head's slot 12 to 50 (above its levels)", { .code = MOP_LINK, .a = 0, .b = 5, .slot = 12 }, 0 },
	{ "search 60: level 12 now reaches 50", { .code = MOP_PRED, .a = 0, .slot = 12, .val = 60 }, 5 },
	{ "search 60: level 2 goes on from 50", { .code = MOP_PRED, .a = 0, .slot = 2, .val = 60 }, 5 },
	{ "search 40: level 12 stays on the head", { .code = MOP_PRED, .a = 0, .slot = 12, .val = 40 }, 0 },
	{ "search 40: level 2 stops at 10", { .code = MOP_PRED, .a = 0, .slot = 2, .val = 40 }, 1 },
	{ "link 10's slot 9 to 50", { .code = MOP_LINK, .a = 1, .b = 5, .slot = 9 }, 0 },
	{ "unlink the head's slot 12", { .code = MOP_UNLINK, .a = 0, .slot = 12 }, 0 },
	{ "search 60: level 12 stays on the head again", { .code = MOP_PRED, .a = 0, .slot = 12, .val = 60 }, 0 },
	{ "search 60: level 2 stops at 10 again (the head's top fell to 3)", { .code = MOP_PRED, .a = 0, .slot = 2, .val = 60 }, 1 },
	{ "search 60 from 10: level 9 reaches 50", { .code = MOP_PRED, .a = 1, .slot = 9, .val = 60 }, 5 },
	{ "unlink 10's slot 9", { .code = MOP_UNLINK, .a = 1, .slot = 9 }, 0 },
	{ "search 60 from 10: level 9 stays on 10", { .code = MOP_PRED, .a = 1, .slot = 9, .val = 60 }, 1 },
	{ "search 60 from 10: level 1 reaches 50 (10's top fell to 2)", { .code = MOP_PRED, .a = 1, .slot = 1, .val = 60 }, 5 },
	{ "find 50 after the unlinks", { .code = MOP_FIND, .a = 0, .val = 50 }, 50 },
	{ "free 10 while the head links to it: refused", { .code = MOP_FREE, .a = 1 }, -EBUSY },
	{ "find 10", { .code = MOP_FIND, .a = 0, .val = 10 }, 10 },
	{ "free the new 40 (never linked)", { .code = MOP_FREE, .a = 4 }, 0 },
	{ "link 50 back to 10: a cycle", { .code = MOP_LINK, .a = 5, .b = 1, .slot = 0 }, 0 },
	{ "find 60 around the cycle", { .code = MOP_FIND, .a = 0, .val = 60 }, -ENOENT },
	{ "erase 60 around the cycle", { .code = MOP_ERASE, .a = 0, .val = 60 }, -ELOOP },
	{ "insert 60 around the cycle", { .code = MOP_INSERT, .a = 7, .b = 0, .slot = 1 }, -ELOOP },
	{ "enetstl_node_new: 5 in row 4", { .code = MOP_NEW, .a = 4, .val = 5 }, 0 },
	{ "insert 5 (before the cycle)", { .code = MOP_INSERT, .a = 4, .b = 0, .slot = 2 }, 0 },
	{ "find 5", { .code = MOP_FIND, .a = 0, .val = 5 }, 5 },
	{ "erase 5 under its find_data() payload, write it, allocate: memory not reused",
	  { .code = MOP_ERASE_HELD, .a = 0, .val = 5 }, 0 },
	{ "find 5 after that erase", { .code = MOP_FIND, .a = 0, .val = 5 }, -ENOENT },
	{ "erase_held of a missing key", { .code = MOP_ERASE_HELD, .a = 0, .val = 5 }, -ENOENT },
};

void mem_ordered_test(void)
{
	static const uint64_t vals[8] = { 0, 10, 20, 30, 40, 50, 20, 60 };
	struct mem_calls *skel;
	uint64_t foreign;
	char label[160];
	int64_t r;

	tl_errors = 0;
	skel = mem_open_root(0, MEM_PAYLOAD);
	if (!skel)
		goto out;
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
	mem_calls__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: ordered lists: find/insert/erase, %zu cases (-EEXIST, -EBUSY for linked nodes and busy slots, -EXDEV, -ELOOP, bad sizes)",
		 test_mode, sizeof(ordered_cases) / sizeof(ordered_cases[0]));
	tl_result("%s", label);
}

/*
 * An indexed list (enetstl_node_index()): sized for 1 entry, so one bucket
 * of 4 ways; the fifth and later members are counted in its over and found
 * by descents. Every refusal that keeps the members exactly the list's.
 * Rows: 0 the head, 1..7 nodes 10..70, 8 a made-up handle, 9 a second head.
 */
static const struct ordered_case index_cases[] = {
	{ "index a made-up head", { .code = MOP_INDEX, .a = 8, .val = 8, .slot = 1 }, -ENOENT },
	{ "index with a 0-byte key", { .code = MOP_INDEX, .a = 0, .val = 0, .slot = 1 }, -EINVAL },
	{ "index with a key longer than the payload", { .code = MOP_INDEX, .a = 0, .val = 64, .slot = 1 }, -EINVAL },
	{ "index for 0 entries", { .code = MOP_INDEX, .a = 0, .val = 8, .slot = 0 }, -EINVAL },
	{ "insert 10 into the second head's list", { .code = MOP_INSERT, .a = 1, .b = 9, .slot = 1 }, 0 },
	{ "index a list that is not empty", { .code = MOP_INDEX, .a = 9, .val = 8, .slot = 1 }, -EBUSY },
	{ "erase 10 from it", { .code = MOP_ERASE, .a = 9, .val = 10 }, 0 },
	{ "enetstl_node_new: 10 in row 1 again", { .code = MOP_NEW, .a = 1, .val = 10 }, 0 },
	{ "index the head (8-byte keys, 1 entry: one bucket)", { .code = MOP_INDEX, .a = 0, .val = 8, .slot = 1 }, 0 },
	{ "index it again", { .code = MOP_INDEX, .a = 0, .val = 8, .slot = 1 }, -EEXIST },
	{ "index the second head: one index a container", { .code = MOP_INDEX, .a = 9, .val = 8, .slot = 1 }, -EEXIST },
	{ "insert 10 with a 16-byte key: not the index's", { .code = MOP_INSERT, .a = 1, .b = 0, .slot = 1, .val = 16 }, -EINVAL },
	{ "insert 10 (3 levels)", { .code = MOP_INSERT, .a = 1, .b = 0, .slot = 3 }, 0 },
	{ "insert 20 (1 level)", { .code = MOP_INSERT, .a = 2, .b = 0, .slot = 1 }, 0 },
	{ "insert 30 (16 levels)", { .code = MOP_INSERT, .a = 3, .b = 0, .slot = 16 }, 0 },
	{ "insert 40 (2 levels): the bucket is full", { .code = MOP_INSERT, .a = 4, .b = 0, .slot = 2 }, 0 },
	{ "insert 50: counted in the bucket's over", { .code = MOP_INSERT, .a = 5, .b = 0, .slot = 1 }, 0 },
	{ "insert 60: over 2", { .code = MOP_INSERT, .a = 6, .b = 0, .slot = 4 }, 0 },
	{ "insert a second 30", { .code = MOP_INSERT, .a = 7, .b = 0, .slot = 1 }, -EEXIST },
	{ "find 10 (a way)", { .code = MOP_FIND, .a = 0, .val = 10 }, 10 },
	{ "find 40 (a way)", { .code = MOP_FIND, .a = 0, .val = 40 }, 40 },
	{ "find 50 (over: a descent)", { .code = MOP_FIND, .a = 0, .val = 50 }, 50 },
	{ "find 60 (over: a descent)", { .code = MOP_FIND, .a = 0, .val = 60 }, 60 },
	{ "find 35", { .code = MOP_FIND, .a = 0, .val = 35 }, -ENOENT },
	{ "search 60 descends as before: 30 is its level-3 predecessor", { .code = MOP_PRED, .a = 0, .slot = 3, .val = 60 }, 3 },
	{ "link a member's slot", { .code = MOP_LINK, .a = 1, .b = 3, .slot = 5 }, -EPERM },
	{ "unlink a member's slot", { .code = MOP_UNLINK, .a = 1, .slot = 0 }, -EPERM },
	{ "link the head's slot", { .code = MOP_LINK, .a = 0, .b = 5, .slot = 12 }, -EPERM },
	{ "unlink the head's slot", { .code = MOP_UNLINK, .a = 0, .slot = 0 }, -EPERM },
	{ "insert the second head under a member", { .code = MOP_INSERT, .a = 9, .b = 2, .slot = 1 }, -EPERM },
	{ "insert a member into the second head's list", { .code = MOP_INSERT, .a = 6, .b = 9, .slot = 16 }, -EBUSY },
	{ "find 60 after the refusals", { .code = MOP_FIND, .a = 0, .val = 60 }, 60 },
	{ "link the second head's slot to a member (not in the list)", { .code = MOP_LINK, .a = 9, .b = 2, .slot = 0 }, 0 },
	{ "erase 20: linked from outside, refused", { .code = MOP_ERASE, .a = 0, .val = 20 }, -EBUSY },
	{ "unlink the second head's slot", { .code = MOP_UNLINK, .a = 9, .slot = 0 }, 0 },
	{ "free the head of a list that is not empty", { .code = MOP_FREE, .a = 0 }, -EBUSY },
	{ "free a member", { .code = MOP_FREE, .a = 4 }, -EBUSY },
	{ "erase 20 (a way)", { .code = MOP_ERASE, .a = 0, .val = 20 }, 0 },
	{ "find 20 after its erase", { .code = MOP_FIND, .a = 0, .val = 20 }, -ENOENT },
	{ "erase 60 (over)", { .code = MOP_ERASE, .a = 0, .val = 60 }, 0 },
	{ "find 60 after its erase", { .code = MOP_FIND, .a = 0, .val = 60 }, -ENOENT },
	{ "find 50 after the erases", { .code = MOP_FIND, .a = 0, .val = 50 }, 50 },
	{ "enetstl_node_new: 70 in row 7", { .code = MOP_NEW, .a = 7, .val = 70 }, 0 },
	{ "insert 70: the freed way", { .code = MOP_INSERT, .a = 7, .b = 0, .slot = 2 }, 0 },
	{ "find 70", { .code = MOP_FIND, .a = 0, .val = 70 }, 70 },
	{ "erase 50 under its find_data() payload: memory not reused",
	  { .code = MOP_ERASE_HELD, .a = 0, .val = 50 }, 0 },
	{ "find 50 after that erase", { .code = MOP_FIND, .a = 0, .val = 50 }, -ENOENT },
	{ "erase 10", { .code = MOP_ERASE, .a = 0, .val = 10 }, 0 },
	{ "erase 30", { .code = MOP_ERASE, .a = 0, .val = 30 }, 0 },
	{ "erase 40", { .code = MOP_ERASE, .a = 0, .val = 40 }, 0 },
	{ "erase 70", { .code = MOP_ERASE, .a = 0, .val = 70 }, 0 },
	{ "find 40 in the empty list", { .code = MOP_FIND, .a = 0, .val = 40 }, -ENOENT },
	{ "free the empty list's head: the index goes with it", { .code = MOP_FREE, .a = 0 }, 0 },
	{ "index the second head now", { .code = MOP_INDEX, .a = 9, .val = 8, .slot = 200 }, 0 },
	{ "enetstl_node_new: 10 in row 1", { .code = MOP_NEW, .a = 1, .val = 10 }, 0 },
	{ "insert 10 into the second head's indexed list", { .code = MOP_INSERT, .a = 1, .b = 9, .slot = 2 }, 0 },
	{ "find 10 there", { .code = MOP_FIND, .a = 9, .val = 10 }, 10 },
	/* the container is dropped with its index and a member in it */
};

/*
 * Flow keys (16 and 40 bytes) in an index: enetstl_node_find_data()'s
 * inline path. The same one-bucket index, keys of K bytes (the node's
 * value, then zeros); finds of K bytes answered by a way, by a descent
 * (over), or not at all; of 8 bytes by a descent (not the index's size).
 * Rows: 0 the head, 1..6 nodes 10..60, 8 a made-up handle.
 */
static const struct ordered_case flow_index_cases[] = {
	{ "index the head (K-byte keys, 1 entry: one bucket)", { .code = MOP_INDEX, .a = 0, .slot = 1 }, 0 },
	{ "find 10 in the empty list", { .code = MOP_FIND, .a = 0, .val = 10 }, -ENOENT },
	{ "insert 10 (3 levels)", { .code = MOP_INSERT, .a = 1, .b = 0, .slot = 3 }, 0 },
	{ "insert 20 (1 level)", { .code = MOP_INSERT, .a = 2, .b = 0, .slot = 1 }, 0 },
	{ "insert 30 (16 levels)", { .code = MOP_INSERT, .a = 3, .b = 0, .slot = 16 }, 0 },
	{ "insert 40 (2 levels): the bucket is full", { .code = MOP_INSERT, .a = 4, .b = 0, .slot = 2 }, 0 },
	{ "insert 50: over", { .code = MOP_INSERT, .a = 5, .b = 0, .slot = 1 }, 0 },
	{ "insert 60: over 2", { .code = MOP_INSERT, .a = 6, .b = 0, .slot = 4 }, 0 },
	{ "find 10 (a way)", { .code = MOP_FIND, .a = 0, .val = 10 }, 10 },
	{ "find 40 (a way)", { .code = MOP_FIND, .a = 0, .val = 40 }, 40 },
	{ "find 50 (over: a descent)", { .code = MOP_FIND, .a = 0, .val = 50 }, 50 },
	{ "find 60 (over: a descent)", { .code = MOP_FIND, .a = 0, .val = 60 }, 60 },
	{ "find 35 (none)", { .code = MOP_FIND, .a = 0, .val = 35 }, -ENOENT },
	{ "find 30 with an 8-byte key (a descent)", { .code = MOP_FIND, .a = 0, .slot = 8, .val = 30 }, 30 },
	{ "find 30 with a 48-byte key (a descent, longer than the keys)", { .code = MOP_FIND, .a = 0, .slot = 48, .val = 30 }, 30 },
	{ "find 30 under a made-up head", { .code = MOP_FIND, .a = 8, .val = 30 }, -ENOENT },
	{ "erase 40 (a way)", { .code = MOP_ERASE, .a = 0, .val = 40 }, 0 },
	{ "find 40 after its erase", { .code = MOP_FIND, .a = 0, .val = 40 }, -ENOENT },
	{ "find 60 after it", { .code = MOP_FIND, .a = 0, .val = 60 }, 60 },
};

static void mem_flow_index_test(struct mem_calls *skel, uint32_t k)
{
	int64_t r;

	/* runner 1's table, root 2: a container of 48-byte payloads (40-byte keys fit) */
	CHECK_EQ("setup 2", mem_setup(skel, 2, 48, 0, NULL), 0);
	for (int i = 0; i <= 6; i++) {
		run_one(skel, 1, 2, (struct mem_op){ .code = MOP_NEW, .a = i, .val = 10 * i }, &r);
		CHECK_EQ("new", r, 0);
	}
	CHECK_EQ("row 8: a made-up handle", table_set(skel, 1, 8, table_handle(skel, 1, 0) + 1000), 0);
	for (size_t i = 0; i < sizeof(flow_index_cases) / sizeof(flow_index_cases[0]); i++) {
		struct mem_op op = flow_index_cases[i].op;
		char what[160];

		snprintf(what, sizeof(what), "%u-byte keys: %s", k, flow_index_cases[i].what);
		if (op.code == MOP_INDEX) {
			r = mem_index(skel, table_handle(skel, 1, op.a), k, op.slot);
		} else {
			if (op.code == MOP_INSERT)
				op.val = k;
			else if (!op.slot)	/* find and erase: K-byte keys */
				op.slot = k;
			run_one(skel, 1, 2, op, &r);
		}
		CHECK_EQ(what, r, flow_index_cases[i].want);
	}
	CHECK_EQ("drop 2", mem_drop(skel, 2), 0);
}

void mem_index_test(void)
{
	static const uint64_t vals[8] = { 0, 10, 20, 30, 40, 50, 60, 30 };
	struct mem_calls *skel;
	char label[200];
	int64_t r;

	tl_errors = 0;
	skel = mem_open_root(0, MEM_PAYLOAD);
	if (!skel)
		goto out;
	for (int i = 0; i < 8; i++) {
		run_one(skel, 0, 0, (struct mem_op){ .code = MOP_NEW, .a = i, .val = vals[i] }, &r);
		CHECK_EQ("new", r, 0);
	}
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_NEW, .a = 9, .val = 0 }, &r);
	CHECK_EQ("the second head", r, 0);
	CHECK_EQ("row 8: a made-up handle", table_set(skel, 0, 8, table_handle(skel, 0, 0) + 1000), 0);
	for (size_t i = 0; i < sizeof(index_cases) / sizeof(index_cases[0]); i++) {
		const struct ordered_case *c = &index_cases[i];

		if (c->op.code == MOP_INDEX)
			r = mem_index(skel, table_handle(skel, 0, c->op.a), c->op.val, c->op.slot);
		else
			run_one(skel, 0, 0, c->op, &r);
		CHECK_EQ(c->what, r, c->want);
	}
	CHECK_EQ("index for ENETSTL_MEM_INDEX_MAX + 1 entries",
		 mem_index(skel, table_handle(skel, 0, 9), 8, ENETSTL_MEM_INDEX_MAX + 1), -EINVAL);
	/* the buckets count toward max_bytes: 40 + 56 per bucket here */
	CHECK_EQ("setup 1: a 4 KiB container", mem_setup(skel, 1, MEM_PAYLOAD, 4096, NULL), 0);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_NEW, .a = 0, .val = 0 }, &r);
	CHECK_EQ("its head", r, 0);
	CHECK_EQ("an index over its max_bytes (256 buckets)",
		 mem_index(skel, table_handle(skel, 1, 0), 8, 200), -ENOMEM);
	CHECK_EQ("an index within it (16 buckets)", mem_index(skel, table_handle(skel, 1, 0), 8, 16), 0);
	CHECK_EQ("drop 1", mem_drop(skel, 1), 0);
	mem_flow_index_test(skel, 16);
	mem_flow_index_test(skel, 40);
	CHECK_EQ("drop 0", mem_drop(skel, 0), 0);
	mem_check_balanced("after the indexed lists' containers were dropped");
	mem_calls__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: indexed ordered list: %zu cases (ways and over, -EPERM link/unlink, -EBUSY, -EEXIST, -EINVAL sizes, -ENOMEM over max_bytes, index freed with its head); %zu each with 16- and 40-byte keys",
		 test_mode, sizeof(index_cases) / sizeof(index_cases[0]),
		 sizeof(flow_index_cases) / sizeof(flow_index_cases[0]));
	tl_result("%s", label);
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
	struct mem_calls *skel;
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
		int i = tl_rand64(&x->seed) % OC_KEYS, r = tl_rand64(&x->seed) % 10;
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
							.slot = 1 + tl_rand64(&x->seed) % 16 };
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

void mem_ordered_concurrent_test(uint32_t index_entries)
{
	static struct ordered_ctx x[MEM_RUNNERS];
	pthread_t tid[MEM_RUNNERS];
	struct mem_calls *skel;
	char label[220];
	long base, held = 1;
	int64_t r;

	tl_errors = 0;
	skel = mem_open();
	if (!skel)
		goto out;
	base = held_nodes();
	CHECK_EQ("mem_setup", mem_setup(skel, 0, MEM_PAYLOAD, 0, NULL), 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_NEW, .a = 0, .val = 0 }, &r);
	CHECK_EQ("the head", r, 0);
	if (index_entries)	/* far fewer ways than keys: many members only a descent finds */
		CHECK_EQ("index the list", mem_index(skel, table_handle(skel, 0, 0), 8,
						     index_entries), 0);
	CHECK_EQ("runner 1 shares the head", table_set(skel, 1, 0, table_handle(skel, 0, 0)), 0);
	for (int i = 0; i < MEM_RUNNERS; i++) {
		memset(&x[i], 0, sizeof(x[i]));
		x[i].skel = skel;
		x[i].runner = i;
		x[i].seed = tl_rand() | 1;
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
			if (r != want && tl_errors++ < 5)
				printf("  key %llu: got %lld, want %lld\n",
				       (unsigned long long)oc_key(i, k), (long long)r, (long long)want);
			held += x[i].present[k];
		}
	}
	CHECK_EQ("nodes held: the head and both models' keys", held_nodes() - base, held);
	CHECK_EQ("mem_drop", mem_drop(skel, 0), 0);
	mem_check_balanced("after the shared list's container was dropped");
	mem_calls__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: ordered list%s, two CPUs inserting/erasing/finding at once, %d x %d ops each: exact, all freed",
		 test_mode, index_entries ? " with an 8-bucket index" : "", OC_BATCHES, OC_OPS);
	tl_result("%s", label);
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
void mem_bounded_test(void)
{
	static const struct { uint8_t slot; const char *call; int64_t want; } calls[] = {
		{ 0, "erase", -ELOOP }, { 1, "find", -ENOENT }, { 2, "search", -ELOOP },
	};
	uint64_t ns[BIG_CALL_REPS], worst = 0, median_worst = 0;
	struct mem_calls *skel;
	char label[200];
	int64_t res;

	tl_errors = 0;
	skel = mem_open_root(0, MEM_BIGKEY);
	if (!skel)
		goto out;
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
	mem_calls__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: erase, find, search with %d-byte keys in a cycle end (-ELOOP), median under %d us (worst median %.0f us); longer keys refused",
		 test_mode, ENETSTL_MEM_KEY_MAX, BIG_CALL_US_MAX, median_worst / 1e3);
	tl_result("%s", label);
}

