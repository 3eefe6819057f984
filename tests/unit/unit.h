/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unit.h - the userspace unit tests: tables of named cases, run by
 * unit_main.c with the shared test library (tests/lib/tl.h) for checks,
 * result lines and the seeded generator.
 */
#ifndef _ENETSTL_UNIT_H
#define _ENETSTL_UNIT_H

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include "tl.h"	/* CHECK, CHECK_EQ, tl_rand: the shared test library */

struct unit_case {
	const char *name;
	void (*fn)(void);
};

/* A buffer of @len bytes that ends exactly at a PROT_NONE guard page. */
void *unit_guarded(size_t len);
void unit_guarded_free(void *p, size_t len);

#endif
