/* SPDX-License-Identifier: GPL-2.0 */
/* nftest.h - the NF oracle tests and benchmark (enetstl-nftest), run in the VM. */
#ifndef _NFTEST_H
#define _NFTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <bpf/libbpf.h>
#include "nf_trace.h"
#include "nf_variants.h"
#include "tl.h"

/* bench: cuckoo load factors in percent, comma-separated (--loads) */
extern const char *nft_bench_loads;
/* bench: time the pure-eBPF variants only (--ebpf-only: a kernel without the module) */
extern int nft_bench_ebpf_only;

/* The NFs in plain kernel C (*_kc), and whether their module is loaded. */
extern const struct nf_variant nft_kc_variants[];
extern const unsigned int nft_kc_nvariants;
int nft_kc_loaded(void);
/* @v is one of them (an eNetSTL variant's algorithm without the module enetstl). */
int nft_is_kc(const struct nf_variant *v);

/* Load a variant with @p (each NF reads its own, nf_ops.h); NULL (and a failed check) on error. */
struct bpf_object *nft_load(const struct nf_variant *v, const struct nf_params *p);
/* Run every packet of @t once; checks XDP_PASS and untouched packets. */
void nft_run_trace(struct bpf_object *obj, const struct nf_trace *t);
/* The object's struct nf_stats, summed over CPUs; 0 or -errno. */
int nft_stats(struct bpf_object *obj, struct nf_stats *st);
/* Compare struct nf_stats with the trace's counts. */
void nft_check_stats(struct bpf_object *obj, const struct nf_trace *t, __u64 *nf_out);
/* Read a per-CPU array map value, summed over CPUs as __u32 words. */
int nft_percpu_sum_u32(struct bpf_object *obj, const char *map, uint32_t *out, size_t nwords);

/*
 * Per NF: run all its checks on one variant (tests/nf/nft_NF.c), found
 * through the variant's NF (nft_check_of()).
 */
typedef void nft_check_fn(const struct nf_variant *v, const struct nf_trace *t);
nft_check_fn nft_check_countmin, nft_check_nitrosketch, nft_check_cuckoo, nft_check_htss,
	nft_check_cffs, nft_check_carousel, nft_check_kvstore;

int nft_bench(const char *mode, const struct nf_trace *t, unsigned int packets,
	      unsigned int repeat, const char *only);

#endif
