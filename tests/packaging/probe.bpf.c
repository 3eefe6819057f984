// SPDX-License-Identifier: GPL-2.0
/*
 * probe.bpf.c - a BPF author's first program, compiled inside the test root
 * with only the installed packages:
 *   clang -target bpf $(pkg-config --cflags libenetstl-bpf) ...
 * Run with BPF_PROG_TEST_RUN on a packet starting with "123456789": XDP_PASS
 * when the kfuncs give the known answers, XDP_DROP when not.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>

SEC("xdp")
int probe(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;

	if (data + 9 > end)
		return XDP_ABORTED;
	/* the standard CRC-32C check value, and a popcount */
	if (~enetstl_crc32c(data, 9, ~0u) != 0xe3069283u)
		return XDP_DROP;
	if (enetstl_popcount64(0xf0f0f0f0f0f0ULL) != 24)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
