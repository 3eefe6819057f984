// SPDX-License-Identifier: GPL-2.0
/*
 * carousel.bpf.c - Carousel timing wheel (carousel.h): each packet's
 * descriptor goes into the wheel slot of its departure tick; the cursor
 * releases due descriptors in order, `drain` wheel steps per packet.
 * One body, two variants:
 *   NF_ENETSTL=1  the slots are list buckets (enetstl_list_*), created on
 *                 a CPU's first packet and kept as a kptr
 *   NF_ENETSTL=0  pure eBPF: a fixed ring of CR_RING descriptors per slot
 */
#include "nf_parse.bpf.h"
#include "carousel.h"
#if NF_ENETSTL
#include <enetstl/enetstl.h>
#endif

char LICENSE[] SEC("license") = "GPL";

/* Wheel steps per packet, 1..CR_DRAIN_MAX. */
const volatile __u32 drain = CR_DRAIN;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cr_state);
} cr_state SEC(".maps");

#if NF_ENETSTL
/* This CPU's wheel: its handle, and the kptr that keeps it alive. */
struct cr_root {
	__u64 handle;
	ENETSTL_KPTR(enetstl_list, wheel);
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cr_root);
} cr_wheel SEC(".maps");

typedef struct enetstl_list cr_wheel_t;

static __always_inline cr_wheel_t *wheel_get(void)
{
	struct enetstl_list *l, *old;
	struct cr_root *root;
	__u32 zero = 0;

	root = bpf_map_lookup_elem(&cr_wheel, &zero);
	if (!root)
		return NULL;
	if (!root->handle) {	/* this CPU's first packet */
		l = enetstl_list_create(CR_SLOTS, sizeof(struct cr_elem), CR_MAX_ELEMS);
		if (!l)
			return NULL;
		root->handle = enetstl_list_handle(l);
		old = bpf_kptr_xchg(&root->wheel, l);
		if (old)
			enetstl_list_release(old);
	}
	return enetstl_list_get(root->handle);
}

static __always_inline void wheel_put(cr_wheel_t *w)
{
	enetstl_list_release(w);
}

static __always_inline int wheel_push(cr_wheel_t *w, __u32 slot, struct cr_elem *e)
{
	return enetstl_list_push(w, slot, e, sizeof(*e));
}

static __always_inline int wheel_peek(cr_wheel_t *w, __u32 slot, struct cr_elem *e)
{
	return enetstl_list_peek(w, slot, e, sizeof(*e));
}

static __always_inline int wheel_pop(cr_wheel_t *w, __u32 slot, struct cr_elem *e)
{
	return enetstl_list_pop(w, slot, e, sizeof(*e));
}
#else
struct cr_ring {
	__u32 head, tail;	/* free-running: tail - head descriptors */
	struct cr_elem e[CR_RING];
};

struct cr_rings {
	struct cr_ring slot[CR_SLOTS];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cr_rings);
} cr_wheel SEC(".maps");

typedef struct cr_rings cr_wheel_t;

static __always_inline cr_wheel_t *wheel_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&cr_wheel, &zero);
}

static __always_inline void wheel_put(cr_wheel_t *w)
{
}

static __always_inline int wheel_push(cr_wheel_t *w, __u32 slot, struct cr_elem *e)
{
	struct cr_ring *r = &w->slot[slot & (CR_SLOTS - 1)];

	if (r->tail - r->head >= CR_RING)
		return -1;
	r->e[r->tail & (CR_RING - 1)] = *e;
	r->tail++;
	return 0;
}

static __always_inline int wheel_peek(cr_wheel_t *w, __u32 slot, struct cr_elem *e)
{
	struct cr_ring *r = &w->slot[slot & (CR_SLOTS - 1)];

	if (r->head == r->tail)
		return -1;
	*e = r->e[r->head & (CR_RING - 1)];
	return 0;
}

static __always_inline int wheel_pop(cr_wheel_t *w, __u32 slot, struct cr_elem *e)
{
	struct cr_ring *r = &w->slot[slot & (CR_SLOTS - 1)];

	if (wheel_peek(w, slot, e))
		return -1;
	r->head++;
	return 0;
}
#endif

SEC("xdp")
int xdp_carousel(struct xdp_md *ctx)
{
	struct cr_state *s;
	struct nf_stats *st;
	struct cr_elem e;
	struct nf_key k;
	cr_wheel_t *w;
	__u32 zero = 0, now, i;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
	s = bpf_map_lookup_elem(&cr_state, &zero);
	w = wheel_get();
	if (!s || !w) {
		if (w)
			wheel_put(w);
		st->nf[CR_STAT_ERR]++;
		return XDP_PASS;
	}
	now = s->now++;
	e.flow = cr_flow(&k);
	e.ts = now + cr_delay(e.flow);
	if (wheel_push(w, e.ts % CR_SLOTS, &e)) {
		s->dropped++;
		st->nf[CR_STAT_DROPPED]++;
	} else {
		s->queued++;
		st->nf[CR_STAT_QUEUED]++;
	}
	/* Release what is due: a slot is done when empty or its head is a later lap's. */
	for (i = 0; i < CR_DRAIN_MAX && i < drain; i++) {
		__u32 tick = s->cursor;

		if ((__s32)(tick - now) > 0)
			break;
		if (wheel_peek(w, tick % CR_SLOTS, &e) || (__s32)(e.ts - tick) > 0) {
			s->cursor = tick + 1;
			continue;
		}
		wheel_pop(w, tick % CR_SLOTS, &e);
		s->queued--;
		s->released++;
		s->late_sum += now - e.ts;
		s->order = s->order * 31 + (e.ts ^ e.flow);
		st->nf[CR_STAT_RELEASED]++;
	}
	wheel_put(w);
	return XDP_PASS;
}
