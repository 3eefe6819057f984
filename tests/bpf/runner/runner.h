/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runner.h - the in-guest test runner: checks print what they compared, each
 * test ends in one PASS/FAIL/SKIP line, and main prints "N passed, N failed"
 * (tests/lib/tl.h).
 */
#ifndef _ENETSTL_RUNNER_H
#define _ENETSTL_RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "tl.h"	/* CHECK, CHECK_EQ, tl_result, tl_skip, tl_rand */

/* Label of the current module mode ("generic" or "native"). */
extern const char *test_mode;

/* Kernel module control (kmod_util.c). */
int mod_load(const char *path, const char *params);
int mod_unload(const char *name, int wait_ms);
bool path_exists(const char *path);
int read_file(const char *path, char *buf, size_t size);
/* Drain /dev/kmsg and report whether any message since the last call contains @needle. */
bool kmsg_contains(const char *needles);	/* one of "a|b|..." */
void kmsg_mark(void);
bool cpu_has_flag(const char *flag);

/* Memory wrapper counters, /sys/module/enetstl/mem_stats (test_mem.c). */
struct mem_stats {
	int64_t containers_created, containers_freed;
	int64_t nodes_allocated, nodes_dropped, nodes_freed, nodes_reused;
	int64_t lists_created, lists_freed;
	int64_t alloc_failed, bytes, destroys_pending;
};
int mem_stats_read(struct mem_stats *s);
bool mem_stats_balanced(struct mem_stats *s);
void mem_check_balanced(const char *when);

/* Test groups. */
void test_bitops(void);
void test_crc32c(void);
void test_bitmap_ffs(void);
void test_syscall_prog(void);
void test_null_mem(void);
void test_compare(void);
void test_hash(void);
void test_cm(void);
void test_random(void);
void test_simd(void);
void test_mem_dtor(void);
void test_fpu_integrity(void);
void test_verifier(void);
void test_rx_path(void);
void test_module_pinned(void);
void test_mem(void);
void test_list(void);
void test_skiplist(void);

#endif
