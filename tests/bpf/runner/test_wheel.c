// SPDX-License-Identifier: GPL-2.0
/*
 * test_wheel.c - enetstl_wheel_push(), enetstl_wheel_release() and
 * enetstl_wheel_push_release() from XDP against a model written from
 * enetstl/wheel.h: elements taken from the free list, else fresh; each
 * slot a FIFO list; release one step at a time (cursor ahead of the
 * clock: stop; empty slot or a later lap's descriptor first: next slot;
 * else out). Random calls with ticks near the cursor, within the horizon,
 * at or behind it and past it (head of line), the whole wheel compared as
 * it goes; a full wheel drained in tick order; refused steps and steps 0
 * change nothing; inconsistent contents written by hand stay bounded. The
 * wheel is the middle entry of an mmapable array: the entries either side
 * are guards no call may touch.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <enetstl/wheel.h>
#include "runner.h"
#include "test_common.h"
#include "wheel_calls.skel.h"

#define ELEMS	ENETSTL_WHEEL_ELEMS
#define SLOTS	ENETSTL_WHEEL_SLOTS
#define STEPS	ENETSTL_WHEEL_STEPS
/* A link's element, as wheel.h says: index + 1, taken modulo ELEMS. */
#define LINK_IDX(link)	(((uint32_t)(link) - 1u) % ELEMS)
#define DESC(tick, value) ((uint32_t)(tick) | (uint64_t)(uint32_t)(value) << 32)

static struct enetstl_wheel model;
static struct enetstl_wheel *guard[2];		/* entries WHEEL_KEY - 1 and + 1 */
static struct enetstl_wheel guard_want[2];
static int prog_fd;

static int32_t op(struct wheel_req in)
{
	struct wheel_req out;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = &in, .data_size_in = sizeof(in),
		    .data_out = &out, .data_size_out = sizeof(out));

	in.eth[12] = 0x88;
	if (bpf_prog_test_run_opts(prog_fd, &o) || o.retval != XDP_PASS)
		return INT32_MIN;
	return out.result;
}

static int32_t push(uint32_t tick, uint32_t value)
{
	return op((struct wheel_req){ .op = WHEEL_OP_PUSH, .tick = tick, .value = value });
}

static int32_t release(uint32_t now, uint32_t steps)
{
	return op((struct wheel_req){ .op = WHEEL_OP_RELEASE, .now = now, .steps = steps });
}

static int32_t push_release(uint32_t tick, uint32_t value, uint32_t now, uint32_t steps)
{
	return op((struct wheel_req){ .op = WHEEL_OP_PUSH_RELEASE, .tick = tick, .value = value,
				      .now = now, .steps = steps });
}

/* ---- the model: wheel.h's words, step by step ---- */

static int model_push(uint32_t tick, uint32_t value)
{
	uint32_t slot = tick % SLOTS, i;

	if (model.free) {		/* the first free element */
		i = LINK_IDX(model.free);
		model.free = model.next[i];
	} else if (model.fresh < ELEMS) {	/* else element fresh, fresh + 1 */
		i = model.fresh++;
	} else {
		return -ENOSPC;
	}
	model.elem[i] = DESC(tick, value);
	model.next[i] = 0;		/* the last of its slot */
	if (model.head[slot])		/* appended */
		model.next[LINK_IDX(model.tail[slot])] = i + 1;
	else
		model.head[slot] = i + 1;
	model.tail[slot] = i + 1;
	model.queued++;
	return 0;
}

static int model_release(uint32_t now, uint32_t steps)
{
	int n = 0;

	if (steps > STEPS)
		return -EINVAL;
	for (; steps; steps--) {
		uint32_t slot = model.cursor % SLOTS, h = model.head[slot], i;

		if ((int32_t)(model.cursor - now) > 0)	/* the cursor is ahead of the clock */
			break;
		if (!h || (int32_t)((uint32_t)model.elem[LINK_IDX(h)] - model.cursor) > 0) {
			model.cursor++;
			continue;
		}
		i = LINK_IDX(h);
		model.head[slot] = model.next[i];
		/*
		 * wheel.h does not say what an emptied slot's tail holds: 0, as
		 * in an all-zero (empty) wheel, is what the model expects
		 */
		if (!model.head[slot])
			model.tail[slot] = 0;
		model.next[i] = model.free;	/* to the front of the free list */
		model.free = i + 1;
		model.queued--;
		model.out[n++] = model.elem[i];
	}
	return n;
}

static int model_push_release(uint32_t tick, uint32_t value, uint32_t now, uint32_t steps)
{
	int full, n;

	if (steps > STEPS)
		return -EINVAL;
	full = model_push(tick, value) ? ENETSTL_WHEEL_FULL : 0;
	n = model_release(now, steps);
	return n | full;
}

/* The first difference between the wheel and the model, out[] aside; NULL if none. */
static const char *wheel_diff(const struct enetstl_wheel *w, const struct enetstl_wheel *m)
{
	static char buf[128];

#define DIFF(field, fmt, ...)								\
	do {										\
		if (w->field != m->field) {						\
			snprintf(buf, sizeof(buf), fmt " %llu, model %llu", ##__VA_ARGS__,	\
				 (unsigned long long)w->field, (unsigned long long)m->field);	\
			return buf;							\
		}									\
	} while (0)
	DIFF(cursor, "cursor");
	DIFF(free, "free");
	DIFF(fresh, "fresh");
	DIFF(queued, "queued");
	DIFF(pad, "pad");
	for (int s = 0; s < SLOTS; s++) {
		DIFF(head[s], "head[%d]", s);
		DIFF(tail[s], "tail[%d]", s);
	}
	for (int i = 0; i < ELEMS; i++) {
		DIFF(next[i], "next[%d]", i);
		DIFF(elem[i], "elem[%d]", i);
	}
#undef DIFF
	return NULL;
}

/* The wheel is the model, out[] aside (only a call's own out[0..n - 1] is said). */
static bool same(const struct enetstl_wheel *w, const char *what, int i)
{
	const char *d = wheel_diff(w, &model);

	return CHECK(!d, "%s %d: the wheel differs from the model: %s", what, i, d);
}

/* One result and its out[0..n - 1] against the model's. */
static void check_call(const struct enetstl_wheel *w, const char *what, int i, int32_t got,
		       int32_t want)
{
	if (!CHECK(got == want, "%s %d: %d (%#x), model %d (%#x)", what, i, got, got, want, want))
		return;
	for (int k = 0; want >= 0 && k < (want & 0xff); k++)
		CHECK(w->out[k] == model.out[k], "%s %d: out[%d] %#llx, model %#llx", what, i, k,
		      (unsigned long long)w->out[k], (unsigned long long)model.out[k]);
}

static void check_guards(const char *when)
{
	for (int g = 0; g < 2; g++)
		CHECK(!memcmp(guard[g], &guard_want[g], sizeof(guard_want[g])),
		      "%s: the map entry %s the wheel changed", when, g ? "after" : "before");
}

static void reset(struct enetstl_wheel *w, uint32_t cursor)
{
	memset(&model, 0, sizeof(model));
	model.cursor = cursor;
	memcpy(w, &model, sizeof(model));
}

/* ---- random calls against the model ---- */

/* A tick for a push: near the cursor, within its horizon, at or behind it, past it. */
static uint32_t pick_tick(uint32_t cursor, unsigned int *far)
{
	unsigned int dice = tl_rand() % 100;

	if (dice < 35)
		return cursor + 1 + tl_rand() % 16;
	if (dice < 70)
		return cursor + 1 + tl_rand() % 255;
	if (dice < 80)
		return cursor;
	if (dice < 97)
		return cursor - tl_rand() % 300;	/* behind: up to more than a lap */
	++*far;
	return cursor + SLOTS + tl_rand() % (2 * SLOTS);	/* a later lap: head of line */
}

static void random_ops(struct enetstl_wheel *w)
{
	static const uint32_t starts[] = { 0, 0xffffff00u, 0x7fffff80u };
	unsigned int pushes = 0, releases = 0, pushrels = 0, released = 0, far = 0, top = 0;
	char label[256];

	tl_errors = 0;
	for (unsigned int mode = 0; mode < 4; mode++) {
		reset(w, mode < 3 ? starts[mode] : (uint32_t)tl_rand());
		for (int i = 0; i < 3000; i++) {
			/* more pushes in the first half of each mode, then more releases */
			unsigned int dice = tl_rand() % 100;
			int kind = dice < (i < 1500 ? 50 : 25) ? 0 : dice < 75 ? 1 : 2;
			/* a clock around the cursor: mostly behind it in the first half */
			uint32_t now = model.cursor - 8 + tl_rand() % (i < 1500 ? 12 : 48);
			uint32_t steps = tl_rand() % (STEPS + 1), tick, value = (uint32_t)tl_rand();
			int32_t got, want;

			if (kind == 1) {
				want = model_release(now, steps);
				got = release(now, steps);
				releases++;
			} else {
				tick = pick_tick(model.cursor, &far);
				if (kind == 0) {
					want = model_push(tick, value);
					got = push(tick, value);
				} else {
					want = model_push_release(tick, value, now, steps);
					got = push_release(tick, value, now, steps);
					pushrels++;
				}
				pushes++;
			}
			check_call(w, kind == 0 ? "push" : kind == 1 ? "release" : "push_release",
				   i, got, want);
			released += kind && want > 0 ? (want & 0xff) : 0;
			top = model.queued > top ? model.queued : top;
			if (i % 250 == 0)
				same(w, "op", i);
			if (tl_errors)
				break;
		}
		/* drain: a clock far ahead, 16 steps a call */
		for (int i = 0; !tl_errors && model.queued && i < 5000; i++) {
			uint32_t now = model.cursor + 1000;
			int32_t want = model_release(now, STEPS);

			check_call(w, "drain release", i, release(now, STEPS), want);
			released += want;
		}
		CHECK_EQ("drained: queued", w->queued, 0);
		same(w, "mode end", mode);
	}
	check_guards("random calls");
	snprintf(label, sizeof(label), "[%s] wheel: %u pushes (%u with release, %u a lap or more "
		 "ahead) and %u releases, %u descriptors out (up to %u queued), cursors from 0, "
		 "0xffffff00, 0x7fffff80 and random, vs model", test_mode, pushes, pushrels, far,
		 releases, released, top);
	tl_result("%s", label);
}

/* ---- a full wheel, drained: tick order, FIFO within a tick ---- */

struct pushed {
	uint32_t tick, seq;
};

static int by_tick_then_seq(const void *a, const void *b)
{
	const struct pushed *x = a, *y = b;

	if (x->tick != y->tick)
		return x->tick < y->tick ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void full_drain(struct enetstl_wheel *w)
{
	static struct pushed want[ELEMS];
	static struct enetstl_wheel before;
	static uint64_t got_out[ELEMS];
	uint32_t c0 = (uint32_t)tl_rand(), n = 0, calls = 0;
	int32_t r;
	char label[256];

	tl_errors = 0;
	reset(w, c0);
	/* ticks c0..c0 + 255 (one tick per slot), the first 8 at c0; value: the push's number */
	for (uint32_t i = 0; i < ELEMS; i++) {
		uint32_t d = i < 8 ? 0 : tl_rand() % SLOTS;

		want[i] = (struct pushed){ .tick = d, .seq = i };
		CHECK_EQ("push to a wheel not full", push(c0 + d, i), 0);
		model_push(c0 + d, i);
	}
	CHECK_EQ("full: queued", w->queued, ELEMS);
	CHECK_EQ("full: fresh", w->fresh, ELEMS);
	CHECK_EQ("full: free", w->free, 0);
	same(w, "full", 0);
	memcpy(&before, w, sizeof(before));
	CHECK_EQ("push to a full wheel", push(c0 + 1, 0xdead), -ENOSPC);
	CHECK(!memcmp(w, &before, sizeof(before)), "a refused push changed the wheel");
	CHECK_EQ("push_release, full, clock behind the cursor",
		 push_release(c0 + 1, 0xdead, c0 - 1, STEPS), ENETSTL_WHEEL_FULL);
	CHECK(!memcmp(w, &before, sizeof(before)), "push_release refused and nothing due: changed");
	CHECK_EQ("push_release, full, steps 0", push_release(c0 + 1, 0xdead, c0 + 5, 0),
		 ENETSTL_WHEEL_FULL);
	CHECK(!memcmp(w, &before, sizeof(before)), "push_release refused with steps 0: changed");
	/* refused, and still releasing: tick c0's first 5 */
	r = push_release(c0 + 1, 0xdead, c0, 5);
	CHECK_EQ("push_release, full, 5 due", r, ENETSTL_WHEEL_FULL | 5);
	CHECK_EQ("model agrees", model_push_release(c0 + 1, 0xdead, c0, 5), ENETSTL_WHEEL_FULL | 5);
	qsort(want, ELEMS, sizeof(want[0]), by_tick_then_seq);
	for (int k = 0; k < (r & 0xff) && k < 5; k++)
		got_out[n++] = w->out[k];
	same(w, "after the refused push", 0);
	/* the rest, a varying number of steps a call, the clock past every tick */
	while (!tl_errors && model.queued && calls < 10000) {
		uint32_t steps = 1 + tl_rand() % STEPS, now = c0 + SLOTS + tl_rand() % 100;
		int32_t m = model_release(now, steps);

		r = release(now, steps);
		check_call(w, "drain release", calls, r, m);
		for (int k = 0; k < r && n < ELEMS; k++)
			got_out[n++] = w->out[k];
		calls++;
	}
	CHECK_EQ("descriptors out", n, ELEMS);
	for (uint32_t i = 0; i < n; i++)
		if (!CHECK(got_out[i] == DESC(c0 + want[i].tick, want[i].seq),
			   "release %u: %#llx, want tick c0 + %u, push %u", i,
			   (unsigned long long)got_out[i], want[i].tick, want[i].seq))
			break;
	CHECK_EQ("drained: queued", w->queued, 0);
	CHECK_EQ("drained: release", release(c0 + 2 * SLOTS, STEPS), model_release(c0 + 2 * SLOTS, STEPS));
	same(w, "drained", 0);
	/* every element free again: a push takes the last released */
	CHECK_EQ("push after the drain", push(c0 + 600, 1), model_push(c0 + 600, 1));
	same(w, "push after the drain", 0);
	check_guards("full wheel");
	snprintf(label, sizeof(label), "[%s] wheel: 4096 pushed, the next push -ENOSPC and "
		 "push_release ENETSTL_WHEEL_FULL (still releasing), nothing changed; all 4096 out "
		 "once each in tick order, FIFO within a tick (%u releases), vs model", test_mode,
		 calls);
	tl_result("%s", label);
}

/* ---- a tick a lap ahead holds its slot; a tick behind waits for its slot ---- */

static void head_of_line(struct enetstl_wheel *w)
{
	uint32_t c0 = 0xfffffff0u;	/* the cursor wraps past 2^32 on the way */
	char label[256];

	tl_errors = 0;
	reset(w, c0);
	CHECK_EQ("push c0 + 256 (slot c0's, a lap ahead)", push(c0 + SLOTS, 1), 0);
	CHECK_EQ("push c0 (behind it in slot c0)", push(c0, 2), 0);
	CHECK_EQ("push c0 + 1", push(c0 + 1, 3), 0);
	CHECK_EQ("push c0 - 2 (behind the cursor: slot c0 - 2, a lap on)", push(c0 - 2, 4), 0);
	/* slot c0: its first is a lap ahead, so c0 waits; c0 + 1 goes */
	CHECK_EQ("release now c0 + 1", release(c0 + 1, STEPS), 1);
	CHECK_EQ("out[0]: c0 + 1's", w->out[0], DESC(c0 + 1, 3));
	CHECK_EQ("cursor stops past now", w->cursor, c0 + 2);
	/* c0 - 2's slot comes at c0 + 254; c0 + 256 first, then c0 behind it */
	CHECK_EQ("release up to c0 + 253", release(c0 + 253, STEPS), 0);
	CHECK_EQ("cursor after 16 empty slots", w->cursor, c0 + 18);
	for (int i = 0; i < 20 && w->cursor != c0 + 254; i++)
		CHECK_EQ("empty slots", release(c0 + 253, STEPS), 0);
	CHECK_EQ("cursor at c0 + 254", w->cursor, c0 + 254);
	CHECK_EQ("release now c0 + 254", release(c0 + 254, STEPS), 1);
	CHECK_EQ("out[0]: c0 - 2's, a lap late", w->out[0], DESC(c0 - 2, 4));
	CHECK_EQ("release now c0 + 256", release(c0 + SLOTS, STEPS), 2);
	CHECK(w->out[0] == DESC(c0 + SLOTS, 1) && w->out[1] == DESC(c0, 2),
	      "slot c0 a lap on: %#llx %#llx, want c0 + 256's then c0's",
	      (unsigned long long)w->out[0], (unsigned long long)w->out[1]);
	CHECK_EQ("queued", w->queued, 0);
	CHECK_EQ("cursor", w->cursor, c0 + SLOTS + 1);
	check_guards("head of line");
	snprintf(label, sizeof(label), "[%s] wheel: a tick a lap ahead holds its slot and what "
		 "queued behind it until its lap, a tick behind the cursor comes out a lap on, "
		 "across 2^32", test_mode);
	tl_result("%s", label);
}

/* ---- steps above 16, steps 0, a clock behind the cursor: nothing changed ---- */

static void refused(struct enetstl_wheel *w)
{
	static struct enetstl_wheel before;
	static const uint32_t bad[] = { STEPS + 1, 255, 256, 0x80000000u, UINT32_MAX };
	uint32_t c0 = 1000;
	char label[256];

	tl_errors = 0;
	reset(w, c0);
	for (int i = 0; i < 300; i++) {	/* a wheel with something in it, out[] written */
		uint32_t t = c0 + tl_rand() % 300;

		CHECK_EQ("push", push(t, i), model_push(t, i));
	}
	CHECK_EQ("release", release(c0 + 3, STEPS), model_release(c0 + 3, STEPS));
	same(w, "filled", 0);
	memcpy(&before, w, sizeof(before));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ("release, steps above 16", release(c0 + 50, bad[i]), -EINVAL);
		CHECK(!memcmp(w, &before, sizeof(before)), "release with steps %u changed the wheel",
		      bad[i]);
		CHECK_EQ("push_release, steps above 16", push_release(c0 + 9, 7, c0 + 50, bad[i]),
			 -EINVAL);
		CHECK(!memcmp(w, &before, sizeof(before)),
		      "push_release with steps %u changed the wheel", bad[i]);
	}
	/* steps 0: nothing released, nothing changed (out[] included) */
	CHECK_EQ("release, steps 0", release(c0 + 50, 0), 0);
	CHECK(!memcmp(w, &before, sizeof(before)), "release with steps 0 changed the wheel");
	/* a clock behind the cursor: the first step stops */
	CHECK_EQ("release, clock behind", release(w->cursor - 1, STEPS), 0);
	CHECK_EQ("release, clock far behind", release(w->cursor - 0x7fffffffu, STEPS), 0);
	CHECK(!memcmp(w, &before, sizeof(before)), "release behind the cursor changed the wheel");
	/* push_release with steps 0: the push only */
	CHECK_EQ("push_release, steps 0", push_release(c0 + 9, 7, c0 + 50, 0),
		 model_push_release(c0 + 9, 7, c0 + 50, 0));
	CHECK(!memcmp(w->out, before.out, sizeof(before.out)), "push_release, steps 0: out[] changed");
	same(w, "push_release, steps 0", 0);
	/* and a full wheel refuses steps 17 with -EINVAL, not ENETSTL_WHEEL_FULL */
	reset(w, c0);
	for (uint32_t i = 0; i < ELEMS; i++)
		push(c0 + i % SLOTS, i), model_push(c0 + i % SLOTS, i);
	same(w, "full", 0);
	memcpy(&before, w, sizeof(before));
	CHECK_EQ("push_release, full, steps 17", push_release(c0, 1, c0, STEPS + 1), -EINVAL);
	CHECK(!memcmp(w, &before, sizeof(before)), "push_release, full, steps 17: changed");
	check_guards("refused");
	snprintf(label, sizeof(label), "[%s] wheel: steps 17 and above -EINVAL (release and "
		 "push_release, a full wheel too), steps 0 and a clock behind the cursor release "
		 "nothing: nothing changed", test_mode);
	tl_result("%s", label);
}

/* ---- inconsistent contents: bounded, nothing outside the wheel touched ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* One call on whatever the wheel holds: its result in range, its out[] from the wheel. */
static void bounded_call(struct enetstl_wheel *w, int i)
{
	static uint64_t held[ELEMS + 1];
	unsigned int kind = tl_rand() % 3;
	uint32_t now = w->cursor + tl_rand() % 64 - 16, steps = tl_rand() % (STEPS + 1);
	uint32_t cursor = w->cursor, tick = w->cursor + tl_rand() % 600 - 100;
	int32_t r, n;

	if (tl_rand() % 4 == 0)
		steps = STEPS;
	if (kind == 0) {
		r = push(tick, i);
		CHECK(r == 0 || r == -ENOSPC, "push %d on inconsistent contents: %d", i, r);
		return;
	}
	/* the descriptors the wheel holds, and the one pushed */
	memcpy(held, w->elem, sizeof(w->elem));
	held[ELEMS] = DESC(tick, i);
	qsort(held, ELEMS + 1, sizeof(held[0]), cmp_u64);
	if (kind == 1) {
		r = n = release(now, steps);
		CHECK(r >= 0 && r <= (int32_t)steps, "release %d, steps %u: %d", i, steps, r);
	} else {
		r = push_release(tick, i, now, steps);
		n = r & 0xff;
		CHECK(r >= 0 && !(r & ~(0xff | ENETSTL_WHEEL_FULL)) && n <= (int32_t)steps,
		      "push_release %d, steps %u: %d (%#x)", i, steps, r, r);
	}
	if (r < 0 || n > (int32_t)steps)
		return;
	/* each step moves the cursor or releases one: at most steps together */
	CHECK(w->cursor - cursor + n <= steps, "call %d: %u releases and the cursor %u -> %u in "
	      "%u steps", i, n, cursor, w->cursor, steps);
	for (int k = 0; k < n; k++)
		CHECK(bsearch(&w->out[k], held, ELEMS + 1, sizeof(held[0]), cmp_u64),
		      "call %d: out[%d] %#llx was in no element", i, k,
		      (unsigned long long)w->out[k]);
}

static void inconsistent(struct enetstl_wheel *w)
{
	unsigned int calls = 0, full16 = 0;
	char label[256];

	tl_errors = 0;
	for (int round = 0; round < 40 && !tl_errors; round++) {
		uint32_t c = (uint32_t)tl_rand();

		reset(w, c);
		switch (round % 5) {
		case 0:	/* every byte random */
			tl_rand_bytes(w, sizeof(*w));
			break;
		case 1:	/* links anywhere (0, past 4096, up to 65535), ticks at the cursor */
			for (int s = 0; s < SLOTS; s++) {
				w->head[s] = tl_rand();
				w->tail[s] = tl_rand();
			}
			for (int i = 0; i < ELEMS; i++) {
				w->next[i] = tl_rand() % 3 ? tl_rand() % (ELEMS + 2) : tl_rand();
				w->elem[i] = DESC(c + tl_rand() % 4, i);
			}
			w->free = tl_rand();
			w->fresh = tl_rand();
			break;
		case 2:	/* a cycle in every slot's list, each element due */
			for (int s = 0; s < SLOTS; s++) {
				uint32_t a = tl_rand() % ELEMS, b = tl_rand() % ELEMS;

				w->head[s] = a + 1;
				w->tail[s] = b + 1;
				w->next[a] = b + 1;
				w->next[b] = a + 1;
				w->elem[a] = DESC(c - 1, a);
				w->elem[b] = DESC(c - 2, b);
			}
			break;
		case 3:	/* fresh past 4096, no free element; a full queued count */
			w->fresh = ELEMS + 1 + tl_rand() % (65535 - ELEMS);
			w->queued = UINT32_MAX;
			break;
		default: /* free names an element in use: a push takes it from its slot */
			for (int i = 0; i < 64; i++)
				CHECK_EQ("push", push(c + tl_rand() % 8, i), 0);
			w->free = w->head[(c + tl_rand() % 8) % SLOTS];
			break;
		}
		for (int i = 0; i < 50; i++) {
			bounded_call(w, i);
			calls++;
		}
		/* a release of 16 steps on a slot list that loops: at most 16 */
		{
			int32_t r = release(w->cursor + 1000, STEPS);

			CHECK(r >= 0 && r <= STEPS, "round %d: release of 16 steps: %d", round, r);
			full16 += r == STEPS;
			calls++;
		}
		check_guards("inconsistent contents");
	}
	/* all zero again: an empty wheel that works as before */
	reset(w, 77);
	for (int i = 0; i < 500 && !tl_errors; i++) {
		uint32_t t = 77 + tl_rand() % 40, now = model.cursor + tl_rand() % 8;

		if (tl_rand() % 2)
			CHECK_EQ("push after zeroing", push(t, i), model_push(t, i));
		else
			check_call(w, "release after zeroing", i, release(now, 4), model_release(now, 4));
	}
	same(w, "after zeroing", 0);
	snprintf(label, sizeof(label), "[%s] wheel: %u calls on inconsistent contents (random "
		 "bytes, stray links, cycles, fresh > 4096, free in use; %u full releases of 16): "
		 "bounded, out[] what it held, guards intact; all zero works again", test_mode,
		 calls, full16);
	tl_result("%s", label);
}

void test_wheel(void)
{
	struct wheel_calls *skel = wheel_calls__open_and_load();
	const size_t sz = sizeof(struct enetstl_wheel);
	size_t len = WHEEL_ENTRIES * sz;
	uint8_t *map;

	if (!skel) {
		tl_errors = 1;
		tl_result("[load] wheel_calls.bpf.o loads");
		return;
	}
	prog_fd = bpf_program__fd(skel->progs.xdp_wheel_op);
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
		   bpf_map__fd(skel->maps.wheel_map), 0);
	if (map == MAP_FAILED) {
		tl_errors = 1;
		tl_result("[%s] wheel: mmap of the wheel: %s", test_mode, strerror(errno));
	} else {
		/* the array's values are 8-byte aligned: 42128 bytes apart */
		struct enetstl_wheel *w = (void *)(map + WHEEL_KEY * sz);

		guard[0] = (void *)(map + (WHEEL_KEY - 1) * sz);
		guard[1] = (void *)(map + (WHEEL_KEY + 1) * sz);
		for (int g = 0; g < 2; g++) {
			tl_rand_bytes(&guard_want[g], sz);
			memcpy(guard[g], &guard_want[g], sz);
		}
		random_ops(w);
		full_drain(w);
		head_of_line(w);
		refused(w);
		inconsistent(w);
		munmap(map, len);
	}
	wheel_calls__destroy(skel);
}
