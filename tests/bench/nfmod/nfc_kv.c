// SPDX-License-Identifier: GPL-2.0
/*
 * nfc_kv.c - the flow key-value store (examples/kvstore/kvstore.h) as plain
 * kernel C, for the NF tests and bench only: the skip list of kv_enetstl
 * (one node per flow, ordered by the key bytes, random height p = 1/2,
 * KV_HEIGHT levels, descents from the highest non-empty level, as the
 * module's) with what the kfunc boundary costs taken out: nodes are
 * module memory reached by pointers (no handles, no references), walked
 * under RCU, linked and unlinked under one lock, keys compared as
 * pre-swapped 64-bit words. Same admission (max_flows), counters and
 * control plane (struct kv_req: query, delete, dump in key order). Flow
 * packets find their flow in a chained hash index over the list's nodes
 * (the CRC-32C of the key, as the module's enetstl_node_index(), but
 * chains: no bucket fills), so the list is walked only to insert, delete
 * and dump.
 *
 * One store for the module, emptied and sized by enetstl_nfc_kv_setup()
 * (the object's nf_setup program): one kv_kc object at a time, as the tests
 * and the bench load them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <asm/cpufeature.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <net/xdp.h>

#include "enetstl_compat.h"
#include "core/crc32c_core.h"
#include "nf_parse.h"
#include "kvstore/kvstore.h"
#include "nfc.h"

struct nfc_kv_node {
	struct nfc_kv_node __rcu *next[KV_HEIGHT];
	struct nfc_kv_node __rcu *hnext;	/* its hash bucket's chain */
	u64 kw[NF_KEY_DWORDS];		/* the key as big-endian words: memcmp order */
	struct kv_entry e;
	struct rcu_head rcu;
};

#define NFC_KV_BUCKETS	KV_MAX_FLOWS	/* a power of 2: the most max_flows asks for */

static struct {
	struct nfc_kv_node __rcu *head[KV_HEIGHT];
	int top;			/* highest non-empty head level + 1 (Pugh's list level) */
	spinlock_t lock;		/* link, unlink, setup */
	atomic_t n;			/* flows stored and being stored */
	u32 max;			/* 0: not set up */
	u32 mask;			/* hash buckets in use - 1: roundup_pow_of_two(max) - 1 */
	struct nfc_kv_node __rcu *bucket[NFC_KV_BUCKETS];
} nfc_kv = { .lock = __SPIN_LOCK_UNLOCKED(nfc_kv.lock) };

static __always_inline void nfc_kv_words(const struct enetstl_flow_key *k, u64 *kw)
{
	int i;

	for (i = 0; i < NF_KEY_DWORDS; i++)
		kw[i] = get_unaligned_be64((const u8 *)k + 8 * i);
}

static __always_inline int nfc_kv_cmp(const u64 *a, const u64 *b)
{
	int i;

	for (i = 0; i < NF_KEY_DWORDS - 1; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return a[i] < b[i] ? -1 : a[i] != b[i];
}

/* The bucket of key @k: its CRC-32C (the crc32 instruction), else jhash. */
static __always_inline struct nfc_kv_node __rcu **nfc_kv_bucket(const struct enetstl_flow_key *k)
{
	u32 h;

#ifdef ENETSTL_HAVE_CRC32C_HW
	if (cpu_feature_enabled(X86_FEATURE_XMM4_2))
		h = enetstl_crc32c_hw40(0, (const u8 *)k);
	else
#endif
		h = jhash2((const u32 *)k, sizeof(*k) / 4, 0);
	return &nfc_kv.bucket[h & READ_ONCE(nfc_kv.mask)];
}

static __always_inline bool nfc_kv_key_eq(const struct enetstl_flow_key *a,
					  const struct enetstl_flow_key *b)
{
	const u64 *x = (const u64 *)a, *y = (const u64 *)b;
	u64 d = 0;
	int i;

	for (i = 0; i < NF_KEY_DWORDS; i++)
		d |= x[i] ^ y[i];
	return !d;
}

/* RCU read side or the lock. The node with key @k, by its hash chain. */
static __always_inline struct nfc_kv_node *nfc_kv_lookup(const struct enetstl_flow_key *k)
{
	struct nfc_kv_node *t = rcu_dereference_check(*nfc_kv_bucket(k),
						      lockdep_is_held(&nfc_kv.lock));

	for (; t; t = rcu_dereference_check(t->hnext, lockdep_is_held(&nfc_kv.lock)))
		if (nfc_kv_key_eq(&t->e.key, k))
			return t;
	return NULL;
}

/*
 * RCU read side or the lock. The node with key @kw, or NULL; @preds (if
 * wanted) gets, per level, the last link before where @kw goes.
 */
static struct nfc_kv_node *nfc_kv_find(const u64 *kw, struct nfc_kv_node __rcu ***preds)
{
	struct nfc_kv_node __rcu **x = nfc_kv.head;
	struct nfc_kv_node *t = NULL;
	int l, top = READ_ONCE(nfc_kv.top);

	if (preds)
		for (l = KV_HEIGHT - 1; l >= top; l--)
			preds[l] = &x[l];
	for (l = top - 1; l >= 0; l--) {
		for (;;) {
			t = rcu_dereference_check(x[l], lockdep_is_held(&nfc_kv.lock));
			if (!t || nfc_kv_cmp(t->kw, kw) >= 0)
				break;
			x = t->next;
		}
		if (preds)
			preds[l] = &x[l];
	}
	return t && !nfc_kv_cmp(t->kw, kw) ? t : NULL;
}

static void nfc_kv_add(struct kv_state *s, u64 len, u64 now)
{
	u64 last;

	atomic64_inc((atomic64_t *)&s->packets);
	atomic64_add(len, (atomic64_t *)&s->bytes);
	last = READ_ONCE(s->last_ns);
	while (last < now && !try_cmpxchg64(&s->last_ns, &last, now))
		;
}

/*
 * A new flow: its node linked, or the node another CPU linked first. Out of
 * line, so that the packet's path keeps no arrays on its stack (a stack
 * canary, and zeroing under CONFIG_INIT_STACK_ALL_ZERO).
 */
static noinline int nfc_kv_insert(const struct enetstl_flow_key *k, u64 len, u64 now)
{
	struct nfc_kv_node __rcu **preds[KV_HEIGHT], **b;
	struct nfc_kv_node *n, *t;
	u32 r = get_random_u32(), h = 1;
	u64 kw[NF_KEY_DWORDS];
	int l;

	nfc_kv_words(k, kw);

	if (atomic_inc_return(&nfc_kv.n) > READ_ONCE(nfc_kv.max)) {
		atomic_dec(&nfc_kv.n);
		return KV_STAT_FULL;
	}
	n = kmalloc(sizeof(*n), GFP_ATOMIC | __GFP_NOWARN);
	if (!n) {
		atomic_dec(&nfc_kv.n);
		return KV_STAT_ERR;
	}
	memcpy(n->kw, kw, sizeof(n->kw));
	n->e.key = *k;
	n->e.st = (struct kv_state){ .packets = 1, .bytes = len, .first_ns = now, .last_ns = now };
	for (; h < KV_HEIGHT && (r & 1); r >>= 1)
		h++;
	spin_lock_bh(&nfc_kv.lock);
	t = nfc_kv_find(kw, preds);
	if (t) {
		spin_unlock_bh(&nfc_kv.lock);
		kfree(n);
		atomic_dec(&nfc_kv.n);
		nfc_kv_add(&t->e.st, len, now);	/* RCU keeps t */
		return KV_STAT_HIT;
	}
	for (l = 0; l < h; l++)
		RCU_INIT_POINTER(n->next[l], rcu_dereference_protected(*preds[l], 1));
	for (; l < KV_HEIGHT; l++)
		RCU_INIT_POINTER(n->next[l], NULL);
	for (l = 0; l < h; l++)
		rcu_assign_pointer(*preds[l], n);
	b = nfc_kv_bucket(k);
	RCU_INIT_POINTER(n->hnext, rcu_dereference_protected(*b, 1));
	rcu_assign_pointer(*b, n);
	if (h > nfc_kv.top)
		WRITE_ONCE(nfc_kv.top, h);
	spin_unlock_bh(&nfc_kv.lock);
	return KV_STAT_NEW;
}

static int nfc_kv_delete(const u64 *kw)
{
	struct nfc_kv_node __rcu **preds[KV_HEIGHT], **b;
	struct nfc_kv_node *t, *u;
	int l;

	spin_lock_bh(&nfc_kv.lock);
	t = nfc_kv_find(kw, preds);
	if (!t) {
		spin_unlock_bh(&nfc_kv.lock);
		return -ENOENT;
	}
	for (l = 0; l < KV_HEIGHT; l++)
		if (rcu_dereference_protected(*preds[l], 1) == t)
			rcu_assign_pointer(*preds[l], rcu_dereference_protected(t->next[l], 1));
	for (l = nfc_kv.top; l && !rcu_access_pointer(nfc_kv.head[l - 1]); l--)
		;
	WRITE_ONCE(nfc_kv.top, l);
	for (b = nfc_kv_bucket(&t->e.key); (u = rcu_dereference_protected(*b, 1)) != t; b = &u->hnext)
		;
	rcu_assign_pointer(*b, rcu_dereference_protected(t->hnext, 1));
	spin_unlock_bh(&nfc_kv.lock);
	atomic_dec(&nfc_kv.n);
	kfree_rcu(t, rcu);
	return 0;
}

/* RCU read side. Up to KV_DUMP_CHUNK entries after @req->key (or from the first). */
static void nfc_kv_dump(struct kv_req *req, struct kv_chunk *out)
{
	struct nfc_kv_node __rcu **preds[KV_HEIGHT];
	struct nfc_kv_node *t;
	u64 kw[NF_KEY_DWORDS];
	u32 n = 0;

	if (req->resume) {	/* the first key above req->key */
		nfc_kv_words(&req->key, kw);
		t = nfc_kv_find(kw, preds);
		t = rcu_dereference(*(t ? &t->next[0] : preds[0]));
	} else {
		t = rcu_dereference(nfc_kv.head[0]);
	}
	for (; t && n < KV_DUMP_CHUNK; t = rcu_dereference(t->next[0]))
		out->e[n++] = t->e;
	req->n = n;
	req->more = n == KV_DUMP_CHUNK;
}

/* Unlink every node (lock held); Return: the old level 0, to free after a grace period. */
static struct nfc_kv_node *nfc_kv_detach(void)
{
	struct nfc_kv_node *first = rcu_dereference_protected(nfc_kv.head[0], 1);
	int l;

	for (l = 0; l < KV_HEIGHT; l++)
		RCU_INIT_POINTER(nfc_kv.head[l], NULL);
	for (l = 0; l < NFC_KV_BUCKETS; l++)
		RCU_INIT_POINTER(nfc_kv.bucket[l], NULL);
	WRITE_ONCE(nfc_kv.top, 0);
	atomic_set(&nfc_kv.n, 0);
	return first;
}

static void nfc_kv_free_list(struct nfc_kv_node *t, bool now)
{
	struct nfc_kv_node *next;

	for (; t; t = next) {
		next = rcu_dereference_protected(t->next[0], 1);
		if (now)
			kfree(t);
		else
			kfree_rcu(t, rcu);
	}
}

__bpf_kfunc_start_defs();

/*
 * The key-value store on one packet: parse into @k (the program's memory,
 * as count-min's and the cuckoo switch's), count in @stats, find or store
 * the flow and add to its state, count the outcome (KV_STAT_*). XDP only
 * (its context): the program's RCU read-side section covers the nodes, as
 * it does for enetstl_node_find_data(), so no read lock of its own.
 * Return: the KV_STAT_* counted, -ENOENT for a packet that is not a flow's,
 * -EINVAL.
 */
__bpf_kfunc int enetstl_nfc_kvstore(struct xdp_md *ctx, struct enetstl_flow_key *k,
				   struct nf_stats *stats)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	struct nfc_kv_node *t;
	u64 len, now;
	int ret;

	if (!k || !stats)
		return -EINVAL;
	len = xdp->data_end - xdp->data;
	if (!nf_count(stats, enetstl_flow_parse_inline(xdp->data, xdp->data_end, k), k, len))
		return -ENOENT;
	now = ktime_get_mono_fast_ns();		/* bpf_ktime_get_ns() */
	if (!READ_ONCE(nfc_kv.max)) {
		ret = KV_STAT_ERR;
	} else {
		t = nfc_kv_lookup(k);
		if (t) {
			nfc_kv_add(&t->e.st, len, now);
			ret = KV_STAT_HIT;
		} else {
			ret = nfc_kv_insert(k, len, now);
		}
	}
	stats->nf[ret]++;
	return ret;
}

/* Empty the store, then store at most @max_flows (1..KV_MAX_FLOWS); 0 or -EINVAL. */
__bpf_kfunc int enetstl_nfc_kv_setup(u32 max_flows)
{
	struct nfc_kv_node *old;

	if (!max_flows || max_flows > KV_MAX_FLOWS)
		return -EINVAL;
	spin_lock_bh(&nfc_kv.lock);
	old = nfc_kv_detach();
	WRITE_ONCE(nfc_kv.max, max_flows);
	WRITE_ONCE(nfc_kv.mask, roundup_pow_of_two(max_flows) - 1);
	spin_unlock_bh(&nfc_kv.lock);
	nfc_kv_free_list(old, false);
	return 0;
}

/*
 * The control plane on @req (struct kv_req, KV_OP_QUERY/DELETE/DUMP, as the
 * kv_ctl program of kv_enetstl serves it; dumps go to @out, a struct
 * kv_chunk). Sets req->err; Return: 0, or -EINVAL for bad sizes.
 */
__bpf_kfunc int enetstl_nfc_kv_ctl(void *req__mem, u32 req__sz, void *out, u32 out__sz)
{
	struct kv_req *req = req__mem;
	u64 kw[NF_KEY_DWORDS];
	struct nfc_kv_node *t;

	if (!req || req__sz != sizeof(*req) || !out || out__sz != sizeof(struct kv_chunk))
		return -EINVAL;
	req->n = 0;
	req->more = 0;
	req->err = 0;
	nfc_kv_words(&req->key, kw);
	rcu_read_lock();
	switch (req->op) {
	case KV_OP_QUERY:
		t = nfc_kv_lookup(&req->key);
		if (t)
			req->st = t->e.st;
		else
			req->err = -ENOENT;
		break;
	case KV_OP_DELETE:
		req->err = nfc_kv_delete(kw);
		break;
	case KV_OP_DUMP:
		nfc_kv_dump(req, out);
		break;
	default:
		req->err = -EINVAL;
	}
	rcu_read_unlock();
	return 0;
}

__bpf_kfunc_end_defs();

/* Module exit: nothing runs the kfuncs any more. */
void nfc_kv_exit(void)
{
	struct nfc_kv_node *old;

	spin_lock_bh(&nfc_kv.lock);
	old = nfc_kv_detach();
	spin_unlock_bh(&nfc_kv.lock);
	synchronize_rcu();
	nfc_kv_free_list(old, true);
	/* kfree_rcu() of earlier setups and deletes calls no code of ours */
}
