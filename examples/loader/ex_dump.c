// SPDX-License-Identifier: GPL-2.0
/*
 * ex_dump.c - enetstl-example: what an NF holds, read from its maps: the
 * packet counters every NF keeps, then its own (nf_ops.h: the labels of its
 * counters, its dump and query).
 */
#include "example.h"

int ex_print_stats(const struct nf_maps *m)
{
	int fd = nf_map_fd(m, NF_STATS_MAP);
	const char *sep = "; ";
	struct nf_stats st;

	if (fd < 0 || nf_percpu_sum_u64(fd, 0, (__u64 *)&st, sizeof(st) / 8))
		return nf_err("cannot read the %s map", NF_STATS_MAP);
	printf("%s: packets %llu: flow %llu (IPv4 %llu, IPv6 %llu, %llu bytes), other %llu, "
	       "malformed %llu", m->v->name, (unsigned long long)st.packets,
	       (unsigned long long)(st.flows4 + st.flows6), (unsigned long long)st.flows4,
	       (unsigned long long)st.flows6, (unsigned long long)st.bytes,
	       (unsigned long long)st.other, (unsigned long long)st.bad);
	for (unsigned int i = 0; i < sizeof(st.nf) / sizeof(st.nf[0]); i++) {
		const char *label = m->v->ops->stat_labels[i];

		if (!label)
			continue;
		printf("%s%s %llu", sep, label, (unsigned long long)st.nf[i]);
		sep = ", ";
	}
	printf("\n");
	return 0;
}

int ex_dump(const struct nf_maps *m, const struct nf_dump_opts *o)
{
	if (ex_print_stats(m))
		return 1;
	return m->v->ops->dump(m, o);
}

int ex_query(const struct nf_maps *m, const struct enetstl_flow_key *k)
{
	if (!m->v->ops->query)
		return nf_err("query: %s has no per-flow answer (see dump)", m->v->name);
	return m->v->ops->query(m, k);
}
