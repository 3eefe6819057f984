/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cuckoo_maps.bpf.h - what every cuckoo switch object has, by the names its
 * control plane (cuckoo_ctl.c), the loader and the tests use: the .rodata
 * forward flag, the table and the per-port counters, and what a hit does.
 */
#ifndef _CUCKOO_MAPS_BPF_H
#define _CUCKOO_MAPS_BPF_H

#include "cuckoo.h"

/* 1: XDP_REDIRECT hits to their port (an ifindex); 0: count and pass. */
const volatile __u32 forward = 0;

#ifdef NF_FLAVOR_TABLE
/*
 * The table flavor: the whole table as global data in a section of its own
 * (CK_TABLE_DATA, cuckoo_ctl.h), one map value that the program reaches
 * with no lookup and the verifier sizes for enetstl_cuckoo_flow_find(); the
 * control plane writes it through mmap(). Bytes, not a struct ck_table:
 * the generated skeletons then need no type of ours.
 */
__u8 ck_table[sizeof(struct ck_table)] SEC(".data.ck_table") __attribute__((aligned(8)));
#else
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CK_BUCKETS);
	__type(key, __u32);
	__type(value, struct ck_bucket);
} ck_table SEC(".maps");
#endif

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ck_port_stats);
} ck_ports SEC(".maps");

/* A hit on @port: count it; XDP_REDIRECT to it if forward is set, else XDP_PASS. */
static __always_inline int ck_hit(__u32 port)
{
	struct ck_port_stats *ps;
	__u32 zero = 0;

	ps = bpf_map_lookup_elem(&ck_ports, &zero);
	if (ps)
		ps->packets[port % CK_PORTS]++;
	if (forward)
		return bpf_redirect(port, 0);
	return XDP_PASS;
}

#endif
