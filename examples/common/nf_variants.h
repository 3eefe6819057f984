/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_variants.h - every NF object built by `make examples`, embedded in the
 * userspace programs through its libbpf skeleton, and how to load one.
 */
#ifndef _NF_VARIANTS_H
#define _NF_VARIANTS_H

#include <stddef.h>
#include <bpf/libbpf.h>
#include "nf_ops.h"

/* One line of examples/variants.mk (the Makefile generates the table). */
struct nf_variant {
	const char *name;	/* object name: cm_k8_enetstl, ns_k4_ebpf, cuckoo_ebpf */
	const struct nf_ops *ops;	/* its NF */
	unsigned int rows;	/* k for the sketches, 0 otherwise */
	int enetstl;		/* 1: an eNetSTL variant, 0: pure eBPF */
	const char *flavor;	/* which building blocks, when an NF has several variants
				 * of a kind (cuckoo_crc_enetstl: "crc"), else "" */
	const void *(*elf)(size_t *sz);
};

extern const struct nf_variant nf_variants[];
extern const unsigned int nf_nvariants;

/* nf_find() - a variant by object name; NULL if there is none. */
const struct nf_variant *nf_find(const char *name);
/*
 * nf_pair() - the twin of a variant, same NF and parameter: for an eNetSTL
 * variant the pure-eBPF one, for a pure-eBPF one the eNetSTL one without flavor.
 */
const struct nf_variant *nf_pair(const struct nf_variant *v);

/*
 * nf_unsupported() - why this kernel cannot run @v (a sentence), or NULL
 * when it can: the `list` flavor needs the kernel's BPF lists, which 6.1
 * does not have (probed in the running kernel's BTF).
 */
const char *nf_unsupported(const struct nf_variant *v);

/* nf_open() - open a variant's object (not loaded yet); NULL with errno. */
struct bpf_object *nf_open(const struct nf_variant *v);
/* nf_set_const() - set a `const volatile` .rodata variable before load; 0 or -errno. */
int nf_set_const(struct bpf_object *obj, const char *var, const void *val, size_t size);
/*
 * nf_prog() - the object's XDP program (each NF object has exactly one;
 * some also have SYSCALL programs for setup and their control plane).
 */
struct bpf_program *nf_prog(struct bpf_object *obj);
/*
 * nf_load() - load an opened object, then run its SYSCALL program nf_setup,
 * if it has one (kv_enetstl: creates the skip list); 0 or -errno.
 */
int nf_load(struct bpf_object *obj);
/* nf_obj_fd() - fd of a loaded object's map or program @name; -1 if none. */
int nf_obj_fd(void *obj, const char *name);

/* Per-CPU map helpers: number of possible CPUs and the sum of a __u64 array value. */
int nf_ncpus(void);
int nf_percpu_sum_u64(int map_fd, __u32 key, __u64 *out, unsigned int nwords);

/* Sum of a per-CPU array's entry 0 as __u32 words (@value_size: the map's). */
int nf_percpu_sum_u32(int map_fd, size_t value_size, __u32 *out, size_t nwords);

struct nf_trace;
/* An XDP program that only returns XDP_PASS (the test-run baseline); fd or -errno. */
int nf_empty_prog(void);
/*
 * nf_time_packets() - BPF_PROG_TEST_RUN each of the first @n flow packets
 * (NF_FLOW) of @t @repeat times; Return: the mean of the kernel's ns-per-run
 * figures, -1 on error.
 */
double nf_time_packets(int prog_fd, const struct nf_trace *t, unsigned int n, unsigned int repeat);

#endif
