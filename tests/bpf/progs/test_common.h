/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_common.h - request/response layouts shared by the BPF test programs
 * and the userspace runner (tests/bpf/runner). Requests travel in the test
 * packet (BPF_PROG_TEST_RUN data_in) and results come back in it.
 */
#ifndef _ENETSTL_TEST_COMMON_H
#define _ENETSTL_TEST_COMMON_H

#include <linux/types.h>

/* Word ops: in[i] goes in, out[i][op] comes back. */
#define BITOPS_BATCH	16
enum bitops_op {
	OP_FFS32, OP_FLS32, OP_CTZ32, OP_CLZ32, OP_POP32,
	OP_FFS64, OP_FLS64, OP_CTZ64, OP_CLZ64, OP_POP64,
	OP_NR,
};

struct bitops_req {
	__u8 eth[14];		/* a plausible Ethernet header for TC runs */
	__u8 pad[2];
	__u64 in[BITOPS_BATCH];
	__u32 out[BITOPS_BATCH][OP_NR];
};

/* Where the buffer handed to the kfunc lives. */
enum mem_kind {
	MEM_PACKET,	/* direct packet pointer, fixed sizes only */
	MEM_MAP,	/* map value, any length up to MAX_DATA */
	MEM_STACK,	/* stack copy of the first STACK_LEN bytes */
};

#define MAX_DATA	1536
#define STACK_LEN	64
/* Packet-direct lengths: the verifier needs a constant per call site. */
#define PKT_LENS	{ 1, 7, 8, 15, 16, 63, 64, 100, 255, 512 }

/* CRC and bitmap requests: header, then the data bytes. */
struct data_req {
	__u8 eth[14];
	__u8 pad[2];
	__u32 kind;		/* enum mem_kind */
	__u32 len;		/* bytes of data[] to use */
	__u32 arg;		/* crc: seed; bitmap: start bit */
	__s32 result;		/* written by the program */
	__u32 status;		/* 0 ok, else why the program could not run the call */
	__u32 pad2;
	__u8 data[];
};

#define STATUS_OK	0
#define STATUS_BADLEN	1	/* length not supported for this memory kind */
#define STATUS_SHORT	2	/* packet shorter than claimed */

/* SYSCALL program context. */
struct syscall_ctx {
	__u64 x;
	__u32 ops[OP_NR];
	__u8 buf[STACK_LEN];
	__u32 seed;
	__u32 crc;
	__s32 ffs;
	__u32 start;
};

/* Compare requests: data[] holds the bucket, or key a then b / key then keys. */
enum cmp_op {
	CMP_MATCH16, CMP_MATCH32, CMP_MATCH64,
	CMP_FIND16, CMP_FIND32, CMP_FIND64,
	CMP_KEY_EQ,		/* a = data[0, size), b = data[size, size + size2) */
	CMP_KEY_FIND,		/* key = data[0, size), keys = data[size, size + size2) */
	CMP_NR,
};

#define CMP_MAX_SIZE	256	/* bucket or key bytes */
#define CMP_MAX_SIZE2	1024	/* keys bytes */
#define CMP_STACK	256
/* Packet-direct bucket sizes (constant per call site). */
#define CMP_PKT_SIZES	{ 16, 32, 64, 128, 256 }

struct cmp_req {
	__u8 eth[14];
	__u8 pad[2];
	__u32 op;		/* enum cmp_op */
	__u32 kind;		/* enum mem_kind */
	__u32 size;
	__u32 size2;
	__u64 value;
	__s64 result;
	__u32 status;
	__u32 pad2;
	__u8 data[];
};

/* Multi-hash requests: hashes[] carries the seeds in and the hashes out. */
#define HASH_MAX_KEY	256
#define HASH_STACK_KEY	64
#define HASH_PKT_LENS	{ 1, 4, 6, 13, 16, 37, 64 }

struct hash_req {
	__u8 eth[14];
	__u8 pad[2];
	__u32 kind;		/* enum mem_kind */
	__u32 len;		/* key bytes in data[] */
	__u32 lanes;		/* k; 0 or > 16 must give -EINVAL */
	__s32 result;
	__u32 status;
	__u32 pad2;
	__u32 hashes[16];
	__u8 data[];
};

/* Count-min requests: the key in data[], the sketch in the cm_sketch map. */
#define CM_MAX_COUNTERS	(16 * 256)
struct cm_req {
	__u8 eth[14];
	__u8 pad[2];
	__u32 len;		/* 13, 37 or 40 */
	__u32 delta;
	__s64 result;
	__u8 data[];
};

/* enetstl_cuckoo_flow_find() (cuckoo_calls.bpf.c): the table holds 2^8 buckets. */
#define CUCKOO_TEST_MAX_LOG 8
struct cuckoo_req {
	__u8 eth[14];
	__u8 pad[2];
	__u32 size;		/* table__sz passed */
	__u32 buckets_log;
	__u32 seed;
	__u32 pad2;
	__s64 result;
	__u8 key[40] __attribute__((aligned(8)));	/* a struct enetstl_flow_key */
};

/* enetstl_cffs_push(), _pop_min(), _push_pop_min() (cffs_calls.bpf.c). */
#define CFFS_OP_PUSH	0
#define CFFS_OP_POP	1
#define CFFS_OP_PUSHPOP	2
struct cffs_req {
	__u8 eth[14];
	__u8 pad[2];
	__u32 op;
	__u32 rank;		/* push, pushpop */
	__s32 result;
};

/* enetstl_wheel_push(), _release(), _push_release() (wheel_calls.bpf.c). */
#define WHEEL_OP_PUSH		0
#define WHEEL_OP_RELEASE	1
#define WHEEL_OP_PUSH_RELEASE	2
/* The wheel is entry WHEEL_KEY of its map; the entries either side are guards. */
#define WHEEL_KEY		1
#define WHEEL_ENTRIES		3
struct wheel_req {
	__u8 eth[14];
	__u8 pad[2];
	__u32 op;
	__u32 tick;		/* push, push_release */
	__u32 value;		/* push, push_release */
	__u32 now;		/* release, push_release */
	__u32 steps;		/* release, push_release */
	__s32 result;
};

/* SYSCALL program given a possibly-NULL map value. */
struct null_mem_ctx {
	__u32 key;		/* 0: a real slot; else past the end: NULL */
	__u32 seed;
	__u32 crc;
	__s32 ffs;
	__u32 was_null;
	__u32 crc_flow;		/* enetstl_crc32c_flow() of the same */
	/* the other kfuncs with memory arguments and no object, NULL in each */
	__s64 match16, find32, key_eq, key_find, hash_multi;
	__s64 cm_key, cm_sketch, cm_crc_key, cm_crc_sketch, cm_crc_flow_key, cm_crc_flow_sketch;
	__s64 geo_init, geo_skip, geo_sample;
	__s64 cuckoo_key, cuckoo_table;
	__s64 cffs_push, cffs_pop, cffs_pushpop;
	__s64 wheel_push, wheel_release, wheel_pushrelease;
	__u64 wheel_release_out, wheel_pushrelease_out;	/* out[0] after each, real wheel */
};

/* Receive-path test: UDP datagrams to this port on lo. */
#define RX_PORT		47911
struct rx_result {
	__u32 crc;		/* crc32c(payload, seed RX_SEED) */
	__u32 len;
	__s32 first_bit;	/* bitmap_ffs(payload, len, 0) for len <= 512 */
	__s32 flow_class;	/* enetstl_flow_parse() of the frame */
	__u8 flow[40];		/* its struct enetstl_flow_key */
};
#define RX_SEED		0x5eed5eedu
#define RX_MAX_FLOWS	4096

/*
 * SIMD sections: the runner fills the simd_in map, the program makes the same
 * SIMD kfunc calls outside a section, inside one and inside a nested one,
 * and writes each set of results to the simd_out map.
 */
enum simd_call {
	SIMD_MATCH16_32, SIMD_MATCH32_16, SIMD_MATCH64_8, SIMD_MATCH32_32,
	SIMD_FIND16_16, SIMD_FIND32_32, SIMD_FIND64_16,
	SIMD_KEY_FIND16, SIMD_KEY_FIND32, SIMD_KEY_FIND64, SIMD_KEY_EQ32,
	SIMD_HASH16, SIMD_HASH8,
	SIMD_NR,
};
#define SIMD_KEYS	512	/* 32 x 16, 16 x 32 or 8 x 64 bytes */

struct simd_in {
	__u8 bucket[128];
	__u8 keys[SIMD_KEYS];
	__u8 key[64];
	__u64 value;
	__u32 seeds[16];
	__u32 keylen;		/* hashed key bytes, 1..64 */
};

enum simd_mode { SIMD_OUTSIDE, SIMD_INSIDE, SIMD_NESTED, SIMD_MODES };

struct simd_out {
	__s64 r[SIMD_MODES][SIMD_NR];
	__u32 h16[SIMD_MODES][16];
	__u32 h8[SIMD_MODES][8];
	__u32 active[SIMD_MODES];	/* handle's active flag in each mode */
	__u32 depth[SIMD_MODES];
	__u32 depth_after_inner;	/* outer handle's depth once the inner one is released */
	__u32 runs;
};

/* Flow-key parse: the class and the 40 key bytes (struct enetstl_flow_key). */
struct flow_out {
	__s32 class;
	__u32 pad;
	__u8 key[40];
	/* the stored key's CRC-32C from FLOW_CRC_SEED: enetstl_crc32c_flow(), enetstl_crc32c() */
	__u32 crc_flow, crc_len;
};

#define FLOW_CRC_SEED	0x5eed1e55u

/* FPU-integrity test: datagrams to this port drive the AVX2 kfuncs. */
#define FPU_PORT	47912
#define FPU_PAYLOAD	64

#endif
