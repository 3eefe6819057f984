// SPDX-License-Identifier: GPL-2.0
/*
 * flow_unaligned.c - enetstl_flow_parse_inline() for test_flow.c, built
 * without UBSan's alignment check (Makefile): the parse reads headers at
 * whatever alignment the frame gives them, as the kernel does on x86 (an
 * XDP frame's IP header sits 2 bytes off a 4-byte boundary), and the test's
 * frames end at a guard page, so they start at any alignment.
 */
#include "unit.h"
#include <enetstl/flow.h>

int unit_flow_parse(void *data, void *end, struct enetstl_flow_key *k)
{
	return enetstl_flow_parse_inline(data, end, k);
}
