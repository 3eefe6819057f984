// SPDX-License-Identifier: GPL-2.0
/* htss_ops.c - the HTSS membership table for userspace (nf_ops.h): dump (its fill). */
#include <bpf/bpf.h>
#include "nf_ops.h"
#include "htss/htss.h"

static int ht_dump(const struct nf_maps *m, const struct nf_dump_opts *o __attribute__((unused)))
{
	int fd = nf_map_fd(m, "ht_table");
	unsigned int fill[HT_SLOTS + 1] = { 0 }, used = 0;
	struct ht_bucket b;

	if (fd < 0)
		return nf_err("cannot read the HTSS table");
	for (__u32 i = 0; i < HT_BUCKETS; i++) {
		unsigned int n = 0;

		if (bpf_map_lookup_elem(fd, &i, &b))
			return nf_err("cannot read HTSS bucket %u", i);
		for (int j = 0; j < HT_SLOTS; j++)
			n += b.sig[j] != 0;
		fill[n]++;
		used += n;
	}
	printf("HTSS table: %u of %u signatures used (%.1f%%); buckets by fill:", used,
	       HT_BUCKETS * HT_SLOTS, 100.0 * used / (HT_BUCKETS * HT_SLOTS));
	for (int n = 0; n <= HT_SLOTS; n++)
		if (fill[n])
			printf(" %d:%u", n, fill[n]);
	printf("\n");
	return 0;
}

const struct nf_ops htss_ops = {
	.name = "htss",
	.dump = ht_dump,
	.stat_labels = { [HT_STAT_KNOWN] = "known", [HT_STAT_NEW] = "new",
			 [HT_STAT_FULL] = "bucket full" },
};
