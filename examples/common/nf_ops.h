/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_ops.h - one descriptor per network function (examples/NF/NF_ops.c):
 * its parameters and their defaults, its control-plane setup before
 * traffic, what `enetstl-example dump` and `query` print, the labels of its
 * counters. The loader, replay, the oracle tests and the benchmark find an
 * NF's code here, through its variants (nf_variants.h), never by its name.
 */
#ifndef _NF_OPS_H
#define _NF_OPS_H

#include <stdbool.h>
#include <bpf/libbpf.h>
#include "nf_common.h"

struct nf_variant;
struct nf_trace;

/*
 * The parameters an NF is loaded with; each NF reads only its own, and
 * leaves the others 0 in its defaults.
 */
struct nf_params {
	__u32 hh_threshold;	/* count-min: estimate that makes a heavy-hitter candidate */
	__u32 p_inv;		/* NitroSketch: sample 1 in p_inv */
	__u32 forward;		/* cuckoo: redirect hits to their port's ifindex */
	__u32 load_pct;		/* cuckoo: table fill before traffic (nf_ops.prepare) */
	__u32 qlen;		/* cFFS: packets kept queued */
	__u32 drain;		/* Carousel: wheel steps per packet; 0: the object's own */
	__u32 max_flows;	/* kvstore: flows stored at most, 1 to KV_MAX_FLOWS */
};
#define NF_PARAM_FIELDS(X) X(hh_threshold) X(p_inv) X(forward) X(load_pct) X(qlen) X(drain) \
	X(max_flows)

/* A loaded (replay, tests) or pinned (attach) NF's maps and programs, by name. */
struct nf_maps {
	const struct nf_variant *v;
	int (*fd)(void *ctx, const char *name);
	void *ctx;
};

/* What `dump` shows. */
struct nf_dump_opts {
	unsigned int top;		/* entries listed at most */
	unsigned int hh_min;		/* count-min: heavy hitters with an estimate >= this; 0: all */
	/* replay: the trace's flows and their true packets */
	const struct enetstl_flow_key *keys;
	const __u32 *pkts;		/* (NULL: no truth to show) */
	unsigned int nkeys;
};

struct nf_ops {
	const char *name;		/* the folder: countmin, nitrosketch, cuckoo, ... */
	struct nf_params defaults;	/* enetstl-example's defaults of its parameters */
	/*
	 * Optional (NULL: no parameters): set the NF's .rodata from @p before
	 * load; 0 or -errno (-ERANGE: a value out of range, said on stderr).
	 */
	int (*configure)(struct bpf_object *obj, const struct nf_params *p);
	/*
	 * Optional: control-plane state before traffic, from the trace about
	 * to be run (cuckoo: the table filled to p->load_pct); 0 or -errno.
	 */
	int (*prepare)(const struct nf_variant *v, struct bpf_object *obj,
		       const struct nf_trace *t, const struct nf_params *p);
	/* What `dump` prints after the counters; Return: the exit status. */
	int (*dump)(const struct nf_maps *m, const struct nf_dump_opts *o);
	/* Optional: a flow's entry or estimate (`query`); the exit status. */
	int (*query)(const struct nf_maps *m, const struct enetstl_flow_key *k);
	/* Optional: a table's control plane (`insert`, `delete`); the exit status. */
	int (*insert)(const struct nf_maps *m, const struct enetstl_flow_key *k, __u32 port);
	int (*remove)(const struct nf_maps *m, const struct enetstl_flow_key *k);
	/* struct nf_stats.nf[i], as `stats` labels them; NULL: not shown */
	const char *stat_labels[4];
	/*
	 * The pure-eBPF twin is another structure, not the same algorithm
	 * (Carousel, kvstore): it is also the best pure eBPF.
	 */
	bool twin_other;
	/* A flavored eNetSTL variant computes another function than the twin (the crc flavors). */
	bool flavor_other;
	/* Where the twins are two structures, their names [pure eBPF, eNetSTL] (replay). */
	const char *kinds[2];
};

/* X(NF) for NF_OPS_LIST (nf_list.h, generated): declares NF_ops. */
#define NF_OPS_DECLARE(nf) extern const struct nf_ops nf##_ops;

/* Every NF, in the order of examples/variants.mk. */
extern const struct nf_ops *const nf_ops_all[];
extern const unsigned int nf_nops;

/* nf_ops_find() - an NF by name (a command-line argument); NULL if none. */
const struct nf_ops *nf_ops_find(const char *name);
/* nf_params_defaults() - every NF's defaults in one struct (the loader's options). */
void nf_params_defaults(struct nf_params *p);
/* nf_configure() - @v's configure(), if it has one. */
int nf_configure(const struct nf_variant *v, struct bpf_object *obj, const struct nf_params *p);
/* nf_prepare() - @v's prepare(), if it has one. */
int nf_prepare(const struct nf_variant *v, struct bpf_object *obj, const struct nf_trace *t,
	       const struct nf_params *p);
/* nf_set_u32() - set a __u32 .rodata variable; 0 or -errno (see nf_set_const()). */
int nf_set_u32(struct bpf_object *obj, const char *var, __u32 val);

/* "PROGRAM: <msg>" on stderr; Return: 1 (the exit status). */
int nf_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* nf_map_fd() - fd of @m's map or program @name; -1 when absent. */
int nf_map_fd(const struct nf_maps *m, const char *name);
/*
 * nf_read_percpu() - entry 0 of per-CPU array @map, @size bytes, for every
 * CPU: nf_ncpus() copies, @stride bytes apart; malloc()ed, NULL on error.
 */
void *nf_read_percpu(const struct nf_maps *m, const char *map, size_t size, size_t *stride);
/* nf_truth_of() - the true packets of flow @k in the replayed trace (@o->keys). */
__u32 nf_truth_of(const struct enetstl_flow_key *k, const struct nf_dump_opts *o);

#endif
