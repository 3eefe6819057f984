// SPDX-License-Identifier: GPL-2.0
/* unit_main.c - runs every test case table, prints "N passed, N failed". */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "unit.h"

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

extern const struct unit_case bitops_cases[], crc32c_cases[], cm_crc_cases[], compare_cases[],
	hash_cases[], random_cases[], flow_cases[];
static const struct unit_case *const tables[] = {
	bitops_cases, crc32c_cases, cm_crc_cases, compare_cases, hash_cases, random_cases,
	flow_cases,
};

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	uint64_t seed = tl_seed("unit", "UNIT_SEED", 1);
	const struct unit_case *c;
	unsigned int t;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (c = tables[t]; c->name; c++) {
			if (filter && !strstr(c->name, filter))
				continue;
			tl_srand(seed);
			c->fn();
			tl_result("%s", c->name);
		}
	}
	return tl_summary("unit");
}
