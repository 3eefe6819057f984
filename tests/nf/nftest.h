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

extern unsigned int nft_errors;
/* bench: cuckoo load factors in percent, comma-separated (--loads) */
extern const char *nft_bench_loads;
/* bench: time the pure-eBPF variants only (--ebpf-only: a kernel without the module) */
extern int nft_bench_ebpf_only;

#define CHECK(cond, fmt, ...) ({						\
	bool __ok = (cond);							\
	if (!__ok && nft_errors++ < 5)						\
		printf("  %s:%d: check failed: " fmt "\n", __FILE__, __LINE__,	\
		       ##__VA_ARGS__);						\
	__ok;									\
})
#define CHECK_EQ(what, got, want) ({						\
	long long __g = (long long)(got), __w = (long long)(want);		\
	CHECK(__g == __w, "%s: got %lld, want %lld", (what), __g, __w);	\
})

void nft_result(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Per-NF parameters the tests and the benchmark load variants with. */
struct nft_params {
	uint32_t hh_threshold;	/* count-min */
	uint32_t p_inv;		/* NitroSketch */
	uint32_t load_pct;	/* cuckoo: table fill */
	uint32_t qlen;		/* cFFS: queue length kept */
	uint32_t drain;		/* Carousel: wheel steps per packet (0: the default) */
	uint32_t max_flows;	/* kvstore: flows stored at most (0: the default) */
};

/* The NFs in plain kernel C (cm_k*_kc), and whether their module is loaded. */
extern struct nf_variant nft_kc_variants[];
extern const unsigned int nft_kc_nvariants;
int nft_kc_loaded(void);

/* Load a variant with @p; NULL (and a FAIL line) on error. */
struct bpf_object *nft_load(const struct nf_variant *v, const struct nft_params *p);
/* Set an NF's control-plane state before traffic (cuckoo: fill the table). */
int nft_prepare(const struct nf_variant *v, struct bpf_object *obj, const struct nf_trace *t,
		const struct nft_params *p);
/* Run every packet of @t once; checks XDP_PASS and untouched packets. */
void nft_run_trace(struct bpf_object *obj, const struct nf_trace *t);
/* Compare struct nf_stats with the trace's counts. */
void nft_check_stats(struct bpf_object *obj, const struct nf_trace *t, __u64 *nf_out);
/* Read a per-CPU array map value, summed over CPUs as __u32 words. */
int nft_percpu_sum_u32(struct bpf_object *obj, const char *map, uint32_t *out, size_t nwords);

/* Per NF: run all its checks on one loaded variant. */
void nft_check_countmin(const struct nf_variant *v, const struct nf_trace *t);
void nft_check_nitrosketch(const struct nf_variant *v, const struct nf_trace *t);
void nft_check_cuckoo(const struct nf_variant *v, const struct nf_trace *t);
void nft_check_htss(const struct nf_variant *v, const struct nf_trace *t);
void nft_check_cffs(const struct nf_variant *v, const struct nf_trace *t);
void nft_check_carousel(const struct nf_variant *v, const struct nf_trace *t);
void nft_check_kvstore(const struct nf_variant *v, const struct nf_trace *t);

int nft_cuckoo_fill(struct bpf_object *obj, const struct nf_trace *t, unsigned int load_pct);

int nft_bench(const char *mode, const struct nf_trace *t, unsigned int packets,
	      unsigned int repeat, const char *only);

#endif
