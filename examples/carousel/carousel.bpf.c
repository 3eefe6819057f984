// SPDX-License-Identifier: GPL-2.0
/*
 * carousel.bpf.c - Carousel timing wheel (carousel.h): each packet's
 * descriptor goes into the wheel slot of its departure tick; the cursor
 * releases due descriptors in order, `drain` wheel steps per packet.
 * One body, three variants:
 *   NF_ENETSTL=1     the slots are list buckets (enetstl_list_*), created on
 *                    a CPU's first packet, kept as a kptr and borrowed per
 *                    packet
 *   NF_ENETSTL=1 NF_FLAVOR_WHEEL=1  the wheel itself is the library's
 *                    (enetstl/wheel.h), one per CPU in an array map: one
 *                    call queues the descriptor and releases what is due
 *   NF_FLAVOR_LIST=1 pure eBPF, the same algorithm: the slots are the
 *                    kernel's BPF lists (bpf_obj_new(), bpf_list_*; 6.12
 *                    and later), each under its bpf_spin_lock, as the
 *                    verifier demands, with CR_MAX_ELEMS descriptors per
 *                    CPU, recycled through a per-CPU pool list
 *   NF_FLAVOR_ARRAY=1 pure eBPF, the same algorithm as the library's list
 *                    buckets on any kernel: element indexes as links in
 *                    per-CPU arrays
 *   otherwise        pure eBPF: a fixed ring of CR_RING descriptors per slot
 */
#include "nf_parse.bpf.h"
#include "carousel.h"
#if NF_ENETSTL
#include <enetstl/enetstl.h>
#endif
#if NF_FLAVOR_LIST
#include "nf_graph.bpf.h"
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

#if NF_FLAVOR_WHEEL
/*
 * The library's wheel, one per CPU: too large for a per-CPU value (32
 * KiB at most), so an array map the loader sizes to the CPUs
 * (cr_configure()); a CPU beyond it finds no wheel and counts an error.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CR_LIST_CPUS);
	__type(key, __u32);
	__type(value, struct enetstl_wheel);
} cr_wheels SEC(".maps");

_Static_assert(ENETSTL_WHEEL_SLOTS == CR_SLOTS && ENETSTL_WHEEL_ELEMS == CR_MAX_ELEMS &&
	       ENETSTL_WHEEL_STEPS >= CR_DRAIN_MAX, "the library's wheel is the NF's");

typedef struct enetstl_wheel cr_wheel_t;
typedef int cr_root_t;	/* nothing to put back */

static __always_inline cr_wheel_t *wheel_get(struct cr_state *s, cr_root_t *root)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&cr_wheels, &cpu);
}
#elif NF_ENETSTL
/*
 * This CPU's wheel, kept as a kptr. The program borrows it for the packet
 * (bpf_kptr_xchg() out, then back in): two helper calls, where a handle
 * lookup (enetstl_list_get()) and its release cost a hash-table walk and a
 * reference count pair. The slot is empty while borrowed, so a program
 * nesting on this CPU finds no wheel and counts an error; per-CPU values
 * keep other CPUs out of it.
 */
struct cr_root {
	/*
	 * The wheel was made: an empty slot means it is borrowed. 64 bits: 6.1
	 * finds no kptr in a value with a member at an offset not a multiple of 8.
	 */
	__u64 created;
	ENETSTL_KPTR(enetstl_list, wheel);
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cr_root);
} cr_wheel SEC(".maps");

typedef struct enetstl_list cr_wheel_t;
typedef struct cr_root *cr_root_t;	/* where the wheel goes back */

static __always_inline cr_wheel_t *wheel_get(struct cr_state *s, cr_root_t *rootp)
{
	struct enetstl_list *l;
	struct cr_root *root;
	__u32 zero = 0;

	root = bpf_map_lookup_elem(&cr_wheel, &zero);
	if (!root)
		return NULL;
	*rootp = root;
	l = bpf_kptr_xchg(&root->wheel, NULL);
	if (l || root->created)
		return l;
	/* this CPU's first packet */
	l = enetstl_list_create(CR_SLOTS, sizeof(struct cr_elem), CR_MAX_ELEMS);
	if (l)
		root->created = 1;
	return l;
}

#define CR_WHEEL_BORROWED 1	/* wheel_put() gives it back */

static __always_inline void wheel_put(cr_root_t root, cr_wheel_t *w)
{
	struct enetstl_list *old = bpf_kptr_xchg(&root->wheel, w);

	if (old)	/* never: the slot stayed empty while borrowed */
		enetstl_list_release(old);
}

static __always_inline int wheel_push(cr_wheel_t *w, cr_root_t root, __u32 slot,
				      struct cr_elem *e)
{
	return enetstl_list_push(w, slot, e, sizeof(*e));
}

/* Pop the slot's first descriptor into @e if it is due at @tick: 0, else non-zero. */
static __always_inline int wheel_pop_due(cr_wheel_t *w, cr_root_t root, __u32 slot,
					 struct cr_elem *e, __u32 tick)
{
	return enetstl_list_pop_due(w, slot, e, sizeof(*e), tick);
}
#elif NF_FLAVOR_LIST
struct cr_node {
	struct cr_elem e;
	struct bpf_list_node node;
};

struct cr_slot {
	struct bpf_spin_lock lock;
	struct bpf_list_head head __contains(cr_node, node);
};

/*
 * CR_SLOTS slots per CPU, CPU c's from c * CR_SLOTS (lists and locks
 * cannot live in per-CPU values): for CR_LIST_CPUS CPUs, or as many as the
 * machine has when the loader sizes it and cr_pool (cr_configure()). A CPU
 * beyond them finds no slot and drops.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CR_SLOTS * CR_LIST_CPUS);
	__type(key, __u32);
	__type(value, struct cr_slot);
} cr_slots SEC(".maps");

/*
 * Each CPU's descriptors that left the wheel, for its next pushes: the
 * allocator only while the wheel grows, no free per release (bpf_obj_drop()
 * frees through RCU, which costs far more natively than its instructions).
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CR_LIST_CPUS);
	__type(key, __u32);
	__type(value, struct cr_slot);
} cr_pool SEC(".maps");

/* The wheel's state bounds it: at most CR_MAX_ELEMS descriptors queued. */
typedef struct cr_state cr_wheel_t;
typedef __u32 cr_root_t;	/* this CPU's first slot */

static __always_inline cr_wheel_t *wheel_get(struct cr_state *s, cr_root_t *root)
{
	*root = bpf_get_smp_processor_id() * CR_SLOTS;
	return s;
}

static __always_inline struct cr_slot *pool_of(cr_root_t root)
{
	__u32 cpu = root / CR_SLOTS;

	return bpf_map_lookup_elem(&cr_pool, &cpu);
}

static __always_inline struct cr_slot *slot_of(cr_root_t root, __u32 slot)
{
	__u32 i = root + (slot & (CR_SLOTS - 1));

	return bpf_map_lookup_elem(&cr_slots, &i);
}

static __always_inline int wheel_push(cr_wheel_t *w, cr_root_t root, __u32 slot,
				      struct cr_elem *e)
{
	struct cr_slot *q, *pool;
	struct bpf_list_node *ln;
	struct cr_node *n;

	if (w->queued >= CR_MAX_ELEMS)
		return -1;
	q = slot_of(root, slot);
	pool = pool_of(root);
	if (!q || !pool)
		return -1;
	bpf_spin_lock(&pool->lock);
	ln = bpf_list_pop_front(&pool->head);
	bpf_spin_unlock(&pool->lock);
	if (ln)
		n = container_of(ln, struct cr_node, node);
	else
		n = bpf_obj_new(struct cr_node);
	if (!n)
		return -1;
	n->e.ts = e->ts;	/* field by field: an object is read and written by member */
	n->e.flow = e->flow;
	bpf_spin_lock(&q->lock);
	bpf_list_push_back(&q->head, &n->node);
	bpf_spin_unlock(&q->lock);
	return 0;
}

/*
 * The slot's head, popped; put back in front when it is not due yet. The
 * pool is looked up only for a release: most steps find an empty slot.
 */
static __always_inline int wheel_pop_due(cr_wheel_t *w, cr_root_t root, __u32 slot,
					 struct cr_elem *e, __u32 tick)
{
	struct cr_slot *q = slot_of(root, slot), *pool;
	struct bpf_list_node *ln;
	struct cr_node *n;

	if (!q)
		return -1;
	bpf_spin_lock(&q->lock);
	ln = bpf_list_pop_front(&q->head);
	if (!ln) {
		bpf_spin_unlock(&q->lock);
		return -1;
	}
	n = container_of(ln, struct cr_node, node);
	e->ts = n->e.ts;
	e->flow = n->e.flow;
	if ((__s32)(e->ts - tick) > 0) {
		bpf_list_push_front(&q->head, &n->node);
		bpf_spin_unlock(&q->lock);
		return 1;
	}
	bpf_spin_unlock(&q->lock);
	pool = pool_of(root);
	if (!pool) {	/* never: the pool is sized as the slots are */
		bpf_obj_drop(n);
		return 0;
	}
	bpf_spin_lock(&pool->lock);
	bpf_list_push_front(&pool->head, &n->node);
	bpf_spin_unlock(&pool->lock);
	return 0;
}
#elif NF_FLAVOR_ARRAY
/*
 * What enetstl_list_* does, as pure eBPF writes it: this CPU's CR_MAX_ELEMS
 * descriptors in one per-CPU array, each slot a FIFO of element indexes
 * linked through next[], unused elements on a free list. A link is the
 * element's index plus one, 0 none, and elements never used yet are taken
 * from `fresh` on: a zeroed value is an empty wheel, nothing to set up.
 * Two maps, because a per-CPU value is at most 32 KiB (the descriptors
 * alone fill one).
 */
struct cr_links {
	__u16 head[CR_SLOTS], tail[CR_SLOTS];	/* first and last element + 1 */
	__u16 next[CR_MAX_ELEMS];	/* the next element + 1 in its slot or the free list */
	__u16 free;			/* first free element + 1 */
	__u16 fresh;			/* elements fresh..CR_MAX_ELEMS-1 were never used */
};

struct cr_elems {
	struct cr_elem e[CR_MAX_ELEMS];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cr_links);
} cr_links SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cr_elems);
} cr_elems SEC(".maps");

#define CR_IDX(link)	(((link) - 1) & (CR_MAX_ELEMS - 1))

typedef struct cr_links cr_wheel_t;
typedef struct cr_elems *cr_root_t;	/* the descriptors */

static __always_inline cr_wheel_t *wheel_get(struct cr_state *s, cr_root_t *root)
{
	__u32 zero = 0;

	*root = bpf_map_lookup_elem(&cr_elems, &zero);
	return *root ? bpf_map_lookup_elem(&cr_links, &zero) : NULL;
}

static __always_inline int wheel_push(cr_wheel_t *w, cr_root_t el, __u32 slot,
				      struct cr_elem *e)
{
	__u32 i, t;

	slot &= CR_SLOTS - 1;
	if (w->free) {
		i = CR_IDX(w->free);
		w->free = w->next[i];
	} else if (w->fresh < CR_MAX_ELEMS) {
		i = w->fresh++ & (CR_MAX_ELEMS - 1);
	} else {
		return -1;
	}
	el->e[i] = *e;
	w->next[i] = 0;
	t = w->tail[slot];
	if (t)
		w->next[CR_IDX(t)] = i + 1;
	else
		w->head[slot] = i + 1;
	w->tail[slot] = i + 1;
	return 0;
}

static __always_inline int wheel_pop_due(cr_wheel_t *w, cr_root_t el, __u32 slot,
					 struct cr_elem *e, __u32 tick)
{
	__u32 h;

	slot &= CR_SLOTS - 1;
	h = w->head[slot];
	if (!h)
		return -1;
	h = CR_IDX(h);
	*e = el->e[h];
	if ((__s32)(e->ts - tick) > 0)
		return 1;
	w->head[slot] = w->next[h];
	if (!w->head[slot])
		w->tail[slot] = 0;
	w->next[h] = w->free;
	w->free = h + 1;
	return 0;
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
typedef int cr_root_t;	/* nothing to put back */

static __always_inline cr_wheel_t *wheel_get(struct cr_state *s, cr_root_t *root)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&cr_wheel, &zero);
}

static __always_inline int wheel_push(cr_wheel_t *w, cr_root_t root, __u32 slot,
				      struct cr_elem *e)
{
	struct cr_ring *r = &w->slot[slot & (CR_SLOTS - 1)];

	if (r->tail - r->head >= CR_RING)
		return -1;
	r->e[r->tail & (CR_RING - 1)] = *e;
	r->tail++;
	return 0;
}

static __always_inline int wheel_pop_due(cr_wheel_t *w, cr_root_t root, __u32 slot,
					 struct cr_elem *e, __u32 tick)
{
	struct cr_ring *r = &w->slot[slot & (CR_SLOTS - 1)];

	if (r->head == r->tail)
		return -1;
	*e = r->e[r->head & (CR_RING - 1)];
	if ((__s32)(e->ts - tick) > 0)
		return 1;
	r->head++;
	return 0;
}
#endif

#ifndef CR_WHEEL_BORROWED
/* Only a borrowed wheel goes back: the others stay in their maps. */
static __always_inline void wheel_put(cr_root_t root, cr_wheel_t *w)
{
}
#endif

/* One descriptor released at tick @now: the results, in order. */
static __always_inline void cr_release(struct cr_state *s, struct nf_stats *st, __u32 ts,
				       __u32 flow, __u32 now)
{
	s->queued--;
	s->released++;
	s->late_sum += now - ts;
	s->order = s->order * 31 + (ts ^ flow);
	st->nf[CR_STAT_RELEASED]++;
}

static __always_inline void cr_queued(struct cr_state *s, struct nf_stats *st, int full)
{
	if (full) {
		s->dropped++;
		st->nf[CR_STAT_DROPPED]++;
	} else {
		s->queued++;
		st->nf[CR_STAT_QUEUED]++;
	}
}

/*
 * The variant part: queue @e, then release what is due, at most `drain`
 * wheel steps; a slot is done when empty or its head is a later lap's.
 */
#if NF_FLAVOR_WHEEL
static __always_inline void cr_step(cr_wheel_t *w, cr_root_t root, struct cr_state *s,
				    struct nf_stats *st, struct cr_elem *e, __u32 now)
{
	int i, n = enetstl_wheel_push_release(w, e->ts, e->flow, now, drain);

	if (n < 0) {
		st->nf[CR_STAT_ERR]++;
		return;
	}
	cr_queued(s, st, n & ENETSTL_WHEEL_FULL);
	s->cursor = w->cursor;
	n &= 0xff;
	for (i = 0; i < ENETSTL_WHEEL_STEPS && i < n; i++) {
		__u64 x = w->out[i];

		cr_release(s, st, (__u32)x, x >> 32, now);
	}
}
#else
static __always_inline void cr_step(cr_wheel_t *w, cr_root_t root, struct cr_state *s,
				    struct nf_stats *st, struct cr_elem *e, __u32 now)
{
	__u32 i;

	cr_queued(s, st, wheel_push(w, root, e->ts % CR_SLOTS, e));
	for (i = 0; i < CR_DRAIN_MAX && i < drain; i++) {
		__u32 tick = s->cursor;

		if ((__s32)(tick - now) > 0)
			break;
		if (wheel_pop_due(w, root, tick % CR_SLOTS, e, tick)) {
			s->cursor = tick + 1;
			continue;
		}
		cr_release(s, st, e->ts, e->flow, now);
	}
}
#endif

SEC("xdp")
int xdp_carousel(struct xdp_md *ctx)
{
	struct cr_state *s;
	struct nf_stats *st;
	struct cr_elem e;
	struct enetstl_flow_key k;
	cr_root_t root = 0;
	cr_wheel_t *w;
	__u32 zero = 0, now;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
	s = bpf_map_lookup_elem(&cr_state, &zero);
	w = wheel_get(s, &root);
	if (!s || !w) {
		if (w)
			wheel_put(root, w);
		st->nf[CR_STAT_ERR]++;
		return XDP_PASS;
	}
	now = s->now++;
	e.flow = cr_flow(&k);
	e.ts = now + cr_delay(e.flow);
	cr_step(w, root, s, st, &e, now);
	wheel_put(root, w);
	return XDP_PASS;
}
