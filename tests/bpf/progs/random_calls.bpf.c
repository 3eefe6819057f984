// SPDX-License-Identifier: GPL-2.0
/*
 * random_calls.bpf.c - the sampling kfuncs from XDP: each run of xdp_geo_skip
 * records one skip draw, each run of xdp_geo_sample one sampling decision;
 * the runner repeats them in the kernel and tests the distribution.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/enetstl.h>

char LICENSE[] SEC("license") = "GPL";

#define DRAWS 8192

struct geo_state {
	struct enetstl_geo geo;
	__u64 p_q32;		/* set by the runner; 0: already initialized */
	__s64 init_result;
	__u32 next;		/* draws recorded */
	__u32 sampled;
	__u32 calls;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct geo_state);
} geo_state SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, DRAWS);
	__type(key, __u32);
	__type(value, __s64);
} draws SEC(".maps");

static __always_inline struct geo_state *state(void)
{
	__u32 zero = 0;
	struct geo_state *s = bpf_map_lookup_elem(&geo_state, &zero);

	if (s && s->p_q32) {
		s->init_result = enetstl_geo_init(&s->geo, sizeof(s->geo), s->p_q32);
		s->p_q32 = 0;
	}
	return s;
}

SEC("xdp")
int xdp_geo_skip(struct xdp_md *ctx)
{
	struct geo_state *s = state();
	__s64 *slot;
	__u32 i;

	if (!s)
		return XDP_ABORTED;
	i = s->next++;
	slot = bpf_map_lookup_elem(&draws, &i);
	if (slot)
		*slot = enetstl_geo_skip(&s->geo, sizeof(s->geo));
	return XDP_PASS;
}

SEC("xdp")
int xdp_geo_sample(struct xdp_md *ctx)
{
	struct geo_state *s = state();
	int r;

	if (!s)
		return XDP_ABORTED;
	r = enetstl_geo_sample(&s->geo, sizeof(s->geo));
	s->calls++;
	if (r > 0)
		s->sampled++;
	return r < 0 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int xdp_random_u32(struct xdp_md *ctx)
{
	__u32 i = enetstl_random_u32() % DRAWS;
	__s64 *slot = bpf_map_lookup_elem(&draws, &i);

	if (slot)
		__sync_fetch_and_add(slot, 1);
	return XDP_PASS;
}
