/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/wheel.h - a timing wheel (Saeed et al., "Carousel: Scalable
 * Traffic Shaping at End Hosts", SIGCOMM 2017): 256 slots of FIFO lists
 * sharing 4096 descriptors, kept by the program in its own memory (a map
 * value); one call to queue a descriptor for a tick, one to release what
 * is due, one for both (a pacer's packet). Bounded work, general registers
 * only, no lock, no FPU section.
 */
#ifndef _ENETSTL_WHEEL_H
#define _ENETSTL_WHEEL_H

#include <enetstl/kfunc.h>

/** ENETSTL_WHEEL_SLOTS - slots of a wheel: tick t goes to slot t % 256. */
#define ENETSTL_WHEEL_SLOTS 256
/** ENETSTL_WHEEL_ELEMS - descriptors a wheel holds, all slots together. */
#define ENETSTL_WHEEL_ELEMS 4096
/** ENETSTL_WHEEL_STEPS - the most steps (and so releases) of one call. */
#define ENETSTL_WHEEL_STEPS 16
/** ENETSTL_WHEEL_FULL - enetstl_wheel_push_release(): the push was refused. */
#define ENETSTL_WHEEL_FULL 0x100

/**
 * struct enetstl_wheel - a timing wheel (42128 bytes; all zero is an empty
 * wheel at tick 0)
 * @cursor: the tick being released: every descriptor due before it is out
 * @free: the first free element + 1 (0: none); free elements are linked
 *        through @next
 * @fresh: elements @fresh..ENETSTL_WHEEL_ELEMS - 1 were never used; they
 *         are taken in order once @free is 0
 * @queued: descriptors on the wheel
 * @out: the descriptors released by the last call that released any, in
 *       release order (as @elem; the call returns how many, n; entries
 *       from n on are left as they were)
 * @head: per slot, its first element + 1 (0: the slot is empty)
 * @tail: per slot, its last element + 1 (0 once the slot is emptied)
 * @next: per element, the next element + 1 in its slot or in the free list
 *        (0: the last)
 * @elem: the descriptors: tick in bits 0-31, value in bits 32-63; a
 *        released element keeps its descriptor until it is taken again
 *
 * A link is an element index + 1, and an element index is always taken
 * modulo ENETSTL_WHEEL_ELEMS. The kfuncs keep the links consistent. A
 * program may read the wheel and may write it (to empty it: all zero): the
 * kfuncs never read or write outside it and do bounded work whatever it
 * holds; inconsistent links can lose descriptors or release one twice.
 * Not for two CPUs at once: keep one per CPU.
 */
struct enetstl_wheel {
	__u32 cursor;
	__u16 free;
	__u16 fresh;
	__u32 queued;
	__u32 pad;
	__u64 out[ENETSTL_WHEEL_STEPS];
	__u16 head[ENETSTL_WHEEL_SLOTS];
	__u16 tail[ENETSTL_WHEEL_SLOTS];
	__u16 next[ENETSTL_WHEEL_ELEMS];
	__u64 elem[ENETSTL_WHEEL_ELEMS];
};

/**
 * enetstl_wheel_push() - queue a descriptor for a tick
 * @w: the wheel: writable map value memory of its size, which the verifier
 *     checks (it is too large for the stack, and for a per-CPU value: keep
 *     one per CPU in an array indexed by the CPU)
 * @tick: when it is due
 * @value: the caller's 32 bits (a flow, a packet's index)
 *
 * An element is taken (the first free one, else element @fresh, then
 * @fresh is incremented), set to @tick | (u64)@value << 32 and appended to
 * slot @tick % ENETSTL_WHEEL_SLOTS; @queued is incremented. The slot is
 * chosen whatever @cursor is: a tick at or behind @cursor waits until the
 * cursor next comes to its slot (up to a lap), and a tick 256 or more
 * ahead of @cursor stops its slot, and the descriptors queued behind it
 * there, until its own lap comes (Carousel's horizon: keep ticks within
 * @cursor + 1..255).
 *
 * Return: 0; -EINVAL (-22) for a NULL @w; -ENOSPC (-28) when no element is
 * left (@free is 0 and @fresh is ENETSTL_WHEEL_ELEMS or more: with
 * consistent contents, ENETSTL_WHEEL_ELEMS queued). Nothing is changed on
 * an error.
 */
extern int enetstl_wheel_push(struct enetstl_wheel *w, __u32 tick, __u32 value) ENETSTL_KFUNC;

/**
 * enetstl_wheel_release() - release what is due, in order, with bounded work
 * @w: as for enetstl_wheel_push()
 * @now: the current tick
 * @steps: at most this many steps, 0..ENETSTL_WHEEL_STEPS
 *
 * Each step: if (s32)(@cursor - @now) > 0, stop (the cursor is ahead of
 * the clock). Otherwise, in slot @cursor % ENETSTL_WHEEL_SLOTS, if the slot
 * is empty or its first descriptor's tick is later than @cursor ((s32)(tick
 * - @cursor) > 0), @cursor is incremented; else that descriptor is removed
 * from the slot (its element goes to the front of the free list),
 * @queued is decremented and the descriptor is stored in the next entry of
 * @out. So descriptors leave in tick order, FIFO within a tick, and at
 * most @steps slots and descriptors are visited.
 *
 * Return: how many were released (0..@steps), in @out[0..n - 1]; -EINVAL
 * (-22) for a NULL @w or @steps above ENETSTL_WHEEL_STEPS (nothing
 * changed).
 */
extern int enetstl_wheel_release(struct enetstl_wheel *w, __u32 now, __u32 steps) ENETSTL_KFUNC;

/**
 * enetstl_wheel_push_release() - queue a descriptor, then release what is
 * due, in one call (a pacer's packet)
 * @w: as for enetstl_wheel_push()
 * @tick: as for enetstl_wheel_push()
 * @value: as for enetstl_wheel_push()
 * @now: as for enetstl_wheel_release()
 * @steps: as for enetstl_wheel_release()
 *
 * enetstl_wheel_push(@w, @tick, @value), then enetstl_wheel_release(@w,
 * @now, @steps), whether the push queued the descriptor or not.
 *
 * Return: how many were released, in @out[0..n - 1], with
 * ENETSTL_WHEEL_FULL added when the push found no element left (n is
 * ret & 0xff); -EINVAL (-22) for a NULL @w or @steps above
 * ENETSTL_WHEEL_STEPS (nothing changed).
 */
extern int enetstl_wheel_push_release(struct enetstl_wheel *w, __u32 tick, __u32 value, __u32 now,
				      __u32 steps) ENETSTL_KFUNC;

#endif /* _ENETSTL_WHEEL_H */
