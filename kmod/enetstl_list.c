// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_list.c - list buckets: N FIFO lists of fixed-size elements whose
 * memory is all allocated at creation (push and pop never allocate).
 *
 * Elements live in one array; each bucket is a singly linked list of
 * element indexes (head, tail), unused elements form a free list. One
 * BH-safe spinlock per instance serializes every change (the kfuncs
 * serve XDP, TC and SYSCALL programs only; the destructor takes no lock;
 * enetstl_lock.h), held for one element copy at most: no interrupts are
 * ever disabled. Pop and peek find an empty bucket without it.
 *
 * A private list needs no lock at all. Programs get a reference to a list
 * only from enetstl_list_create() and enetstl_list_get(), and get() takes
 * only a list whose handle was given out (@shared). Until then the
 * creator's reference is the only one there will ever be: bpf_kptr_xchg()
 * moves it between a map and one program, never doubles it, so whoever
 * calls a kfunc on a private list is its only user. Its whole elements of
 * 4, 8 or 16 bytes take a fast path with no call and no saved register
 * (@fast_size); sharing turns it off.
 */
#include <linux/bpf.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include <enetstl/list.h>
#include "enetstl_compat.h"
#include "enetstl_lock.h"
#include "enetstl_obj.h"

#define ENETSTL_LIST_NIL U32_MAX

struct enetstl_list_bucket {
	u32 head, tail, len;
};

struct enetstl_list {
	struct enetstl_obj obj;
	spinlock_t lock;
	u32 nbuckets, elem_size, max_elems;
	u32 free;			/* first unused element */
	bool shared;			/* its handle was given out: take the lock */
	u32 fast_size;			/* while private, an elem_size of 4, 8 or 16, else 0 */
	u64 bytes;			/* charged: what kmalloc really gave */
	struct rcu_head rcu;
	struct enetstl_list_bucket *buckets;
	u32 *next;			/* per element: next in its bucket or free list */
	u8 *elems;
};

static void enetstl_list_free_rcu(struct rcu_head *head)
{
	struct enetstl_list *l = container_of(head, struct enetstl_list, rcu);

	enetstl_uncharge(l->bytes);
	atomic64_inc(&enetstl_stats.lists_freed);
	enetstl_obj_free_memcg(&l->obj);
	kfree(l->elems);
	kfree(l->next);
	kfree(l->buckets);
	kfree(l);
}

/* Process context, the last user gone: the memory goes after a grace period. */
static void enetstl_list_destroy(struct work_struct *work)
{
	struct enetstl_list *l = container_of(work, struct enetstl_list, obj.free_work);

	enetstl_obj_retire(&l->obj);
	call_rcu(&l->rcu, enetstl_list_free_rcu);
	enetstl_obj_destroyed(&l->obj);
}

/* What kmalloc() really allocates for @n bytes (its size classes). */
static u64 enetstl_kmalloc_bytes(u64 n)
{
	return n > KMALLOC_MAX_SIZE ? n : kmalloc_size_roundup(n);
}

/*
 * Copy an element: the common small sizes in registers. memcpy() is a
 * call and a rep movsb, slow to start, for the 8 bytes of a descriptor.
 */
static __always_inline void enetstl_list_copy(void *dst, const void *src, u32 n)
{
	switch (n) {
	case 4:
		put_unaligned(get_unaligned((const u32 *)src), (u32 *)dst);
		break;
	case 8:
		put_unaligned(get_unaligned((const u64 *)src), (u64 *)dst);
		break;
	case 16:
		put_unaligned(get_unaligned((const u64 *)src), (u64 *)dst);
		put_unaligned(get_unaligned((const u64 *)src + 1), (u64 *)dst + 1);
		break;
	default:
		memcpy(dst, src, n);
	}
}

/* The fast paths' copy: @n is 4, 8 or 16 (enetstl_list_fast()). */
static __always_inline void enetstl_list_copy_small(void *dst, const void *src, u32 n)
{
	if (n == 4) {
		put_unaligned(get_unaligned((const u32 *)src), (u32 *)dst);
		return;
	}
	put_unaligned(get_unaligned((const u64 *)src), (u64 *)dst);
	if (n == 16)
		put_unaligned(get_unaligned((const u64 *)src + 1), (u64 *)dst + 1);
}

/*
 * How an operation holds the list: a private list (see above) as it is;
 * a shared one by its lock, with bottom halves turned off or not.
 */
enum enetstl_list_hold {
	ENETSTL_LIST_PRIVATE,
	ENETSTL_LIST_LOCKED,
	ENETSTL_LIST_LOCKED_BH,
};

static __always_inline enum enetstl_list_hold enetstl_list_hold(struct enetstl_list *l)
{
	if (!READ_ONCE(l->shared))
		return ENETSTL_LIST_PRIVATE;
	return enetstl_lock(&l->lock) ? ENETSTL_LIST_LOCKED_BH : ENETSTL_LIST_LOCKED;
}

static __always_inline void enetstl_list_unhold(struct enetstl_list *l,
						enum enetstl_list_hold how)
{
	if (how != ENETSTL_LIST_PRIVATE)
		enetstl_unlock(&l->lock, how == ENETSTL_LIST_LOCKED_BH);
}

__bpf_kfunc_start_defs();

__bpf_kfunc struct enetstl_list *enetstl_list_create(u32 nbuckets, u32 elem_size,
						     u32 max_elems)
{
	const gfp_t gfp = GFP_ATOMIC | __GFP_NOWARN | __GFP_ACCOUNT;
	struct enetstl_list *l = NULL;
	struct mem_cgroup *old;
	u64 bytes;
	u32 i;

	if (!nbuckets || nbuckets > ENETSTL_LIST_BUCKETS_MAX ||
	    !elem_size || elem_size > ENETSTL_LIST_ELEM_MAX ||
	    !max_elems || max_elems > ENETSTL_LIST_ELEMS_MAX)
		return NULL;
	bytes = enetstl_kmalloc_bytes(sizeof(*l)) +
		enetstl_kmalloc_bytes((u64)nbuckets * sizeof(*l->buckets)) +
		enetstl_kmalloc_bytes((u64)max_elems * sizeof(u32)) +
		enetstl_kmalloc_bytes((u64)max_elems * elem_size);
	if (!enetstl_charge(bytes))
		return NULL;
	l = kzalloc(sizeof(*l), gfp);
	if (!l)
		goto fail;
	/* The container struct is the caller's; the arrays, the creator's memcg's. */
	enetstl_obj_init(&l->obj);
	old = enetstl_obj_memcg_enter(&l->obj);
	l->buckets = kmalloc_array(nbuckets, sizeof(*l->buckets), gfp);
	l->next = kmalloc_array(max_elems, sizeof(u32), gfp);
	l->elems = kmalloc_array(max_elems, elem_size, gfp);
	enetstl_obj_memcg_exit(&l->obj, old);
	if (!l->buckets || !l->next || !l->elems)
		goto fail;
	spin_lock_init(&l->lock);
	l->nbuckets = nbuckets;
	l->elem_size = elem_size;
	l->max_elems = max_elems;
	if (elem_size == 4 || elem_size == 8 || elem_size == 16)
		l->fast_size = elem_size;
	l->bytes = bytes;
	for (i = 0; i < nbuckets; i++)
		l->buckets[i] = (struct enetstl_list_bucket){
			.head = ENETSTL_LIST_NIL, .tail = ENETSTL_LIST_NIL };
	for (i = 0; i < max_elems; i++)
		l->next[i] = i + 1 < max_elems ? i + 1 : ENETSTL_LIST_NIL;
	l->free = 0;
	if (enetstl_obj_register(&l->obj, ENETSTL_OBJ_LIST, enetstl_list_destroy))
		goto fail;
	atomic64_inc(&enetstl_stats.lists_created);
	return l;
fail:
	if (l) {
		kfree(l->elems);
		kfree(l->next);
		kfree(l->buckets);
		enetstl_obj_free_memcg(&l->obj);
		kfree(l);
	}
	enetstl_uncharge(bytes);
	atomic64_inc(&enetstl_stats.alloc_failed);
	return NULL;
}

/* Giving the handle out makes the list shared for good: its operations lock from now on. */
__bpf_kfunc u64 enetstl_list_handle(struct enetstl_list *l)
{
	if (!l)
		return 0;
	if (!READ_ONCE(l->shared)) {
		WRITE_ONCE(l->fast_size, 0);	/* the fast paths are for private lists */
		smp_store_release(&l->shared, true);	/* before the handle can travel */
	}
	return enetstl_obj_handle(&l->obj);
}

/* Only a shared list: a private one's handle (never given out) names nothing. */
__bpf_kfunc struct enetstl_list *enetstl_list_get(u64 handle)
{
	struct enetstl_list *l = NULL;
	struct enetstl_obj *o;

	rcu_read_lock();
	o = enetstl_obj_lookup(handle, ENETSTL_OBJ_LIST);
	if (o) {
		l = container_of(o, struct enetstl_list, obj);
		/* acquire: pairs with the release in enetstl_list_handle() */
		if (!smp_load_acquire(&l->shared) || !refcount_inc_not_zero(&o->users))
			l = NULL;
	}
	rcu_read_unlock();
	return l;
}

/* Also the kptr destructor: NULL-safe, lock-free, any context (NMI too). */
__bpf_kfunc void enetstl_list_release(struct enetstl_list *l)
{
	if (l)
		enetstl_obj_put(&l->obj);
}

/* Link element @e, already filled, at the tail of bucket @bucket. */
static __always_inline void enetstl_list_link(struct enetstl_list *l, u32 bucket, u32 e)
{
	struct enetstl_list_bucket *b = &l->buckets[bucket];

	l->next[e] = ENETSTL_LIST_NIL;
	if (b->tail == ENETSTL_LIST_NIL)
		WRITE_ONCE(b->head, e);	/* read without the lock by take */
	else
		l->next[b->tail] = e;
	b->tail = e;
	b->len++;
}

/*
 * The fast path's test: a private list and a whole element of a size
 * copied in registers (one compare: @fast_size). Everything else (locks,
 * memcpy(), zeroing) is out of line, so that the fast path saves no
 * registers.
 */
static __always_inline bool enetstl_list_fast(struct enetstl_list *l, u32 size)
{
	return size == READ_ONCE(l->fast_size);
}

static noinline int enetstl_list_push_any(struct enetstl_list *l, u32 bucket, const void *elem,
					  u32 elem__sz)
{
	enum enetstl_list_hold how;
	u32 e;
	u8 *p;

	how = enetstl_list_hold(l);
	e = l->free;
	if (e == ENETSTL_LIST_NIL) {
		enetstl_list_unhold(l, how);
		return -ENOSPC;
	}
	l->free = l->next[e];
	p = l->elems + (size_t)e * l->elem_size;
	enetstl_list_copy(p, elem, elem__sz);
	if (elem__sz < l->elem_size)
		memset(p + elem__sz, 0, l->elem_size - elem__sz);
	enetstl_list_link(l, bucket, e);
	enetstl_list_unhold(l, how);
	return 0;
}

__bpf_kfunc int enetstl_list_push(struct enetstl_list *l, u32 bucket, const void *elem,
				  u32 elem__sz)
{
	u32 e;

	if (!l || bucket >= l->nbuckets || !elem || !elem__sz || elem__sz > l->elem_size)
		return -EINVAL;
	if (!enetstl_list_fast(l, elem__sz))
		return enetstl_list_push_any(l, bucket, elem, elem__sz);
	e = l->free;
	if (e == ENETSTL_LIST_NIL)
		return -ENOSPC;
	l->free = l->next[e];
	enetstl_list_copy_small(l->elems + (size_t)e * elem__sz, elem, elem__sz);
	enetstl_list_link(l, bucket, e);
	return 0;
}

/* What enetstl_list_take() does with the first element. */
enum enetstl_list_take_mode {
	ENETSTL_LIST_PEEK,	/* copy it */
	ENETSTL_LIST_POP,	/* copy and remove it */
	ENETSTL_LIST_POP_DUE,	/* copy it, remove it if its time is not after now */
};

/* Unlink bucket @b's first element @e, onto the free list. */
static __always_inline void enetstl_list_unlink(struct enetstl_list *l,
						struct enetstl_list_bucket *b, u32 e)
{
	WRITE_ONCE(b->head, l->next[e]);
	if (b->head == ENETSTL_LIST_NIL)
		b->tail = ENETSTL_LIST_NIL;
	b->len--;
	l->next[e] = l->free;
	l->free = e;
}

/* Whether @mode keeps element @p where it is, and what it returns then. */
static __always_inline bool enetstl_list_keeps(enum enetstl_list_take_mode mode, const u8 *p,
					       u32 now)
{
	return mode == ENETSTL_LIST_PEEK ||
	       (mode == ENETSTL_LIST_POP_DUE && (s32)(get_unaligned((u32 *)p) - now) > 0);
}

/* Any list, any size: the lock if shared, memcpy() for other sizes. */
static noinline int enetstl_list_take_any(struct enetstl_list *l, u32 bucket, void *out,
					  u32 size, enum enetstl_list_take_mode mode, u32 now)
{
	struct enetstl_list_bucket *b = &l->buckets[bucket];
	enum enetstl_list_hold how;
	u32 e;
	u8 *p;

	how = enetstl_list_hold(l);
	e = b->head;
	if (e == ENETSTL_LIST_NIL) {
		enetstl_list_unhold(l, how);
		return -ENOENT;
	}
	p = l->elems + (size_t)e * l->elem_size;
	enetstl_list_copy(out, p, size);
	if (enetstl_list_keeps(mode, p, now)) {
		enetstl_list_unhold(l, how);
		return mode == ENETSTL_LIST_PEEK ? 0 : 1;
	}
	enetstl_list_unlink(l, b, e);
	enetstl_list_unhold(l, how);
	return 0;
}

/* Inlined into each kfunc: each is one function, its mode a constant. */
static __always_inline int enetstl_list_take(struct enetstl_list *l, u32 bucket, void *out,
					     u32 size, enum enetstl_list_take_mode mode, u32 now)
{
	u32 e, min = mode == ENETSTL_LIST_POP_DUE ? sizeof(u32) : 1;
	struct enetstl_list_bucket *b;
	u8 *p;

	if (!l || bucket >= l->nbuckets || !out || size < min || size > l->elem_size)
		return -EINVAL;
	b = &l->buckets[bucket];
	/*
	 * An empty bucket costs no lock: a push that has not unlocked yet is
	 * not in it yet. Otherwise look again under the lock.
	 */
	e = READ_ONCE(b->head);
	if (e == ENETSTL_LIST_NIL)
		return -ENOENT;
	if (!enetstl_list_fast(l, size))
		return enetstl_list_take_any(l, bucket, out, size, mode, now);
	p = l->elems + (size_t)e * size;
	enetstl_list_copy_small(out, p, size);
	if (enetstl_list_keeps(mode, p, now))
		return mode == ENETSTL_LIST_PEEK ? 0 : 1;
	enetstl_list_unlink(l, b, e);
	return 0;
}

__bpf_kfunc int enetstl_list_pop(struct enetstl_list *l, u32 bucket, void *out, u32 out__sz)
{
	return enetstl_list_take(l, bucket, out, out__sz, ENETSTL_LIST_POP, 0);
}

__bpf_kfunc int enetstl_list_peek(struct enetstl_list *l, u32 bucket, void *out, u32 out__sz)
{
	return enetstl_list_take(l, bucket, out, out__sz, ENETSTL_LIST_PEEK, 0);
}

__bpf_kfunc int enetstl_list_pop_due(struct enetstl_list *l, u32 bucket, void *out, u32 out__sz,
				     u32 now)
{
	return enetstl_list_take(l, bucket, out, out__sz, ENETSTL_LIST_POP_DUE, now);
}

__bpf_kfunc s64 enetstl_list_len(struct enetstl_list *l, u32 bucket)
{
	if (!l || bucket >= l->nbuckets)
		return -EINVAL;
	return READ_ONCE(l->buckets[bucket].len);
}

__bpf_kfunc_end_defs();
