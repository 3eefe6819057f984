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

/*
 * The suites, in the order they run: X(name, function, native_only), where
 * native_only suites do not run with generic_only=1. main.c makes its table
 * from this list; --only and --filter select by name.
 */
#define RUNNER_SUITES(X)				\
	X(bitops,	test_bitops,		false)	\
	X(crc32c,	test_crc32c,		false)	\
	X(bitmap,	test_bitmap_ffs,	false)	\
	X(syscall,	test_syscall_prog,	false)	\
	X(nullmem,	test_null_mem,		false)	\
	X(compare,	test_compare,		false)	\
	X(hash,		test_hash,		false)	\
	X(cm,		test_cm,		false)	\
	X(cuckoo,	test_cuckoo,		false)	\
	X(cffs,		test_cffs,		false)	\
	X(wheel,	test_wheel,		false)	\
	X(random,	test_random,		false)	\
	X(flow,		test_flow,		false)	\
	X(simd,		test_simd,		false)	\
	X(mem,		test_mem,		false)	\
	X(list,		test_list,		false)	\
	X(skiplist,	test_skiplist,		false)	\
	X(memdtor,	test_mem_dtor,		true)	\
	X(verifier,	test_verifier,		true)	\
	X(rx,		test_rx_path,		true)	\
	X(fpu,		test_fpu_integrity,	true)	\
	X(pinned,	test_module_pinned,	false)

#define RUNNER_SUITE_DECLARE(name, fn, native_only) void fn(void);
RUNNER_SUITES(RUNNER_SUITE_DECLARE)
#undef RUNNER_SUITE_DECLARE

#endif
