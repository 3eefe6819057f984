/* SPDX-License-Identifier: GPL-2.0 */
/* flowhash.h - structs shared by flowhash.bpf.c and its loader. */
#ifndef _FLOWHASH_H
#define _FLOWHASH_H

#include <linux/types.h>

#define FLOWHASH_SEED		0xffffffffu
#define FLOWHASH_BUCKETS	4096	/* one bit each in the occupancy bitmap */
#define FLOWHASH_MAX_FLOWS	1024

/* 5-tuple; IPv4 addresses use the first 4 bytes of src/dst. */
struct flow_key {
	__u8 src[16];
	__u8 dst[16];
	__be16 sport;
	__be16 dport;
	__u8 proto;
	__u8 family;		/* 4 or 6 */
	__u8 pad[2];
};

struct flow_val {
	__u32 hash;		/* enetstl_crc32c(key, sizeof(key), FLOWHASH_SEED) */
	__u32 bucket;		/* hash % FLOWHASH_BUCKETS */
	__u64 packets;
	__u64 bytes;
};

struct flowhash_stats {
	__u64 bitmap[FLOWHASH_BUCKETS / 64];	/* occupied buckets */
	__u64 packets;		/* flows parsed */
	__u64 other;		/* not IPv4/IPv6 TCP/UDP: passed untouched */
	__s32 first_bucket;	/* enetstl_bitmap_ffs(bitmap, ..., 0) after the last packet */
	__u32 hash_bits_set;	/* enetstl_popcount32 of the last hash */
};

#endif
