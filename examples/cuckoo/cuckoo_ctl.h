/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cuckoo_ctl.h - control plane of the cuckoo switch: insert, delete and
 * look up entries of the table map of a loaded cuckoo_*.bpf.o: ck_table, an
 * array of CK_BUCKETS buckets, or (the table flavor) the global data
 * section CK_TABLE_DATA, one struct ck_table value, written in place through
 * mmap(), a slot's signature last. Works on
 * a copy of the table and writes back only the buckets it changed, in an
 * order that keeps every other key findable by the data path throughout
 * (a moved entry is written at its new place before its old one is reused).
 */
#ifndef _CUCKOO_CTL_H
#define _CUCKOO_CTL_H

#include <string.h>
#include <linux/types.h>
#include "cuckoo/cuckoo.h"

/* The data path's hash (cuckoo.h): which one a variant's table is built with. */
enum ck_hash {
	CK_HASH_CRC = 0,	/* CRC-32C(key, CK_SEED): cuckoo_ebpf, cuckoo_*enetstl */
	CK_HASH_MAS = 1,	/* top 32 bits of multiply-add-shift row 0: cuckoo_best_ebpf */
};

/* The hash of a cuckoo variant, from its flavor (struct nf_variant's). */
static inline enum ck_hash ck_hash_of(const char *flavor)
{
	return strcmp(flavor, "best") ? CK_HASH_CRC : CK_HASH_MAS;
}

/* The table flavor's table: global data in its own section (cuckoo_maps.bpf.h). */
#define CK_TABLE_DATA ".data.ck_table"

/* The table map's fd, by @get (nf_obj_fd(), a pinned map's): either shape. */
static inline int ck_table_fd(int (*get)(void *ctx, const char *name), void *ctx)
{
	int fd = get(ctx, "ck_table");

	return fd >= 0 ? fd : get(ctx, CK_TABLE_DATA);
}

struct ck_ctl {
	int fd;				/* the ck_table map */
	struct ck_bucket *map;		/* the table flavor: its one value, mmap()ed */
	enum ck_hash hash;		/* the data path's hash */
	struct ck_bucket *tab;		/* copy of the map */
	unsigned int used;		/* occupied slots */
	__u32 crc[256];
	__u64 rnd;
};

/* Read the table of map @fd, whose data path hashes with @hash; 0 or -errno. */
int ck_ctl_open(struct ck_ctl *c, int fd, enum ck_hash hash);
void ck_ctl_close(struct ck_ctl *c);
/* The key's hash as the data path computes it (CRC-32C, CK_SEED; or CK_HASH_MAS). */
__u32 ck_ctl_hash(const struct ck_ctl *c, const struct enetstl_flow_key *k);
/* Insert or update; 0, -ENOSPC (table full: nothing changed) or -errno. */
int ck_ctl_insert(struct ck_ctl *c, const struct enetstl_flow_key *k, __u32 port);
/* 0 or -ENOENT. */
int ck_ctl_delete(struct ck_ctl *c, const struct enetstl_flow_key *k);
/* 0 with *port, or -ENOENT. */
int ck_ctl_lookup(const struct ck_ctl *c, const struct enetstl_flow_key *k, __u32 *port);

/*
 * ck_ctl_fill() - fill the table to @load_pct of its slots: deterministic
 * filler keys (TCP to port 80 from pseudo-random addresses, port 1000) up to
 * that load less @n, then the @n keys (@ports[i] for @keys[i]; a port of 0
 * skips the key; a key already present keeps its first port), then filler
 * again to the load. Return: 0, -ENOSPC or -errno.
 */
int ck_ctl_fill(struct ck_ctl *c, const struct enetstl_flow_key *keys, const __u32 *ports,
		unsigned int n,
		unsigned int load_pct);

/* The port flow @f of a trace gets (replay, tests, bench): three flows in four; 0: none. */
static inline __u32 ck_trace_port(__u32 f)
{
	return f % 4 == 3 ? 0 : 1 + f % 200;
}

struct nf_trace;
/* ck_ctl_fill() with @t's flows and ck_trace_port(); 0, -ENOMEM, -ENOSPC or -errno. */
int ck_ctl_fill_trace(struct ck_ctl *c, const struct nf_trace *t, unsigned int load_pct);

#endif
