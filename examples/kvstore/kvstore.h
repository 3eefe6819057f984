/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvstore.h - the flow key-value store, shared by kvstore.bpf.c and its
 * control plane (kv_ctl.c): per-flow state (packets, bytes, first and last
 * seen) under the 40-byte flow key, looked up, inserted and updated by
 * every packet; queried, deleted and dumped by the control plane.
 *
 * Two variants from one body, two different structures (no pure-eBPF skip
 * list can exist: eBPF has no pointer-linked nodes on 6.1):
 *   kv_enetstl  a skip list on the memory wrapper (enetstl/mem.h): one node
 *               per flow, struct kv_entry as its payload, ordered by the key
 *               bytes (memcmp), so dumps come out sorted, with a hashed
 *               index over its nodes (enetstl_node_index) for the finds
 *               of flow packets;
 *   kv_ebpf     a BPF hash map (BPF_MAP_TYPE_HASH, shared by all CPUs, as
 *               the skip list is) of nf_key -> struct kv_state.
 * Both admit a new flow while fewer than max_flows (.rodata) are stored and
 * count the packets of flows not admitted as KV_STAT_FULL. Counters are
 * updated with atomic adds: several CPUs may update one flow.
 */
#ifndef _KVSTORE_H
#define _KVSTORE_H

#include <linux/types.h>
#include "nf_common.h"

#define KV_MAX_FLOWS	65536	/* default max_flows, and the largest */
#define KV_HEIGHT	16	/* skip list levels (ENETSTL_MEM_SLOTS) */
/*
 * Container byte limit: 2 x KV_NODE_BYTES per flow (a node is about 160
 * bytes + the payload). Twice, because an erased node's memory comes back
 * after an RCU grace period: room for as many erased flows awaiting theirs
 * as there are stored ones. max_flows is the limit that binds.
 */
#define KV_NODE_BYTES	256
#define KV_DUMP_CHUNK	256	/* entries per dump call (a power of 2) */

/* struct nf_stats.nf[] of this NF */
#define KV_STAT_HIT	0	/* packet of a stored flow */
#define KV_STAT_NEW	1	/* packet that stored its flow */
#define KV_STAT_FULL	2	/* max_flows reached: flow not stored */
#define KV_STAT_ERR	3	/* no memory, or the store unreachable */

struct kv_state {
	__u64 packets;
	__u64 bytes;
	__u64 first_ns;		/* bpf_ktime_get_ns() of the first packet */
	__u64 last_ns;		/* ... of the latest one (an atomic max) */
};

/* A skip-list node's payload; the key first: it is what the list orders. */
struct kv_entry {
	struct enetstl_flow_key key;
	struct kv_state st;
};

/* kv_enetstl control plane: the context of the kv_ctl SYSCALL program. */
enum kv_op {
	KV_OP_QUERY = 1,	/* key -> st, or err -ENOENT */
	KV_OP_DELETE,		/* erase key; err 0 or -ENOENT */
	KV_OP_DUMP,		/* up to KV_DUMP_CHUNK entries into kv_out, in key order */
};

struct kv_req {
	__u32 op;
	__s32 err;		/* out */
	struct enetstl_flow_key key;	/* QUERY, DELETE; DUMP with resume: the last key seen */
	__u32 resume;		/* DUMP: 0 from the first flow, 1 after key */
	__u32 n;		/* DUMP out: entries written to kv_out */
	__u32 more;		/* DUMP out: 1 if the walk stopped before the end */
	__u32 pad;
	struct kv_state st;	/* QUERY out */
};

struct kv_chunk {
	struct kv_entry e[KV_DUMP_CHUNK];
};

#endif
