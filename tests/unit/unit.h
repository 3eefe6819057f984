/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unit.h - a minimal test harness for the userspace unit tests: named checks
 * that print what they compared on failure, and the closing count line.
 */
#ifndef _ENETSTL_UNIT_H
#define _ENETSTL_UNIT_H

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

extern unsigned int unit_passed, unit_failed;
extern unsigned int unit_case_failures;

/* Inside a case: record a mismatch, print the first few. */
#define EXPECT_EQ(what, got, want) do {						\
	unsigned long long __g = (unsigned long long)(got);			\
	unsigned long long __w = (unsigned long long)(want);			\
	if (__g != __w && unit_case_failures++ < 5)				\
		fprintf(stderr, "  %s:%d: %s: got %#llx, want %#llx\n",	\
			__FILE__, __LINE__, (what), __g, __w);			\
} while (0)

struct unit_case {
	const char *name;
	void (*fn)(void);
};

/* Deterministic PRNG (xorshift64*), seeded per run so failures reproduce. */
uint64_t unit_rand64(void);
void unit_seed(uint64_t seed);

/* A buffer of @len bytes that ends exactly at a PROT_NONE guard page. */
void *unit_guarded(size_t len);
void unit_guarded_free(void *p, size_t len);

#endif
