// SPDX-License-Identifier: GPL-2.0
/* carousel_ops.c - the Carousel timing wheel for userspace (nf_ops.h): its drain rate, dump. */
#include <stdlib.h>
#include "nf_ops.h"
#include "nf_variants.h"
#include "carousel/carousel.h"

/* Map @name, where the object has it: @per entries for each CPU. */
static int cr_size_per_cpu(struct bpf_object *obj, const char *name, __u32 per)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	return m ? bpf_map__set_max_entries(m, per * nf_ncpus()) : 0;
}

static int cr_configure(struct bpf_object *obj, const struct nf_params *p)
{
	/*
	 * carousel_wheel_enetstl: the library's wheel for each CPU;
	 * carousel_list_ebpf: CR_SLOTS slots and a pool for each CPU
	 */
	int err = cr_size_per_cpu(obj, "cr_wheels", 1) ?: cr_size_per_cpu(obj, "cr_slots", CR_SLOTS) ?:
		  cr_size_per_cpu(obj, "cr_pool", 1);

	if (err)
		return err;
	return p->drain ? nf_set_u32(obj, "drain", p->drain) : 0;
}

static int cr_dump(const struct nf_maps *m, const struct nf_dump_opts *o __attribute__((unused)))
{
	size_t vsz;
	char *all = nf_read_percpu(m, "cr_state", sizeof(struct cr_state), &vsz);
	int ncpu = nf_ncpus();

	if (!all)
		return nf_err("cannot read the Carousel state");
	for (int c = 0; c < ncpu; c++) {
		struct cr_state *s = (struct cr_state *)(all + c * vsz);

		if (!s->now)
			continue;
		printf("Carousel wheel, CPU %d: tick %u, cursor %u; %llu on the wheel, %llu released "
		       "(mean lateness %.2f ticks), %llu dropped\n", c, s->now, s->cursor,
		       (unsigned long long)s->queued, (unsigned long long)s->released,
		       s->released ? (double)s->late_sum / s->released : 0.0,
		       (unsigned long long)s->dropped);
	}
	free(all);
	return 0;
}

const struct nf_ops carousel_ops = {
	.name = "carousel",
	.configure = cr_configure,
	.dump = cr_dump,
	.stat_labels = { [CR_STAT_QUEUED] = "queued", [CR_STAT_RELEASED] = "released",
			 [CR_STAT_DROPPED] = "dropped" },
	/*
	 * carousel_ebpf is fixed rings, not shared lists: the best eBPF;
	 * carousel_array_ebpf (the `array` flavor) is the same algorithm as
	 * the library's list buckets; carousel_list_ebpf (the `list` flavor,
	 * 6.12 and later) keeps the lists in the kernel's own BPF lists;
	 * carousel_wheel_enetstl (the `wheel` flavor) is the library's whole
	 * wheel (enetstl/wheel.h), the same algorithm in one call a packet.
	 */
	.twin_other = true,
};
