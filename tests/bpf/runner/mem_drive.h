/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mem_drive.h - runs the programs of the mem_test.h contract (mem_calls.bpf.c,
 * list_calls.bpf.c): a SYSCALL setup/drop program on a struct mem_setup_ctx,
 * and an XDP runner that takes a struct mem_req and a batch of operations.
 */
#ifndef _ENETSTL_MEM_DRIVE_H
#define _ENETSTL_MEM_DRIVE_H

#include <bpf/libbpf.h>
#include "mem_test.h"

/* Run @prog on @c; returns c->result, or -errno if the run failed. */
int mem_drive_setup(struct bpf_program *prog, struct mem_setup_ctx *c);

/*
 * Store @ops as ops[req->runner], run the XDP program @prog on @req, and read
 * results[req->runner] into @res. Returns the operations run, or -errno
 * (-EPROTO if the program did not return XDP_PASS).
 */
int mem_drive_run(struct bpf_program *prog, struct bpf_map *ops_map, struct bpf_map *res_map,
		  struct mem_req *req, const struct mem_opbuf *ops, struct mem_results *res);

#endif
