// SPDX-License-Identifier: GPL-2.0
/* mem_drive.c - drivers of the mem_test.h contract programs (mem_drive.h). */
#include <errno.h>
#include <stdint.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include "mem_drive.h"

int mem_drive_setup(struct bpf_program *prog, struct mem_setup_ctx *c)
{
	/* SYSCALL programs take no ctx_out: the kernel writes the context back to ctx_in. */
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = c, .ctx_size_in = sizeof(*c));

	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &o))
		return -errno;
	return c->result;
}

int mem_drive_run(struct bpf_program *prog, struct bpf_map *ops_map, struct bpf_map *res_map,
		  struct mem_req *req, const struct mem_opbuf *ops, struct mem_results *res)
{
	uint32_t key = req->runner;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = req, .data_size_in = sizeof(*req),
		    .data_out = req, .data_size_out = sizeof(*req));

	if (bpf_map_update_elem(bpf_map__fd(ops_map), &key, ops, BPF_ANY))
		return -errno;
	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &o))
		return -errno;
	if (o.retval != XDP_PASS)
		return -EPROTO;
	if (bpf_map_lookup_elem(bpf_map__fd(res_map), &key, res))
		return -errno;
	return req->done;
}
