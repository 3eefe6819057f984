/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/list.h - list buckets: an array of FIFO lists (timing wheels,
 * per-bucket queues), kept by a program as a referenced kptr.
 *
 * The number of buckets, the element size and the total number of elements
 * are chosen at creation; all element memory is allocated then, so push and
 * pop never allocate. Elements are copied in and out. Any number of
 * instances may exist (bounded by the memory limit).
 *
 * Private and shared lists. A list is private from its creation until
 * enetstl_list_handle() gives its handle out, and shared from then on, for
 * good. A private list is reached only through the one reference
 * enetstl_list_create() returned, which bpf_kptr_xchg() moves between a
 * map and a program but never doubles (enetstl_list_get() refuses a private
 * list's handle), so its user is always alone: its operations take no lock.
 * This is the fast path for a per-CPU list that a program borrows from a
 * per-CPU map value for each packet (docs/memory.md); when the program also
 * copies whole elements of 4, 8 or 16 bytes (the list's element size),
 * push, pop, peek and pop_due on a private list make no call at all. A
 * shared list has one spinlock, taken with bottom halves off and
 * interrupts on, for one element copy at most, so any CPU may use it.
 *
 * As for containers (enetstl/mem.h), XDP and TC programs reach a shared
 * list by its handle, a 63-bit random capability: enetstl_list_get(), then
 * enetstl_list_release() on every path. Deleting the map entry that holds
 * the kptr (from any context, NMI included: the destructor takes no lock)
 * destroys the list from a workqueue, its memory after a grace period.
 *
 * Memory: what kmalloc() really gives for the instance and its three
 * arrays (buckets, 12 bytes each; links, 4 bytes per element; elements),
 * plus 24 bytes of handle table, counts against the module's mem_limit_kb,
 * and the arrays are charged to the memory cgroup of the creating task.
 */
#ifndef _ENETSTL_LIST_H
#define _ENETSTL_LIST_H

#include <enetstl/kfunc.h>

/** ENETSTL_LIST_ELEM_MAX - largest element size (bytes). */
#define ENETSTL_LIST_ELEM_MAX 256
/** ENETSTL_LIST_BUCKETS_MAX - most buckets per list. */
#define ENETSTL_LIST_BUCKETS_MAX 65536
/** ENETSTL_LIST_ELEMS_MAX - most elements per list. */
#define ENETSTL_LIST_ELEMS_MAX (1u << 20)

struct enetstl_list;

#ifndef __KERNEL__
/* Opaque, as struct enetstl_mem. */
struct enetstl_list {
};
#endif

/**
 * enetstl_list_create() - create list buckets
 * @nbuckets: 1 .. ENETSTL_LIST_BUCKETS_MAX
 * @elem_size: 1 .. ENETSTL_LIST_ELEM_MAX bytes
 * @max_elems: elements all buckets together may hold, 1 ..
 *             ENETSTL_LIST_ELEMS_MAX (memory counts against the module's
 *             mem_limit_kb)
 *
 * Return: an acquired list, or NULL (bad arguments, out of memory).
 */
extern struct enetstl_list *enetstl_list_create(__u32 nbuckets, __u32 elem_size,
						 __u32 max_elems) ENETSTL_KFUNC;

/**
 * enetstl_list_handle() - handle of a list, for enetstl_list_get()
 * @l: an acquired list
 *
 * Makes the list shared, for good: every later operation on it, through
 * any reference, takes its lock.
 *
 * Return: the handle (63 random bits, never 0).
 */
extern __u64 enetstl_list_handle(struct enetstl_list *l) ENETSTL_KFUNC;

/**
 * enetstl_list_get() - acquire a shared list by handle
 * @handle: from enetstl_list_handle()
 *
 * Return: an acquired list, or NULL when it no longer exists or @handle
 * names no shared list (0, a private list's handle, another kind's).
 */
extern struct enetstl_list *enetstl_list_get(__u64 handle) ENETSTL_KFUNC;

/** enetstl_list_release() - release a list reference (the last one destroys it). */
extern void enetstl_list_release(struct enetstl_list *l) ENETSTL_KFUNC;

/**
 * enetstl_list_push() - append an element to a bucket
 * @l: an acquired list
 * @bucket: bucket index
 * @elem: the element (stack, map value, packet)
 * @elem__sz: its size, at most the list's element size (the rest is zeroed)
 *
 * Return: 0, -ENOSPC (-28) when the list is full, -EINVAL (-22) for a bad
 * bucket or size.
 */
extern int enetstl_list_push(struct enetstl_list *l, __u32 bucket, const void *elem,
			     __u32 elem__sz) ENETSTL_KFUNC;

/**
 * enetstl_list_pop() - remove the first element of a bucket
 * @l: an acquired list
 * @bucket: bucket index
 * @out: where to copy the element
 * @out__sz: bytes to copy, at most the element size
 *
 * Return: 0, -ENOENT (-2) when the bucket is empty, -EINVAL (-22) for a bad
 * bucket or size.
 */
extern int enetstl_list_pop(struct enetstl_list *l, __u32 bucket, void *out,
			    __u32 out__sz) ENETSTL_KFUNC;

/** enetstl_list_peek() - as enetstl_list_pop(), the element stays. */
extern int enetstl_list_peek(struct enetstl_list *l, __u32 bucket, void *out,
			     __u32 out__sz) ENETSTL_KFUNC;

/**
 * enetstl_list_pop_due() - pop the first element of a bucket if it is due
 * @l: an acquired list
 * @bucket: bucket index
 * @out: where to copy the element
 * @out__sz: bytes to copy, 4 .. the element size
 * @now: the current time, in the unit of the elements' times
 *
 * For timing wheels, in one call where peek and pop take two: each element
 * begins with its due time, a __u32 in the CPU's byte order at offset 0.
 * The first element of @bucket, t, is due when (__s32)(t - @now) <= 0:
 * times compare modulo 2^32, as jiffies do, so a wheel's clock may wrap. The
 * first element is copied to @out (its first @out__sz bytes) whether or not
 * it is due; it is removed only if it is due.
 *
 * Return: 0 when the element was due and popped, 1 when it is not due (it
 * stays), -ENOENT (-2) when the bucket is empty, -EINVAL (-22) for a bad
 * bucket or size.
 */
extern int enetstl_list_pop_due(struct enetstl_list *l, __u32 bucket, void *out,
				__u32 out__sz, __u32 now) ENETSTL_KFUNC;

/**
 * enetstl_list_len() - number of elements in a bucket
 * @l: an acquired list
 * @bucket: bucket index
 *
 * Return: the length, or -EINVAL (-22) for a bad bucket.
 */
extern __s64 enetstl_list_len(struct enetstl_list *l, __u32 bucket) ENETSTL_KFUNC;

#endif /* _ENETSTL_LIST_H */
