/* SPDX-License-Identifier: GPL-2.0 */
/*
 * skiplist.h - layouts shared by the skip list built on the memory wrapper
 * (skiplist.bpf.c) and its runner (test_skiplist.c, the bench).
 */
#ifndef _ENETSTL_SKIPLIST_H
#define _ENETSTL_SKIPLIST_H

#include <linux/types.h>

#define SL_HEIGHT	16	/* levels; one node slot per level */
#define SL_OPS		1024	/* operations per batch */
#define SL_VALUE_WORDS	8	/* 64-byte values */
#define SL_GOLDEN	0x9e3779b97f4a7c15ull

/* Node payload: 16-byte key, 64-byte value. */
struct sl_data {
	__u64 key[2];
	__u64 value[SL_VALUE_WORDS];	/* value[i] = v + i * SL_GOLDEN */
	__u32 level;
	__u32 pad;
};

/* How skiplist.bpf.c searches (its .rodata sl_search). */
enum sl_mode {
	SL_MODE_LOOP,		/* step by step in bpf_loop() */
	SL_MODE_SEARCH,		/* enetstl_node_search(), then per-level links */
	SL_MODE_ORDERED,	/* enetstl_node_find/insert/erase: one kfunc per operation */
	SL_MODES,
};

enum sl_op_code {
	SL_INSERT,	/* -> 0 new, 1 updated, -ENOMEM */
	SL_LOOKUP,	/* -> v, -ENOENT, -EBADMSG (value words inconsistent) */
	SL_DELETE,	/* -> 0, -ENOENT */
	SL_CHECK,	/* -> number of nodes at level 0, -EBADMSG if out of order */
};

struct sl_op {
	__u32 code;
	__u32 pad;
	__u64 key[2];
	__u64 val;
};

struct sl_opbuf {
	__u32 n;
	__u32 next;		/* next op to run: each program run does one */
	struct sl_op op[SL_OPS];
};

struct sl_results {
	__s64 res[SL_OPS];
};

#endif
