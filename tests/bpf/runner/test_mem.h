/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_mem.h - what the memory wrapper tests share (test_mem*.c): the
 * userspace model of a container's nodes, the drivers of the mem_calls.bpf.c
 * programs, and the test functions test_mem() runs in order.
 */
#ifndef _ENETSTL_TEST_MEM_H
#define _ENETSTL_TEST_MEM_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <enetstl/mem.h>
#include "runner.h"
#include "mem_test.h"
#include "mem_calls.skel.h"
#include "mem_drive.h"

#define ENODATA_ 61

/* ---- the model (test_mem.c) ---- */

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

void model_init(struct model *m);
/* Nodes the kernel must still hold: live, or linked from a live node. */
long model_held(const struct model *m);

void gen_ops(struct mem_opbuf *o, const struct model *m, int n, uint64_t *rs);
/* Ops that read everything back: each row's value and every slot. */
void gen_dump(struct mem_opbuf *o);

struct mem_ctx {
	struct mem_calls *skel;
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

/* ---- the mem_calls.bpf.c programs (test_mem.c) ---- */

extern const char *const op_names[];
struct mem_calls *mem_open(void);
/* mem_open(), then a container of nodes with @payload bytes on root @root (checked). */
struct mem_calls *mem_open_root(int root, uint32_t payload);
int mem_setup(struct mem_calls *skel, int root, uint32_t payload, uint64_t max_bytes,
	      uint64_t *handle);
int mem_drop(struct mem_calls *skel, int root);
int mem_index(struct mem_calls *skel, uint64_t head, uint32_t key_len, uint32_t entries);
/* Run ops[runner] on @root; results into @res. Returns operations run or -errno. */
int mem_run_table(struct mem_calls *skel, int runner, int root, int table,
		  const struct mem_opbuf *ops, struct mem_results *res);
int mem_run(struct mem_calls *skel, int runner, int root, const struct mem_opbuf *ops,
	    struct mem_results *res);
int run_one(struct mem_calls *skel, int runner, int root, struct mem_op op, int64_t *res);
/* One batch: run, then compare each result with the model's. */
unsigned int mem_batch(struct mem_ctx *x);
void *mem_thread(void *arg);
long held_nodes(void);
uint64_t table_handle(struct mem_calls *skel, int runner, int row);
/* Set row @row of table @runner to @h, as if the program had stored it. */
int table_set(struct mem_calls *skel, int runner, int row, uint64_t h);

/* ---- the tests, in the order test_mem() runs them ---- */

/* test_mem_nodes.c: the model, concurrency, limits, reuse, charges, memcg */
void mem_model_test(void);
void mem_concurrent_test(void);
void mem_stress_test(void);
void mem_limit_test(void);
void mem_reuse_test(void);
void mem_drop_walk_test(void);
void mem_charge_test(void);
void mem_memcg_test(void);
/* test_mem_ordered.c: ordered lists, from one CPU and two; bounded calls */
void mem_ordered_concurrent_test(uint32_t index_entries);
void mem_ordered_test(void);
void mem_index_test(void);
void mem_bounded_test(void);
/* test_mem_stats.c: handles, the module pin, isolation */
void mem_handles_test(void);
void mem_pin_test(void);
void mem_isolation_test(void);

#endif
