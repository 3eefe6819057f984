/* SPDX-License-Identifier: GPL-2.0 */
/* scratch_map.h - a per-CPU MAX_DATA-byte buffer for copying packet bytes into map memory. */
#ifndef _ENETSTL_SCRATCH_MAP_H
#define _ENETSTL_SCRATCH_MAP_H

#include "test_common.h"

struct scratch {
	__u8 b[MAX_DATA];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

#endif
