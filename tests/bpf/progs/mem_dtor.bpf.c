// SPDX-License-Identifier: GPL-2.0
/*
 * mem_dtor.bpf.c - the container destructor run where the module cannot
 * choose: a kprobe and a perf_event program overwrite the map element that
 * holds the container while an XDP program is inside enetstl_node_erase(),
 * on the same CPU, with the container's lock held (call_rcu() is called
 * there when an erased node's last reference goes).
 */
#include <linux/bpf.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/mem.h>

char LICENSE[] SEC("license") = "GPL";

#define DTOR_KEYS 32

struct holder {
	ENETSTL_KPTR(enetstl_mem, c);
};

/*
 * An array: overwriting an element frees its kptr at once, on every kernel
 * (a hash map's delete defers it on newer ones).
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct holder);
} holders SEC(".maps");

__u64 mem_handle, head_handle;
__u32 rounds, churned, in_erase, target_tgid;
__s32 status;
/* Set by the runner; the first hit inside an erase clears it. */
__u32 kprobe_armed, perf_armed;
__u32 fired_kprobe, fired_perf;
__s32 fired_ret;

/* A container holding an ordered list of keys 1..DTOR_KEYS, in holders[0]. */
SEC("syscall")
int dtor_setup(void *ctx)
{
	struct enetstl_mem *c, *old;
	struct enetstl_node *n;
	struct holder *h;
	__u32 key = 0;
	__u64 *d;

	h = bpf_map_lookup_elem(&holders, &key);
	if (!h)
		return 2;
	c = enetstl_mem_create(16, 0);
	if (!c)
		return 3;
	mem_handle = enetstl_mem_handle(c);
	n = enetstl_node_alloc(c);
	old = bpf_kptr_xchg(&h->c, c);
	if (old)
		enetstl_mem_release(old);
	if (!n)
		return 4;
	head_handle = enetstl_node_handle(n);
	enetstl_node_release(n);
	for (int i = 1; i <= DTOR_KEYS; i++) {
		n = enetstl_node_new(mem_handle);
		if (!n)
			return 5;
		d = (void *)enetstl_node_data(n, 8);
		if (!d) {
			enetstl_node_release(n);
			return 6;
		}
		*d = __builtin_bswap64((__u64)i);
		if (enetstl_node_insert(n, head_handle, 8, 1 + (i & 3)))
			return 7;
	}
	return 0;
}

/* Erase a key (the hook's window) and insert it again. */
static int churn_step(__u32 i, void *unused)
{
	__u64 key = __builtin_bswap64((__u64)(i % DTOR_KEYS + 1));
	struct enetstl_node *n;
	__u64 *d;
	int r;

	in_erase = 1;
	r = enetstl_node_erase(head_handle, &key, sizeof(key));
	in_erase = 0;
	if (r) {
		status = r;
		return 1;
	}
	n = enetstl_node_new(mem_handle);
	if (!n) {
		status = -ENOMEM;
		return 1;
	}
	d = (void *)enetstl_node_data(n, 8);
	if (!d) {
		enetstl_node_release(n);
		status = -EFAULT;
		return 1;
	}
	*d = key;
	r = enetstl_node_insert(n, head_handle, 8, 1 + (i & 3));
	if (r) {
		status = r;
		return 1;
	}
	churned++;
	return 0;
}

SEC("xdp")
int dtor_churn(struct xdp_md *ctx)
{
	status = 0;
	bpf_loop(rounds, churn_step, NULL, 0);
	return XDP_PASS;
}

static __always_inline void drop_holder(__u32 *fired)
{
	struct holder empty = {};
	__u32 key = 0;

	fired_ret = bpf_map_update_elem(&holders, &key, &empty, BPF_ANY);
	(*fired)++;
}

/* call_rcu() inside enetstl_node_erase() runs under the container lock. */
SEC("kprobe/call_rcu")
int dtor_kprobe(void *ctx)
{
	if (!kprobe_armed || !in_erase || (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	kprobe_armed = 0;
	drop_holder(&fired_kprobe);
	return 0;
}

/* A sample that lands inside an erase: hardirq, or NMI with a PMU. */
SEC("perf_event")
int dtor_perf(void *ctx)
{
	if (!perf_armed || !in_erase)
		return 0;
	perf_armed = 0;
	drop_holder(&fired_perf);
	return 0;
}

/* After a drop: 1 if the holder still held the container (now released), 0 if not. */
SEC("syscall")
int dtor_holder_left(void *ctx)
{
	struct enetstl_mem *old;
	struct holder *h;
	__u32 key = 0;

	h = bpf_map_lookup_elem(&holders, &key);
	if (!h)
		return -1;
	old = bpf_kptr_xchg(&h->c, NULL);
	if (!old)
		return 0;
	enetstl_mem_release(old);
	return 1;
}
