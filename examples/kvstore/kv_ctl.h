/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kv_ctl.h - control plane of the flow key-value store (kvstore.h), one
 * interface for both variants: kv_enetstl through its kv_ctl SYSCALL
 * program (BPF_PROG_TEST_RUN), kv_ebpf through map syscalls on kv_flows.
 */
#ifndef _KV_CTL_H
#define _KV_CTL_H

#include <bpf/libbpf.h>
#include "kvstore/kvstore.h"

struct kv_ctl {
	int enetstl;
	int flows_fd;		/* kv_ebpf: the kv_flows hash map */
	int ctl_fd;		/* kv_enetstl: the kv_ctl program */
	int out_fd;		/* kv_enetstl: the kv_out map (dump chunks) */
};

/*
 * kv_ctl_open() - find the store of a loaded or pinned kv_* object; @fd
 * returns the fd of a map or program by name (the caller keeps them open).
 * Return: 0 or -ENOENT.
 */
int kv_ctl_open(struct kv_ctl *c, int enetstl, int (*fd)(void *ctx, const char *name),
		void *ctx);
/* A flow's state; 0, -ENOENT or -errno. */
int kv_ctl_query(const struct kv_ctl *c, const struct enetstl_flow_key *k, struct kv_state *st);
/* Delete a flow; 0, -ENOENT or -errno. */
int kv_ctl_delete(const struct kv_ctl *c, const struct enetstl_flow_key *k);
/*
 * kv_ctl_dump() - every stored flow, ascending by key bytes (memcmp): the
 * skip list's own level-0 order as walked (not re-sorted), the hash map's
 * entries sorted. *out is malloc()ed. Return: 0 or -errno.
 */
int kv_ctl_dump(const struct kv_ctl *c, struct kv_entry **out, unsigned int *n);
/* Before load: store at most @n flows (1..KV_MAX_FLOWS); 0 or -errno. */
int kv_set_max_flows(struct bpf_object *obj, __u32 n);

#endif
