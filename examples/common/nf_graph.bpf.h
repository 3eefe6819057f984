/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_graph.bpf.h - the kernel's own BPF linked lists (bpf_obj_new(),
 * bpf_list_*), for pure-eBPF variants that keep allocated objects: XDP may
 * call them from about 6.8 (6.12 and later here), 6.1 has none. The UAPI
 * headers of Debian 12 predate them, so there their types are declared
 * here as the kernel's UAPI has them (6.12 to 7.3: a list node is three
 * words); Debian 13's have them (NF_UAPI_BPF_LIST).
 */
#ifndef _NF_GRAPH_BPF_H
#define _NF_GRAPH_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* A map value's list head holds objects of type @name, linked by member @node. */
#define __contains(name, node) __attribute__((btf_decl_tag("contains:" #name ":" #node)))

#ifndef NF_UAPI_BPF_LIST	/* set by the Makefile when <linux/bpf.h> has them */
struct bpf_list_head {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

struct bpf_list_node {
	__u64 __opaque[3];
} __attribute__((aligned(8)));
#endif

extern void *bpf_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_obj_drop_impl(void *p__alloc, void *meta__ign) __ksym;
extern int bpf_list_push_front_impl(struct bpf_list_head *head, struct bpf_list_node *node,
				    void *meta__ign, __u64 off) __ksym;
extern int bpf_list_push_back_impl(struct bpf_list_head *head, struct bpf_list_node *node,
				   void *meta__ign, __u64 off) __ksym;
extern struct bpf_list_node *bpf_list_pop_front(struct bpf_list_head *head) __ksym;

/* A new zeroed object of @type, owned by the program; NULL when memory is short. */
#define bpf_obj_new(type) ((type *)bpf_obj_new_impl(bpf_core_type_id_local(type), NULL))
#define bpf_obj_drop(p) bpf_obj_drop_impl(p, NULL)
/* Under the head's lock; the list takes the object (0), or refuses it (-EINVAL). */
#define bpf_list_push_front(head, node) bpf_list_push_front_impl(head, node, NULL, 0)
#define bpf_list_push_back(head, node) bpf_list_push_back_impl(head, node, NULL, 0)

#endif
