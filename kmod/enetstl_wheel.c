// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_wheel.c - the timing wheel of enetstl/wheel.h: queue a
 * descriptor for a tick, release what is due in at most a given number of
 * steps, or both in one call. Links are element indexes + 1, always taken
 * modulo the element count, so no contents make an access leave the wheel.
 */
#include <linux/kernel.h>

#include <enetstl/wheel.h>
#include "enetstl_compat.h"

#define WHEEL_IDX(link)	(((link) - 1u) % ENETSTL_WHEEL_ELEMS)

static __always_inline int enetstl_wheel_add(struct enetstl_wheel *w, u32 tick, u32 value)
{
	u32 slot = tick % ENETSTL_WHEEL_SLOTS, i, t;

	if (w->free) {
		i = WHEEL_IDX(w->free);
		w->free = w->next[i];
	} else if (w->fresh < ENETSTL_WHEEL_ELEMS) {
		i = w->fresh++;
	} else {
		return -ENOSPC;
	}
	w->elem[i] = tick | (u64)value << 32;
	w->next[i] = 0;
	t = w->tail[slot];
	if (t)
		w->next[WHEEL_IDX(t)] = i + 1;
	else
		w->head[slot] = i + 1;
	w->tail[slot] = i + 1;
	w->queued++;
	return 0;
}

/*
 * Up to @steps steps (checked), see enetstl_wheel_release(): how many
 * released. The cursor, the free list's head and the count stay in
 * registers until the end, and the clock is tested only when the cursor
 * moves: a release leaves it where it was.
 */
static __always_inline int enetstl_wheel_drain(struct enetstl_wheel *w, u32 now, u32 steps)
{
	u32 cursor = w->cursor, free = w->free, n = 0, slot, h;
	u64 e;

	if (!steps || (s32)(cursor - now) > 0)
		return 0;
	do {
		slot = cursor % ENETSTL_WHEEL_SLOTS;
		h = w->head[slot];
		if (h) {
			h = WHEEL_IDX(h);
			e = w->elem[h];
			if ((s32)((u32)e - cursor) <= 0) {	/* due: not a later lap's */
				w->head[slot] = w->next[h];
				if (!w->head[slot])
					w->tail[slot] = 0;
				w->next[h] = free;
				free = h + 1;
				w->out[n++] = e;
				continue;
			}
		}
		if ((s32)(++cursor - now) > 0)
			break;
	} while (--steps);
	w->cursor = cursor;
	w->free = free;
	w->queued -= n;
	return n;
}

__bpf_kfunc_start_defs();

__bpf_kfunc int enetstl_wheel_push(struct enetstl_wheel *w, u32 tick, u32 value)
{
	/* up to 6.x the verifier lets an unchecked map value through with its size */
	if (unlikely(!w))
		return -EINVAL;
	return enetstl_wheel_add(w, tick, value);
}

__bpf_kfunc int enetstl_wheel_release(struct enetstl_wheel *w, u32 now, u32 steps)
{
	if (unlikely(!w) || steps > ENETSTL_WHEEL_STEPS)
		return -EINVAL;
	return enetstl_wheel_drain(w, now, steps);
}

__bpf_kfunc int enetstl_wheel_push_release(struct enetstl_wheel *w, u32 tick, u32 value, u32 now,
					   u32 steps)
{
	int full;

	if (unlikely(!w) || steps > ENETSTL_WHEEL_STEPS)
		return -EINVAL;
	full = enetstl_wheel_add(w, tick, value) ? ENETSTL_WHEEL_FULL : 0;
	return enetstl_wheel_drain(w, now, steps) | full;
}

__bpf_kfunc_end_defs();

static_assert(sizeof(struct enetstl_wheel) == 42128);
static_assert(ENETSTL_WHEEL_ELEMS < 65536 && ENETSTL_WHEEL_STEPS < ENETSTL_WHEEL_FULL);
