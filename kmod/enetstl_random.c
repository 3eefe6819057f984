// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_random.c - per-CPU xoroshiro128++ and geometric sampling kfuncs.
 */
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/random.h>

#include <enetstl/random.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "core/random_core.h"

/*
 * One generator per CPU and per context that can interrupt another on it
 * (task, softirq, hardirq, NMI): an XDP program in softirq may interrupt a
 * SYSCALL program mid-update, and must neither repeat its outputs nor lose
 * its update.
 */
enum { ENETSTL_RNG_TASK, ENETSTL_RNG_SOFTIRQ, ENETSTL_RNG_HARDIRQ, ENETSTL_RNG_NMI,
       ENETSTL_RNG_CONTEXTS };
static DEFINE_PER_CPU(struct enetstl_rng[ENETSTL_RNG_CONTEXTS], enetstl_rng_state);
static u64 enetstl_log2_table[ENETSTL_LOG2_TABLE + 1] __read_mostly;

void enetstl_random_setup(void)
{
	int cpu, i;

	enetstl_log2_table_init(enetstl_log2_table);
	for_each_possible_cpu(cpu)
		for (i = 0; i < ENETSTL_RNG_CONTEXTS; i++)
			enetstl_rng_seed(&(*per_cpu_ptr(&enetstl_rng_state, cpu))[i],
					 get_random_u64());
}

static __always_inline int enetstl_rng_context(void)
{
	if (in_nmi())
		return ENETSTL_RNG_NMI;
	if (in_hardirq())
		return ENETSTL_RNG_HARDIRQ;
	if (in_serving_softirq())
		return ENETSTL_RNG_SOFTIRQ;
	return ENETSTL_RNG_TASK;
}

/*
 * SYSCALL programs are preemptible: pin the CPU while its state is used;
 * what may interrupt us on this CPU uses another state. Inlined, as the
 * helpers below, into each kfunc: a sampled packet pays one call, not four.
 */
static __always_inline u64 enetstl_rand64(void)
{
	struct enetstl_rng *r = &(*get_cpu_ptr(&enetstl_rng_state))[enetstl_rng_context()];
	u64 v = enetstl_rng_next(r);

	put_cpu_ptr(&enetstl_rng_state);
	return v;
}

/*
 * The sampler may sit anywhere (packet, stack): read its fields unaligned,
 * never through a copy on the stack (no stack protector on the fast path).
 */
static __always_inline bool enetstl_geo_ok(const struct enetstl_geo *geo, u32 size)
{
	return geo && size == sizeof(*geo) && get_unaligned(&geo->magic) == ENETSTL_GEO_MAGIC;
}

static __always_inline u32 enetstl_geo_draw(u64 d_q56)
{
	return enetstl_geo_skip_core(enetstl_log2_table, (u32)(enetstl_rand64() >> 32), d_q56);
}

__bpf_kfunc_start_defs();

__bpf_kfunc u32 enetstl_random_u32(void)
{
	return (u32)(enetstl_rand64() >> 32);
}

__bpf_kfunc int enetstl_geo_init(struct enetstl_geo *geo, u32 geo__sz, u64 p_q32)
{
	struct enetstl_geo g = { .magic = ENETSTL_GEO_MAGIC };

	if (!geo || geo__sz != sizeof(g) || !p_q32 || p_q32 > ENETSTL_P_ONE)
		return -EINVAL;
	g.d_q56 = p_q32 == ENETSTL_P_ONE ? 0 : enetstl_geo_d_q56(p_q32);
	g.countdown = enetstl_geo_draw(g.d_q56);
	memcpy(geo, &g, sizeof(g));
	return 0;
}

__bpf_kfunc s64 enetstl_geo_skip(const struct enetstl_geo *geo, u32 geo__sz)
{
	if (!enetstl_geo_ok(geo, geo__sz))
		return -EINVAL;
	return enetstl_geo_draw(get_unaligned(&geo->d_q56));
}

__bpf_kfunc int enetstl_geo_sample(struct enetstl_geo *geo, u32 geo__sz)
{
	u32 countdown;

	if (!enetstl_geo_ok(geo, geo__sz))
		return -EINVAL;
	countdown = get_unaligned(&geo->countdown);
	if (countdown) {
		put_unaligned(countdown - 1, &geo->countdown);
		return 0;
	}
	put_unaligned(enetstl_geo_draw(get_unaligned(&geo->d_q56)), &geo->countdown);
	return 1;
}

__bpf_kfunc_end_defs();
