// SPDX-License-Identifier: GPL-2.0
/* unit_main.c - runs every test case table, prints "N passed, N failed". */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "unit.h"

unsigned int unit_passed, unit_failed, unit_case_failures;
static uint64_t unit_state = 0x9e3779b97f4a7c15ull;

void unit_seed(uint64_t seed)
{
	unit_state = seed ? seed : 1;
}

uint64_t unit_rand64(void)
{
	unit_state ^= unit_state >> 12;
	unit_state ^= unit_state << 25;
	unit_state ^= unit_state >> 27;
	return unit_state * 0x2545f4914f6cdd1dull;
}

void *unit_guarded(size_t len)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (len + pg - 1) / pg * pg;
	char *base = mmap(NULL, span + pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (base == MAP_FAILED || mprotect(base + span, pg, PROT_NONE)) {
		perror("unit_guarded");
		exit(2);
	}
	return base + span - len;
}

void unit_guarded_free(void *p, size_t len)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (len + pg - 1) / pg * pg;

	munmap((char *)p + len - span, span + pg);
}

extern const struct unit_case bitops_cases[], crc32c_cases[], compare_cases[],
	hash_cases[], random_cases[];
static const struct unit_case *const tables[] = {
	bitops_cases, crc32c_cases, compare_cases, hash_cases, random_cases,
};

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	uint64_t seed = getenv("UNIT_SEED") ? strtoull(getenv("UNIT_SEED"), NULL, 0) : 1;
	const struct unit_case *c;
	unsigned int t;

	printf("unit: seed %#llx (set UNIT_SEED to reproduce)\n", (unsigned long long)seed);
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (c = tables[t]; c->name; c++) {
			if (filter && !strstr(c->name, filter))
				continue;
			unit_seed(seed);
			unit_case_failures = 0;
			c->fn();
			if (unit_case_failures) {
				unit_failed++;
				printf("FAIL: %s (%u mismatches)\n", c->name, unit_case_failures);
			} else {
				unit_passed++;
				printf("PASS: %s\n", c->name);
			}
		}
	}
	printf("unit: %u passed, %u failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}
