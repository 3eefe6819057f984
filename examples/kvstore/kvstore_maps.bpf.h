/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvstore_maps.bpf.h - the dump output of the key-value stores served by a
 * kv_ctl program (kv_enetstl, and the kernel-C store of tests/bench), by
 * the name the control plane (kv_ctl.c) reads.
 */
#ifndef _KVSTORE_MAPS_BPF_H
#define _KVSTORE_MAPS_BPF_H

#include "kvstore.h"

/* Dump output: one chunk of entries, in key order. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kv_chunk);
} kv_out SEC(".maps");

#endif
