// SPDX-License-Identifier: GPL-2.0
/*
 * verifier_simd.bpf.c - misuse of SIMD sections (enetstl/simd.h): every
 * enter has exactly one exit, the handle is not memory, XDP/TC only.
 */
#include "verifier_common.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- SIMD sections: every enter has exactly one exit, XDP/TC only ---- */

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} simd_jmp SEC(".maps");

SEC("xdp") __failure __msg("Unreleased reference")
int simd_enter_without_exit(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	return s->active ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg("Unreleased reference")
int simd_exit_on_one_path_only(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	if (ctx->ingress_ifindex == 1)
		return XDP_PASS;
	enetstl_simd_exit(s);
	return XDP_PASS;
}

SEC("xdp") __failure __msg_any("R1 invalid mem access 'scalar'") __msg_any("R1 type=scalar expected=")
__msg_any("arg#0 pointer type") __msg_any("expected pointer to btf")
__msg_any("release kfunc enetstl_simd_exit expects referenced PTR_TO_BTF_ID")
int simd_exit_twice(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	enetstl_simd_exit(s);
	enetstl_simd_exit(s);
	return XDP_PASS;
}

SEC("xdp") __failure __msg("invalid mem access 'scalar'")
int simd_use_after_exit(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	enetstl_simd_exit(s);
	return s->active ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __failure __msg_any("expected pointer to btf") __msg_any("arg#0 pointer type")
__msg_any("R1 must be referenced") __msg_any("release kernel function")
__msg_any("release kfunc enetstl_simd_exit expects referenced PTR_TO_BTF_ID")
int simd_exit_of_map_value(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u8 *v = bpf_map_lookup_elem(&small_map, &key);

	if (!v)
		return XDP_PASS;
	enetstl_simd_exit((struct enetstl_simd *)v);
	return XDP_PASS;
}

SEC("xdp") __failure __msg_any("Possibly NULL pointer passed to trusted arg0")
__msg_any("Possibly NULL pointer passed to trusted R1")
__msg_any("release kernel function enetstl_simd_exit expects refcounted PTR_TO_BTF_ID")
int simd_exit_of_null(struct xdp_md *ctx)
{
	enetstl_simd_exit((struct enetstl_simd *)0);
	return XDP_PASS;
}

/*
 * 6.1 and 6.12 refuse the store with -EACCES and print no reason (XDP's
 * btf_struct_access hook only knows nf_conn): the log ends at the store.
 * 7.x says why.
 */
SEC("xdp") __failure __msg_any("(r0 +4) = r1\nprocessed")
__msg_any("cannot write into ptr_enetstl_simd at off=4")
int simd_write_through_handle(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	s->active = 0;
	enetstl_simd_exit(s);
	return XDP_PASS;
}

SEC("xdp") __failure __msg("tail_call would lead to reference leak")
int simd_tail_call_while_held(struct xdp_md *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	bpf_tail_call(ctx, &simd_jmp, 0);
	enetstl_simd_exit(s);
	return XDP_PASS;
}

/* SYSCALL programs may sleep: the section (preemption off) is not for them. */
SEC("syscall") __failure __msg("calling kernel function enetstl_simd_enter is not allowed")
int simd_enter_in_syscall(void *ctx)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	enetstl_simd_exit(s);
	return 0;
}

SEC("socket") __failure __msg("calling kernel function enetstl_simd_enter is not allowed")
int simd_enter_in_socket_filter(struct __sk_buff *skb)
{
	struct enetstl_simd *s = enetstl_simd_enter();

	enetstl_simd_exit(s);
	return 0;
}

SEC("tc") __success
int simd_section_done_right(struct __sk_buff *skb)
{
	struct enetstl_simd *s = enetstl_simd_enter();
	__u32 bucket[16] = { skb->len };
	int i = enetstl_find32(bucket, sizeof(bucket), skb->len);

	enetstl_simd_exit(s);
	return i;
}
