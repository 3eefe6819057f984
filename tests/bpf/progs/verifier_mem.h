/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verifier_mem.h - what verifier_mem.bpf.c and verifier_list.bpf.c share: a
 * map holding a container and a list bucket array, and the messages the
 * verifier gives for misused references. Messages differ between 6.1, 6.12
 * and 7.x: several __msg_any on one program are alternatives.
 */
#ifndef _ENETSTL_VERIFIER_MEM_H
#define _ENETSTL_VERIFIER_MEM_H

#include <enetstl/mem.h>
#include <enetstl/list.h>

struct mr_root {
	__u64 handle;
	ENETSTL_KPTR(enetstl_mem, c);
	ENETSTL_KPTR(enetstl_list, l);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mr_root);
} mr_roots SEC(".maps");

static __always_inline struct mr_root *mr_root(void)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&mr_roots, &key);
}

#define MSG_UNRELEASED	__msg("Unreleased reference")
/*
 * 6.1 names one reason for a NULL-able, released, unreferenced or untrusted
 * pointer in a kfunc argument: "arg#0 pointer type STRUCT ... must point to
 * scalar, or struct with scalar". 6.12 says which; 7.2 and 7.3 word it
 * again differently ("R1 pointer type STRUCT ...", "R1 is scalar expected
 * STRUCT ...", "release kfunc ... expects referenced PTR_TO_BTF_ID").
 */
#define MSG_NULL	__msg_any("Possibly NULL pointer passed") __msg_any("arg#0 pointer type STRUCT")
#define MSG_SCALAR	__msg_any("arg#0 pointer type STRUCT") __msg_any("R1 type=scalar expected=") \
			__msg_any("expected pointer to") __msg_any("R1 is scalar expected STRUCT enetstl_") \
			__msg_any("R1 pointer type STRUCT enetstl_")
#define MSG_UNTRUSTED	__msg_any("must be referenced") __msg_any("arg#0 pointer type STRUCT")
#define MSG_RELEASE	__msg_any("expects refcounted PTR_TO_BTF_ID") __msg_any("must be referenced") \
			__msg_any("arg#0 pointer type STRUCT") __msg_any("expects referenced PTR_TO_BTF_ID")

#endif
