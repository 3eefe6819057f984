// SPDX-License-Identifier: GPL-2.0
/*
 * kvstore.bpf.c - flow key-value store (kvstore.h): every flow packet looks
 * its flow up, stores it when new (up to max_flows) and adds to its state.
 * One body, two variants:
 *   NF_ENETSTL=1  a skip list on the memory wrapper with a hashed index
 *                 (enetstl_node_index): per packet enetstl_node_find_data
 *                 (a bucket of the index), for new flows enetstl_node_insert
 *                 (random height, p = 1/2) and, from the control plane,
 *                 enetstl_node_find and enetstl_node_erase; insert and erase lock
 *                 the container, so any CPU may store flows. The container
 *                 head node and index are made by nf_setup, a SYSCALL program the
 *                 loader runs after load; kv_ctl serves query, delete, dump.
 *   NF_ENETSTL=0  a BPF hash map (its control plane: map syscalls).
 */
#include "nf_parse.bpf.h"
#include <linux/errno.h>
#include "kvstore.h"
#if NF_ENETSTL
#include <enetstl/enetstl.h>
#endif

char LICENSE[] SEC("license") = "GPL";

/* Flows stored at most, 1..KV_MAX_FLOWS (kv_ebpf: also kv_flows' max_entries). */
const volatile __u32 max_flows = KV_MAX_FLOWS;

static __always_inline void kv_add(struct kv_state *s, __u64 len, __u64 now)
{
	__u64 last;

	__sync_fetch_and_add(&s->packets, 1);
	__sync_fetch_and_add(&s->bytes, len);
	/* last_ns = max(last_ns, now): CPUs read the clock before they get here */
	for (int i = 0; i < 4; i++) {
		last = s->last_ns;
		if (last >= now || __sync_val_compare_and_swap(&s->last_ns, last, now) == last)
			break;
	}
}

#if NF_ENETSTL
struct kv_root {
	__u64 mem;		/* container handle */
	__u64 head;		/* head node handle; 0 before nf_setup */
	__u64 nflows;		/* flows stored and being stored */
	ENETSTL_KPTR(enetstl_mem, c);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kv_root);
} kv_root SEC(".maps");

#include "kvstore_maps.bpf.h"

static __always_inline struct kv_root *root(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&kv_root, &zero);
}

/* Skip-list height: 1 + the number of trailing 1 bits, at most KV_HEIGHT. */
static __always_inline __u32 kv_height(void)
{
	__u32 r = bpf_get_prandom_u32(), h = 1;

	for (int i = 0; i < KV_HEIGHT - 1; i++) {
		if (!(r & 1))
			break;
		h++;
		r >>= 1;
	}
	return h;
}

/*
 * Add to the stored flow @k; 0, or -ENOENT when it is not stored. One call,
 * no node reference: the entry stays valid until the program returns.
 */
static __always_inline int kv_hit(struct kv_root *r, struct enetstl_flow_key *k, __u64 len,
				  __u64 now)
{
	struct kv_entry *e = (void *)enetstl_node_find_data(r->head, k, sizeof(*k), sizeof(*e));

	if (!e)
		return -ENOENT;
	kv_add(&e->st, len, now);
	return 0;
}

static __always_inline int kv_update(struct enetstl_flow_key *k, __u64 len, __u64 now)
{
	struct kv_root *r = root();
	struct enetstl_node *n;
	struct kv_entry *e;
	int err;

	if (!r || !r->head)
		return KV_STAT_ERR;
	if (!kv_hit(r, k, len, now))
		return KV_STAT_HIT;
	/* new: reserve a place, then make and link its node */
	if (__sync_fetch_and_add(&r->nflows, 1) >= max_flows) {
		__sync_fetch_and_sub(&r->nflows, 1);
		return KV_STAT_FULL;
	}
	n = enetstl_node_new(r->mem);
	if (!n)
		goto unreserve;
	e = (void *)enetstl_node_data(n, sizeof(*e));
	if (!e) {
		enetstl_node_free(n);
		goto unreserve;
	}
	e->key = *k;
	e->st.packets = 1;
	e->st.bytes = len;
	e->st.first_ns = now;
	e->st.last_ns = now;
	err = enetstl_node_insert(n, r->head, sizeof(*k), kv_height());	/* takes n */
	if (!err)
		return KV_STAT_NEW;
	__sync_fetch_and_sub(&r->nflows, 1);
	/* another CPU stored the flow first (or find missed it during an erase) */
	if (err == -EEXIST && !kv_hit(r, k, len, now))
		return KV_STAT_HIT;
	return KV_STAT_ERR;
unreserve:
	__sync_fetch_and_sub(&r->nflows, 1);
	return KV_STAT_ERR;
}

/* Run once after load (enetstl-example, the tests: nf_load()). */
SEC("syscall")
int nf_setup(void *ctx)
{
	struct enetstl_mem *c, *old;
	struct enetstl_node *head;
	struct kv_root *r = root();
	__u64 h;
	int err;

	if (!r)
		return -EINVAL;
	if (r->head)
		return -EEXIST;
	c = enetstl_mem_create(sizeof(struct kv_entry),
			       (__u64)(max_flows + 1) * KV_NODE_BYTES * 2 +
			       ENETSTL_MEM_INDEX_BYTES(max_flows));
	if (!c)
		return -ENOMEM;
	head = enetstl_node_alloc(c);
	if (!head) {
		enetstl_mem_release(c);
		return -ENOMEM;
	}
	h = enetstl_node_handle(head);
	enetstl_node_release(head);
	/* flow packets find their flow in a bucket; the list keeps the order for dumps */
	err = enetstl_node_index(h, sizeof(struct enetstl_flow_key), max_flows);
	if (err) {
		enetstl_mem_release(c);
		return err;
	}
	r->mem = enetstl_mem_handle(c);
	r->head = h;
	old = bpf_kptr_xchg(&r->c, c);
	if (old)
		enetstl_mem_release(old);
	return 0;
}

struct kv_walk {
	__u64 cur;		/* handle of the node the walk stands on */
	__u32 n;
	__u32 lost;		/* cur was erased under the walk */
};

/* One step along level 0: copy the next entry to kv_out. */
static int dump_step(__u32 i, struct kv_walk *w)
{
	struct enetstl_node *n, *m;
	struct kv_chunk *out;
	struct kv_entry *e;
	__u32 zero = 0;
	__u64 live;

	out = bpf_map_lookup_elem(&kv_out, &zero);
	if (!out || w->n >= KV_DUMP_CHUNK)
		return 1;
	n = enetstl_node_lookup(w->cur);
	if (!n) {
		w->lost = 1;
		return 1;
	}
	m = enetstl_node_get(n, 0);
	live = enetstl_node_handle(n);	/* 0 once erased: its slots were emptied */
	enetstl_node_release(n);
	if (!m) {
		w->lost = !live;
		return 1;	/* the end of the list, unless erased under us */
	}
	e = (void *)enetstl_node_data(m, sizeof(*e));
	if (e)
		out->e[w->n & (KV_DUMP_CHUNK - 1)] = *e;
	w->n++;
	w->cur = enetstl_node_handle(m);
	enetstl_node_release(m);
	return 0;
}

static __always_inline int kv_dump(struct kv_root *r, struct kv_req *req,
				   struct enetstl_flow_key *k)
{
	struct kv_walk w = { .cur = r->head };
	__u64 preds[KV_HEIGHT];
	__s64 h;

	if (req->resume) {	/* from the last key seen, or from its predecessor if erased */
		h = enetstl_node_search(r->head, k, sizeof(*k), preds, sizeof(preds));
		if (h < 0)
			return h;
		w.cur = h ?: preds[0];
		if (!w.cur) {	/* the predecessor went too: try again */
			req->more = 1;
			return 0;
		}
	}
	bpf_loop(KV_DUMP_CHUNK + 1, dump_step, &w, 0);
	req->n = w.n;
	req->more = w.n >= KV_DUMP_CHUNK || w.lost;
	return 0;
}

/* The control plane: struct kv_req in and out (BPF_PROG_TEST_RUN ctx). */
SEC("syscall")
int kv_ctl(struct kv_req *req)
{
	struct kv_root *r = root();
	struct enetstl_node *n;
	struct kv_entry *e;
	struct enetstl_flow_key k;
	int err = 0;

	if (!r || !r->head) {
		req->err = -ENODEV;
		return 0;
	}
	__builtin_memcpy(&k, &req->key, sizeof(k));
	req->n = 0;
	req->more = 0;
	switch (req->op) {
	case KV_OP_QUERY:
		n = enetstl_node_find(r->head, &k, sizeof(k));
		if (!n) {
			err = -ENOENT;
			break;
		}
		e = (void *)enetstl_node_data(n, sizeof(*e));
		if (e)
			req->st = e->st;
		else
			err = -EFAULT;
		enetstl_node_release(n);
		break;
	case KV_OP_DELETE:
		err = enetstl_node_erase(r->head, &k, sizeof(k));
		if (!err)
			__sync_fetch_and_sub(&r->nflows, 1);
		break;
	case KV_OP_DUMP:
		err = kv_dump(r, req, &k);
		break;
	default:
		err = -EINVAL;
	}
	req->err = err;
	return 0;
}
#else
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KV_MAX_FLOWS);	/* the loader sets it to max_flows */
	__type(key, struct enetstl_flow_key);
	__type(value, struct kv_state);
} kv_flows SEC(".maps");

static __always_inline int kv_update(struct enetstl_flow_key *k, __u64 len, __u64 now)
{
	struct kv_state *s = bpf_map_lookup_elem(&kv_flows, k), init;
	int err;

	if (s) {
		kv_add(s, len, now);
		return KV_STAT_HIT;
	}
	init.packets = 1;
	init.bytes = len;
	init.first_ns = now;
	init.last_ns = now;
	/*
	 * An int: the verifier turns the helper into a direct call of the
	 * map's update function, which returns an int, so the upper 32 bits
	 * of the result are not a sign extension (on 6.1 -E2BIG read as a
	 * long is 0xfffffff9).
	 */
	err = bpf_map_update_elem(&kv_flows, k, &init, BPF_NOEXIST);
	if (!err)
		return KV_STAT_NEW;
	if (err == -EEXIST) {	/* another CPU stored it first */
		s = bpf_map_lookup_elem(&kv_flows, k);
		if (s) {
			kv_add(s, len, now);
			return KV_STAT_HIT;
		}
	}
	/* E2BIG: max_entries (= max_flows) reached */
	return err == -E2BIG ? KV_STAT_FULL : KV_STAT_ERR;
}
#endif

SEC("xdp")
int xdp_kvstore(struct xdp_md *ctx)
{
	struct nf_stats *st;
	struct enetstl_flow_key k;
	__u64 len = ctx->data_end - ctx->data;

	st = nf_begin(ctx, &k);
	if (!st)
		return XDP_PASS;
	st->nf[kv_update(&k, len, bpf_ktime_get_ns()) & 3]++;
	return XDP_PASS;
}
