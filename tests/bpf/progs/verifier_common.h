/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verifier_common.h - what the verifier_*.bpf.c programs share: misuse of
 * eNetSTL kfuncs that the verifier must refuse, one object per kfunc group,
 * each program with its expected verdict and messages (test_macros.h); the
 * runner (tests/bpf/runner/test_verifier.c) loads them one at a time.
 */
#ifndef _ENETSTL_VERIFIER_COMMON_H
#define _ENETSTL_VERIFIER_COMMON_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>
#include "test_macros.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[32]);
} small_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} len_map SEC(".maps");

/* The kfunc @fn called from a program type it is not registered for. */
#define REJECT_IN_SOCKET_FILTER(fn, ...)					\
SEC("socket") __failure __msg("calling kernel function " #fn " is not allowed")	\
int fn##_in_socket_filter(struct __sk_buff *skb)				\
{										\
	__u64 buf[2] = { skb->len, skb->mark };					\
										\
	(void)buf;								\
	return (int)fn(__VA_ARGS__);						\
}

#endif
