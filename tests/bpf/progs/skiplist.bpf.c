// SPDX-License-Identifier: GPL-2.0
/*
 * skiplist.bpf.c - a skip list (height 16, 16-byte keys, 64-byte values) in
 * XDP, built on the memory wrapper: nodes live in a kptr-held container,
 * levels are node slots, walks run in bpf_loop() with the position kept as
 * a node handle and every reference released in the iteration that took it.
 * One writer at a time (the runner); lookups may run anywhere.
 *
 * Each program run executes the next operation of the op buffer, so that
 * BPF_PROG_TEST_RUN's repeat count both drives the model test and times it.
 *
 * Three ways, chosen by the loader (sl_search in .rodata, enum sl_mode):
 * step by step in bpf_loop() (the general pattern for any walk); the whole
 * descent in one enetstl_node_search() call, links made level by level; or
 * the ordered-list kfuncs, one call per operation. Keys are stored
 * big-endian so that the kernel's memcmp() order is the numeric order.
 */
#include <linux/bpf.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <enetstl/mem.h>
#include "skiplist.h"
#include "skiplist_run.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define SL_MAX_STEPS	(1 << 16)

const volatile __u32 sl_search;	/* set by the loader before load */

/* The container (its map value holds the kptr) and the head sentinel, by handle. */
__u64 sl_mem, sl_head;

struct sl_root {
	ENETSTL_KPTR(enetstl_mem, c);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sl_root);
} sl_root SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sl_opbuf);
} sl_ops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sl_results);
} sl_results SEC(".maps");

/* Walk state: per CPU, so that bpf_loop callbacks index it freely. */
struct sl_walk {
	__u64 key[2];
	__u64 cur;		/* handle of the node the walk stands on */
	__u64 found;		/* handle of the node with the key, or 0 */
	__s32 level;
	__s32 err;
	__u64 prev[2];		/* SL_CHECK: last key seen */
	__u64 count;
	__u64 preds[SL_HEIGHT];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sl_walk);
} sl_scratch SEC(".maps");

static __always_inline struct sl_walk *walk_state(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&sl_scratch, &zero);
}

/* Keys as stored: big-endian words. */
static __always_inline int key_cmp(const __u64 *a, const __u64 *b)
{
	__u64 x, y;

	for (int i = 0; i < 2; i++) {
		x = __builtin_bswap64(a[i]);
		y = __builtin_bswap64(b[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

SEC("syscall")
int sl_setup(void *ctx)
{
	struct enetstl_mem *c, *old;
	struct enetstl_node *head;
	struct sl_data *d;
	struct sl_root *r;
	__u32 zero = 0;

	r = bpf_map_lookup_elem(&sl_root, &zero);
	if (!r)
		return -EINVAL;
	c = enetstl_mem_create(sizeof(struct sl_data), 0);
	if (!c)
		return -ENOMEM;
	head = enetstl_node_alloc(c);
	if (!head) {
		enetstl_mem_release(c);
		return -ENOMEM;
	}
	d = (void *)enetstl_node_data(head, sizeof(*d));
	if (d)
		d->level = SL_HEIGHT;
	sl_head = enetstl_node_handle(head);
	enetstl_node_release(head);
	sl_mem = enetstl_mem_handle(c);
	old = bpf_kptr_xchg(&r->c, c);
	if (old)
		enetstl_mem_release(old);
	return 0;
}

/* One step down or right: the classic search, remembering each level's predecessor. */
static int walk_step(__u32 i, void *unused)
{
	struct sl_walk *w = walk_state();
	struct enetstl_node *n, *m;
	struct sl_data *d;
	int lvl, c = 1;

	if (!w)
		return 1;
	lvl = w->level;
	if (lvl < 0 || lvl >= SL_HEIGHT)
		return 1;
	n = enetstl_node_lookup(w->cur);
	if (!n) {
		w->err = -ESTALE;
		return 1;
	}
	m = enetstl_node_get(n, lvl);
	enetstl_node_release(n);
	if (m) {
		d = (void *)enetstl_node_data(m, sizeof(*d));
		if (d)
			c = key_cmp(d->key, w->key);
		if (c < 0) {
			w->cur = enetstl_node_handle(m);
			enetstl_node_release(m);
			return 0;
		}
		if (c == 0)
			w->found = enetstl_node_handle(m);
		enetstl_node_release(m);
	}
	w->preds[lvl] = w->cur;
	w->level = lvl - 1;
	return w->level < 0;
}

static __always_inline struct sl_walk *walk(const __u64 *key)
{
	struct sl_walk *w = walk_state();

	__s64 h;

	if (!w)
		return NULL;
	w->key[0] = __builtin_bswap64(key[0]);
	w->key[1] = __builtin_bswap64(key[1]);
	w->cur = sl_head;
	w->found = 0;
	w->level = SL_HEIGHT - 1;
	w->err = 0;
	if (sl_search == SL_MODE_SEARCH) {
		h = enetstl_node_search(sl_head, w->key, sizeof(w->key), w->preds,
					sizeof(w->preds));
		if (h < 0)
			return NULL;
		w->found = h;
		w->level = -1;
		return w;
	}
	bpf_loop(SL_MAX_STEPS, walk_step, NULL, 0);
	return w->err || w->level >= 0 ? NULL : w;
}

/*
 * The golden step is kept in a register (barrier_var): without it, clang
 * folds v + i * SL_GOLDEN into one 64-bit constant per word, and each costs
 * the JIT a movabs and a copy.
 */
static __always_inline void set_value(struct sl_data *d, __u64 v)
{
	__u64 g = SL_GOLDEN;

	barrier_var(g);
	for (int i = 0; i < SL_VALUE_WORDS; i++) {
		d->value[i] = v;
		v += g;
	}
}

static __always_inline __u32 random_level(void)
{
	__u32 r = bpf_get_prandom_u32(), lvl = 1;

	for (int i = 0; i < SL_HEIGHT - 1; i++) {
		if (!(r & 1))
			break;
		lvl++;
		r >>= 1;
	}
	return lvl;
}

static __always_inline __u32 node_level(const struct sl_op *op)
{
	if (op->level && op->level <= SL_HEIGHT)
		return op->level;
	return random_level();
}

/* The value words as set_value() writes them, or -EBADMSG. */
static __always_inline __s64 read_value(struct enetstl_node *n)
{
	struct sl_data *d = (void *)enetstl_node_data(n, sizeof(*d));
	__u64 want, g;

	if (!d)
		return -EBADMSG;
	want = d->value[0];
	g = SL_GOLDEN;
	barrier_var(g);		/* as in set_value() */
	for (int i = 1; i < SL_VALUE_WORDS; i++) {
		want += g;
		if (d->value[i] != want)
			return -EBADMSG;
	}
	return d->value[0];
}

/* SL_MODE_ORDERED: each operation is one ordered-list kfunc (and an allocation). */
static __s64 sl_lookup_ordered(const struct sl_op *op)
{
	__u64 key[2] = { __builtin_bswap64(op->key[0]), __builtin_bswap64(op->key[1]) };
	struct enetstl_node *n = enetstl_node_find(sl_head, key, sizeof(key));
	__s64 res;

	if (!n)
		return -ENOENT;
	res = read_value(n);
	enetstl_node_release(n);
	return res;
}

/* The key is present: update its value in place. */
static __s64 sl_update(const __u64 *key, __u64 val)
{
	struct enetstl_node *n = enetstl_node_find(sl_head, key, 2 * sizeof(*key));
	struct sl_data *d;

	if (!n)
		return -ESTALE;
	d = (void *)enetstl_node_data(n, sizeof(*d));
	if (d)
		set_value(d, val);
	enetstl_node_release(n);
	return 1;
}

static __s64 sl_insert_ordered(const struct sl_op *op)
{
	__u64 key[2] = { __builtin_bswap64(op->key[0]), __builtin_bswap64(op->key[1]) };
	struct enetstl_node *n;
	struct sl_data *d;
	int err;

	n = enetstl_node_new(sl_mem);
	if (!n)
		return -ENOMEM;
	d = (void *)enetstl_node_data(n, sizeof(*d));
	if (!d) {
		enetstl_node_free(n);
		return -ESTALE;
	}
	d->key[0] = key[0];
	d->key[1] = key[1];
	d->level = node_level(op);
	set_value(d, op->val);
	err = enetstl_node_insert(n, sl_head, sizeof(key), d->level);	/* takes n */
	if (!err)
		return 0;
	if (err != -EEXIST)
		return err;
	return sl_update(key, op->val);
}

static __s64 sl_delete_ordered(const struct sl_op *op)
{
	__u64 key[2] = { __builtin_bswap64(op->key[0]), __builtin_bswap64(op->key[1]) };

	return enetstl_node_erase(sl_head, key, sizeof(key));
}

static __s64 sl_lookup(const struct sl_op *op)
{
	struct sl_walk *w = walk(op->key);
	struct enetstl_node *n;
	__s64 res;

	if (!w)
		return -ESTALE;
	if (!w->found)
		return -ENOENT;
	n = enetstl_node_lookup(w->found);
	if (!n)
		return -ENOENT;
	res = read_value(n);
	enetstl_node_release(n);
	return res;
}

static __s64 sl_insert(const struct sl_op *op)
{
	struct sl_walk *w = walk(op->key);
	struct enetstl_node *n, *p;
	struct enetstl_mem *c;
	struct sl_data *d;
	__u32 lvl;
	__s64 next;
	__u64 h;

	if (!w)
		return -ESTALE;
	if (w->found) {
		n = enetstl_node_lookup(w->found);
		if (!n)
			return -ESTALE;
		d = (void *)enetstl_node_data(n, sizeof(*d));
		if (d)
			set_value(d, op->val);
		enetstl_node_release(n);
		return 1;
	}
	c = enetstl_mem_get(sl_mem);
	if (!c)
		return -ESTALE;
	n = enetstl_node_alloc(c);
	enetstl_mem_release(c);
	if (!n)
		return -ENOMEM;
	lvl = node_level(op);
	d = (void *)enetstl_node_data(n, sizeof(*d));
	if (d) {
		d->key[0] = __builtin_bswap64(op->key[0]);
		d->key[1] = __builtin_bswap64(op->key[1]);
		d->level = lvl;
		set_value(d, op->val);
	}
	h = enetstl_node_handle(n);
	for (int l = 0; l < SL_HEIGHT; l++) {
		if (l >= lvl)
			break;
		p = enetstl_node_lookup(w->preds[l]);
		if (!p)
			break;
		next = enetstl_node_slot(p, l);
		enetstl_node_link(n, l, next > 0 ? next : 0);
		enetstl_node_link(p, l, h);
		enetstl_node_release(p);
	}
	enetstl_node_release(n);
	return 0;
}

static __s64 sl_delete(const struct sl_op *op)
{
	struct sl_walk *w = walk(op->key);
	struct enetstl_node *t, *p;
	__s64 next;

	if (!w)
		return -ESTALE;
	if (!w->found)
		return -ENOENT;
	t = enetstl_node_lookup(w->found);
	if (!t)
		return -ENOENT;
	for (int l = 0; l < SL_HEIGHT; l++) {
		p = enetstl_node_lookup(w->preds[l]);
		if (!p)
			continue;
		if (enetstl_node_slot(p, l) == (__s64)w->found) {
			next = enetstl_node_slot(t, l);
			enetstl_node_link(p, l, next > 0 ? next : 0);
		}
		enetstl_node_release(p);
	}
	enetstl_node_free(t);
	return 0;
}

/* Level 0 in order, every key larger than the last. */
static int check_step(__u32 i, void *unused)
{
	struct sl_walk *w = walk_state();
	struct enetstl_node *n, *m;
	struct sl_data *d;

	if (!w)
		return 1;
	n = enetstl_node_lookup(w->cur);
	if (!n) {
		w->err = -ESTALE;
		return 1;
	}
	m = enetstl_node_get(n, 0);
	enetstl_node_release(n);
	if (!m)
		return 1;
	d = (void *)enetstl_node_data(m, sizeof(*d));
	if (d) {
		if (w->count && key_cmp(d->key, w->prev) <= 0)
			w->err = -EBADMSG;
		w->prev[0] = d->key[0];
		w->prev[1] = d->key[1];
	}
	w->count++;
	w->cur = enetstl_node_handle(m);
	enetstl_node_release(m);
	return w->err != 0;
}

static __s64 sl_check(void)
{
	struct sl_walk *w = walk_state();

	if (!w)
		return -EINVAL;
	w->cur = sl_head;
	w->count = 0;
	w->err = 0;
	bpf_loop(SL_MAX_STEPS, check_step, NULL, 0);
	return w->err ?: (__s64)w->count;
}

SEC("xdp")
int sl_run(struct xdp_md *ctx)
{
	struct sl_op *op;
	__s64 *res, v;
	int verdict;

	verdict = sl_next_op(&sl_ops, &sl_results, &op, &res);
	if (verdict != XDP_PASS)
		return verdict;
	switch (op->code) {
	case SL_INSERT:
		v = sl_search == SL_MODE_ORDERED ? sl_insert_ordered(op) : sl_insert(op);
		break;
	case SL_LOOKUP:
		v = sl_search == SL_MODE_ORDERED ? sl_lookup_ordered(op) : sl_lookup(op);
		break;
	case SL_DELETE:
		v = sl_search == SL_MODE_ORDERED ? sl_delete_ordered(op) : sl_delete(op);
		break;
	case SL_CHECK:
		v = sl_check();
		break;
	default:
		v = -EINVAL;
	}
	*res = v;
	return XDP_PASS;
}
