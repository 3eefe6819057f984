// SPDX-License-Identifier: GPL-2.0
/* tl.c - the shared test library (tl.h). */
#include <stdarg.h>
#include <stdlib.h>
#include "tl.h"

unsigned int tl_errors;
static unsigned int passed, failed, skipped;
uint64_t tl_rand_state = 1;

void tl_result(const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", tl_errors ? "FAIL" : "PASS");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (tl_errors)
		printf(" (%u mismatches)", tl_errors);
	printf("\n");
	fflush(stdout);
	if (tl_errors)
		failed++;
	else
		passed++;
	tl_errors = 0;
}

void tl_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	printf("SKIP: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(": %s\n", why);
	fflush(stdout);
	skipped++;
	tl_errors = 0;
}

int tl_summary(const char *label)
{
	printf("%s: %u passed, %u failed, %u skipped\n", label, passed, failed, skipped);
	fflush(stdout);
	return failed ? 1 : 0;
}

uint64_t tl_seed(const char *label, const char *var, uint64_t dflt)
{
	const char *env = getenv(var);
	uint64_t s = env && *env ? strtoull(env, NULL, 0) : dflt;

	if (!s)
		s = 1;
	printf("%s: seed %#llx (set %s to repeat)\n", label, (unsigned long long)s, var);
	return s;
}

void tl_srand(uint64_t seed)
{
	tl_rand_state = seed ? seed : 1;
}

void tl_rand_bytes(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = (uint8_t)tl_rand();
}
