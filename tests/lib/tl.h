/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tl.h - the test library every C test program shares (unit tests, the VM
 * runner, the NF oracle tests, the benchmarks): checks that say what they
 * compared, one PASS/FAIL/SKIP line per test, the closing
 * "LABEL: N passed, N failed, N skipped" line that make check counts, and a
 * seeded generator so that a failing run can be repeated.
 */
#ifndef _ENETSTL_TL_H
#define _ENETSTL_TL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Mismatches in the current test; tl_result() ends the test and resets it. */
extern unsigned int tl_errors;

/* Record a failed check and print the first few; evaluates to @cond. */
#define CHECK(cond, fmt, ...) ({						\
	bool __ok = (cond);							\
	if (!__ok && tl_errors++ < 5)						\
		printf("  %s:%d: check failed: " fmt "\n", __FILE__, __LINE__,	\
		       ##__VA_ARGS__);						\
	__ok;									\
})

#define CHECK_EQ(what, got, want) ({						\
	long long __g = (long long)(got), __w = (long long)(want);		\
	CHECK(__g == __w, "%s: got %lld (%#llx), want %lld (%#llx)", (what),	\
	      __g, (unsigned long long)__g, __w, (unsigned long long)__w);	\
})

/* End a test: "PASS: NAME", or "FAIL: NAME (N mismatches)" if a check failed. */
void tl_result(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A test that could not run: "SKIP: NAME: WHY" (always with its reason). */
void tl_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "LABEL: N passed, N failed, N skipped"; 0 if nothing failed, else 1. */
int tl_summary(const char *label);

/* xorshift64* (Vigna, 2016): the generator of every test; *@s must not be 0. */
static inline uint64_t tl_rand64(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

/* The run's shared stream, for tests without a stream of their own. */
extern uint64_t tl_rand_state;
/* Restart the shared stream at @seed (0 counts as 1). */
void tl_srand(uint64_t seed);
static inline uint64_t tl_rand(void)
{
	return tl_rand64(&tl_rand_state);
}
/* @n bytes from the shared stream. */
void tl_rand_bytes(void *p, size_t n);

/*
 * The run's seed: environment variable @var if set (decimal or 0x...), else
 * @dflt; printed as "LABEL: seed S (set VAR to repeat)". Never 0.
 */
uint64_t tl_seed(const char *label, const char *var, uint64_t dflt);

#endif /* _ENETSTL_TL_H */
