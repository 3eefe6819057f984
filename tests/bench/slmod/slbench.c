// SPDX-License-Identifier: GPL-2.0
/*
 * slbench.c - test-only module for `make bench` (never shipped): the skip
 * list of tests/bpf/progs/skiplist.bpf.c written as plain in-kernel C (same
 * height, key, value and level draw), one kfunc per operation. It is what
 * the eNetSTL skip list is measured against.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "enetstl_compat.h"
#include "skiplist.h"

struct slb_node {
	struct slb_node *next[SL_HEIGHT];
	struct sl_data d;
};

static struct slb_node slb_head;
static DEFINE_SPINLOCK(slb_lock);
static long slb_count;

/*
 * recycle=1: deleted nodes go on a free list that the next inserts take
 * from, as the memory wrapper's containers keep their freed nodes; the
 * bench measures the list both ways.
 */
static bool slb_recycle;
module_param_named(recycle, slb_recycle, bool, 0644);
static struct slb_node *slb_free;	/* linked through next[0]; lock: slb_lock */

static struct slb_node *slb_alloc(void)
{
	struct slb_node *n = slb_free;

	if (!READ_ONCE(slb_recycle) || !n)
		return kzalloc(sizeof(*n), GFP_ATOMIC | __GFP_NOWARN);
	slb_free = n->next[0];
	memset(n, 0, sizeof(*n));
	return n;
}

static void slb_release(struct slb_node *n)
{
	if (!READ_ONCE(slb_recycle)) {
		kfree(n);
		return;
	}
	n->next[0] = slb_free;
	slb_free = n;
}

static int slb_cmp(const u64 *a, const u64 *b)
{
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	if (a[1] != b[1])
		return a[1] < b[1] ? -1 : 1;
	return 0;
}

static struct slb_node *slb_find(const u64 *key, struct slb_node **preds)
{
	struct slb_node *x = &slb_head, *n;
	int l;

	for (l = SL_HEIGHT - 1; l >= 0; l--) {
		while ((n = x->next[l]) && slb_cmp(n->d.key, key) < 0)
			x = n;
		if (preds)
			preds[l] = x;
	}
	n = x->next[0];
	return n && !slb_cmp(n->d.key, key) ? n : NULL;
}

static void slb_set_value(struct sl_data *d, u64 v)
{
	int i;

	for (i = 0; i < SL_VALUE_WORDS; i++)
		d->value[i] = v + i * SL_GOLDEN;
}

static u32 slb_level(void)
{
	u32 r = get_random_u32(), lvl = 1;

	while ((r & 1) && lvl < SL_HEIGHT) {
		lvl++;
		r >>= 1;
	}
	return lvl;
}

static s64 slb_insert(const struct sl_op *op)
{
	struct slb_node *preds[SL_HEIGHT], *n = slb_find(op->key, preds);
	u32 l, lvl;

	if (n) {
		slb_set_value(&n->d, op->val);
		return 1;
	}
	n = slb_alloc();
	if (!n)
		return -ENOMEM;
	lvl = op->level && op->level <= SL_HEIGHT ? op->level : slb_level();
	n->d.key[0] = op->key[0];
	n->d.key[1] = op->key[1];
	n->d.level = lvl;
	slb_set_value(&n->d, op->val);
	for (l = 0; l < lvl; l++) {
		n->next[l] = preds[l]->next[l];
		preds[l]->next[l] = n;
	}
	slb_count++;
	return 0;
}

static s64 slb_lookup(const struct sl_op *op)
{
	struct slb_node *n = slb_find(op->key, NULL);
	int i;

	if (!n)
		return -ENOENT;
	for (i = 1; i < SL_VALUE_WORDS; i++)
		if (n->d.value[i] != n->d.value[0] + i * SL_GOLDEN)
			return -EBADMSG;
	return n->d.value[0];
}

static s64 slb_delete(const struct sl_op *op)
{
	struct slb_node *preds[SL_HEIGHT], *n = slb_find(op->key, preds);
	int l;

	if (!n)
		return -ENOENT;
	for (l = 0; l < SL_HEIGHT; l++)
		if (preds[l]->next[l] == n)
			preds[l]->next[l] = n->next[l];
	slb_release(n);	/* every operation runs under slb_lock */
	slb_count--;
	return 0;
}

__bpf_kfunc_start_defs();

/* One skip list operation (struct sl_op) on the module's list. */
__bpf_kfunc s64 enetstl_slbench_op(const void *op, u32 op__sz)
{
	struct sl_op o;
	unsigned long flags;
	s64 r;

	if (!op || op__sz != sizeof(o))
		return -EINVAL;
	memcpy(&o, op, sizeof(o));
	spin_lock_irqsave(&slb_lock, flags);
	switch (o.code) {
	case SL_INSERT:
		r = slb_insert(&o);
		break;
	case SL_LOOKUP:
		r = slb_lookup(&o);
		break;
	case SL_DELETE:
		r = slb_delete(&o);
		break;
	case SL_CHECK:
		r = slb_count;
		break;
	default:
		r = -EINVAL;
	}
	spin_unlock_irqrestore(&slb_lock, flags);
	return r;
}

__bpf_kfunc_end_defs();

ENETSTL_KFUNCS_START(slbench_ids)
BTF_ID_FLAGS(func, enetstl_slbench_op)
ENETSTL_KFUNCS_END(slbench_ids)

static const struct btf_kfunc_id_set slbench_set = {
	.owner = THIS_MODULE,
	.set = &slbench_ids,
};

static int __init slbench_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &slbench_set);
}

static void __exit slbench_exit(void)
{
	struct slb_node *n = slb_head.next[0], *next;

	for (; n; n = next) {
		next = n->next[0];
		kfree(n);
	}
	for (n = slb_free; n; n = next) {
		next = n->next[0];
		kfree(n);
	}
}

module_init(slbench_init);
module_exit(slbench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("eNetSTL bench only: the skip list as plain in-kernel C behind one kfunc");
