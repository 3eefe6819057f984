// SPDX-License-Identifier: GPL-2.0
/*
 * ex_dump.c - enetstl-example: what each NF holds, read from its maps:
 * packet counters, count-min heavy hitters, sketch estimates, the cuckoo
 * table and its per-port counters, the kvstore's flows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "example.h"
#include "nf_trace.h"
#include "hash_core.h"
#include "nf_mas.h"
#include "crc32c_core.h"
#include "countmin/countmin.h"
#include "nitrosketch/nitrosketch.h"
#include "cuckoo/cuckoo_ctl.h"
#include "htss/htss.h"
#include "cffs/cffs.h"
#include "carousel/carousel.h"
#include "kvstore/kv_ctl.h"

static const __u32 seeds[ENETSTL_HASH_MAX_LANES] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53b, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
	0x5be0cd19, 0xcbbb9d5d, 0x629a292a, 0x9159015a, 0x152fecd8, 0x67332667, 0x8eb44a87,
	0xdb0c2e0d, 0x47b5481d,
};

unsigned int ex_hh_min;

int ex_map_fd(const struct ex_maps *m, const char *name)
{
	return m->fd(m->ctx, name);
}

int ex_print_stats(const struct ex_maps *m)
{
	int fd = ex_map_fd(m, NF_STATS_MAP);
	struct nf_stats st;

	if (fd < 0 || nf_percpu_sum_u64(fd, 0, (__u64 *)&st, sizeof(st) / 8))
		return ex_err("cannot read the %s map", NF_STATS_MAP);
	printf("%s: packets %llu: flow %llu (IPv4 %llu, IPv6 %llu, %llu bytes), other %llu, "
	       "malformed %llu", m->v->name, (unsigned long long)st.packets,
	       (unsigned long long)(st.flows4 + st.flows6), (unsigned long long)st.flows4,
	       (unsigned long long)st.flows6, (unsigned long long)st.bytes,
	       (unsigned long long)st.other, (unsigned long long)st.bad);
	if (!strcmp(m->v->nf, "countmin"))
		printf("; heavy hitters %llu", (unsigned long long)st.nf[CM_STAT_HH_NEW]);
	else if (!strcmp(m->v->nf, "nitrosketch"))
		printf("; sampled row updates %llu", (unsigned long long)st.nf[NS_STAT_SAMPLED]);
	else if (!strcmp(m->v->nf, "cuckoo"))
		printf("; hits %llu, misses %llu", (unsigned long long)st.nf[CK_STAT_HIT],
		       (unsigned long long)st.nf[CK_STAT_MISS]);
	else if (!strcmp(m->v->nf, "htss"))
		printf("; known %llu, new %llu, bucket full %llu",
		       (unsigned long long)st.nf[HT_STAT_KNOWN], (unsigned long long)st.nf[HT_STAT_NEW],
		       (unsigned long long)st.nf[HT_STAT_FULL]);
	else if (!strcmp(m->v->nf, "carousel"))
		printf("; queued %llu, released %llu, dropped %llu",
		       (unsigned long long)st.nf[CR_STAT_QUEUED],
		       (unsigned long long)st.nf[CR_STAT_RELEASED],
		       (unsigned long long)st.nf[CR_STAT_DROPPED]);
	else if (!strcmp(m->v->nf, "kvstore"))
		printf("; stored flows' packets %llu, new flows %llu, table full %llu, errors %llu",
		       (unsigned long long)st.nf[KV_STAT_HIT], (unsigned long long)st.nf[KV_STAT_NEW],
		       (unsigned long long)st.nf[KV_STAT_FULL], (unsigned long long)st.nf[KV_STAT_ERR]);
	printf("\n");
	return 0;
}

/* The sketch summed over CPUs: rows x cols counters (no header). */
static __u32 *read_sketch(const struct ex_maps *m, const char *map, unsigned int hdr_bytes,
			  unsigned int cols, unsigned int *rows)
{
	int fd = ex_map_fd(m, map);
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), *all;

	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
		return NULL;
	*rows = (info.value_size - hdr_bytes) / 4 / cols;
	all = calloc(info.value_size / 4, 4);
	if (!all || nf_percpu_sum_u32(fd, info.value_size, all, info.value_size / 4)) {
		free(all);
		return NULL;
	}
	memmove(all, (char *)all + hdr_bytes, (size_t)*rows * cols * 4);
	return all;
}

static u32 crc_table[256];

/*
 * Row estimates of @k: min (count-min) or median (NitroSketch), with the
 * rows of @var (enetstl_hash_multi()'s lanes; or multiply-add-shift rows of
 * one 32-bit hash, nf_mas.h: the best pure-eBPF variants' and the CRC
 * flavor's).
 */
static double estimate(const struct nf_variant *var, const __u32 *ctr, unsigned int rows,
		       unsigned int cols, const struct nf_key *k, int median)
{
	__u32 h[ENETSTL_HASH_MAX_LANES], v[ENETSTL_HASH_MAX_LANES], c;
	__u64 x[NF_KEY_WORDS];
	int family = !strcmp(var->flavor, "best") ? 1 : !strcmp(var->flavor, "crc") ? 2 : 0;

	memcpy(h, seeds, sizeof(h));
	enetstl_hash_multi_scalar((const u8 *)k, sizeof(*k), h, rows);
	nf_mas_words(k, x);
	if (!crc_table[1])
		enetstl_crc32c_table_init(crc_table);
	c = family == 1 ? nf_mas_row(x, 0) >> 32 :
	    enetstl_crc32c_sw(crc_table, CM_CRC_SEED, (const u8 *)k, sizeof(*k));
	for (unsigned int r = 0; r < rows; r++)
		v[r] = ctr[r * cols + (family ? nf_mas_col(c, r, __builtin_ctz(cols)) :
				       enetstl_cm_col(h[r], cols))];
	for (unsigned int i = 0; i < rows; i++)	/* tiny sort */
		for (unsigned int j = i + 1; j < rows; j++)
			if (v[j] < v[i]) {
				__u32 x = v[i]; v[i] = v[j]; v[j] = x;
			}
	if (!median)
		return v[0];
	return rows % 2 ? v[rows / 2] : (v[rows / 2 - 1] + (double)v[rows / 2]) / 2;
}

struct hh {
	struct nf_key key;
	double est;
};

static int by_est(const void *a, const void *b)
{
	double x = ((const struct hh *)a)->est, y = ((const struct hh *)b)->est;

	return x > y ? -1 : x < y;
}

static __u32 truth_of(const struct nf_key *k, const struct nf_key *keys, const __u32 *pkts,
		      unsigned int n)
{
	__u32 sum = 0;

	for (unsigned int i = 0; i < n; i++)
		if (!memcmp(&keys[i], k, sizeof(*k)))
			sum += pkts[i];
	return sum;
}

static int dump_countmin(const struct ex_maps *m, unsigned int top, const struct nf_key *tk,
			 const __u32 *tp, unsigned int nt)
{
	unsigned int rows, n = 0, cand = 0;
	__u32 *ctr = read_sketch(m, "cm_sketch", cm_hdr_bytes(m->v->flavor), CM_COLS, &rows);
	int fd = ex_map_fd(m, "cm_hh");
	struct nf_key key, next, *prev = NULL;
	struct hh *hh = calloc(CM_HH_MAX, sizeof(*hh));
	char s[128];

	if (!ctr || fd < 0 || !hh) {
		free(ctr);
		free(hh);
		return ex_err("cannot read the count-min maps");
	}
	while (!bpf_map_get_next_key(fd, prev, &next) && n < CM_HH_MAX) {
		key = next;
		prev = &key;
		hh[n].key = key;
		hh[n].est = estimate(m->v, ctr, rows, CM_COLS, &key, 0);
		cand++;
		if (hh[n].est >= ex_hh_min)
			n++;
	}
	qsort(hh, n, sizeof(*hh), by_est);
	printf("count-min sketch: %u rows x %u counters (all CPUs); %u heavy-hitter candidates",
	       rows, CM_COLS, cand);
	if (ex_hh_min)
		printf(", %u with an estimate >= %u", n, ex_hh_min);
	printf("; top %u by estimate:\n", top < n ? top : n);
	printf("  %-4s %-58s %10s%s\n", "rank", "flow", "estimate", tk ? "      true" : "");
	for (unsigned int i = 0; i < n && i < top; i++) {
		nf_key_str(&hh[i].key, s, sizeof(s));
		printf("  %-4u %-58s %10.0f", i + 1, s, hh[i].est);
		if (tk)
			printf(" %9u", truth_of(&hh[i].key, tk, tp, nt));
		printf("\n");
	}
	free(ctr);
	free(hh);
	return 0;
}

static int dump_nitro(const struct ex_maps *m, const struct nf_key *tk, const __u32 *tp,
		      unsigned int nt, unsigned int top)
{
	unsigned int rows;
	__u32 *ctr = read_sketch(m, "ns_sketch", 0, NS_COLS, &rows);
	double total = 0;

	if (!ctr)
		return ex_err("cannot read the NitroSketch map");
	for (unsigned int r = 0; r < rows; r++)
		for (unsigned int c = 0; c < NS_COLS; c++)
			total += ctr[r * NS_COLS + c];
	printf("NitroSketch: %u rows x %u counters; estimated flow packets (mean of row sums): "
	       "%.0f\n", rows, NS_COLS, total / rows);
	if (tk) {	/* replay: the estimates of the heaviest flows of the trace */
		unsigned int *idx = calloc(nt, sizeof(*idx));
		char s[128];

		for (unsigned int i = 0; idx && i < nt; i++)
			idx[i] = i;
		for (unsigned int i = 0; idx && i < nt && i < top; i++) {	/* partial selection */
			unsigned int best = i;

			for (unsigned int j = i + 1; j < nt; j++)
				if (tp[idx[j]] > tp[idx[best]])
					best = j;
			unsigned int x = idx[i]; idx[i] = idx[best]; idx[best] = x;
			nf_key_str(&tk[idx[i]], s, sizeof(s));
			printf("  %-4u %-58s estimate %8.0f, true %u\n", i + 1, s,
			       estimate(m->v, ctr, rows, NS_COLS, &tk[idx[i]], 1), tp[idx[i]]);
		}
		free(idx);
	}
	free(ctr);
	return 0;
}

static int dump_cuckoo(const struct ex_maps *m, unsigned int top)
{
	struct ck_ctl c;
	int fd = ex_map_fd(m, "ck_table"), pfd = ex_map_fd(m, "ck_ports"), shown = 0;
	__u64 ports[CK_PORTS];
	char s[128];

	if (fd < 0 || ck_ctl_open(&c, fd, ck_hash_of(m->v->flavor)))
		return ex_err("cannot read the cuckoo table");
	printf("cuckoo table: %u of %u slots used (%.1f%%)\n", c.used, CK_CAPACITY,
	       100.0 * c.used / CK_CAPACITY);
	for (__u32 b = 0; b < CK_BUCKETS; b++)
		for (int i = 0; i < CK_SLOTS; i++) {
			if (!c.tab[b].sig[i])
				continue;
			if ((unsigned int)shown++ >= top)
				continue;
			nf_key_str(&c.tab[b].key[i], s, sizeof(s));
			printf("  bucket %4u slot %2d sig %04x  %-58s -> port %u\n", b, i,
			       c.tab[b].sig[i], s, c.tab[b].port[i]);
		}
	if ((unsigned int)shown > top)
		printf("  ... %u more (--top N)\n", shown - top);
	ck_ctl_close(&c);
	if (pfd >= 0 && !nf_percpu_sum_u64(pfd, 0, ports, CK_PORTS)) {
		printf("packets per port (port %% %u):", CK_PORTS);
		for (int p = 0; p < CK_PORTS; p++)
			if (ports[p])
				printf(" %d:%llu", p, (unsigned long long)ports[p]);
		printf("\n");
	}
	return 0;
}

static int dump_htss(const struct ex_maps *m)
{
	int fd = ex_map_fd(m, "ht_table");
	unsigned int fill[HT_SLOTS + 1] = { 0 }, used = 0;
	struct ht_bucket b;

	if (fd < 0)
		return ex_err("cannot read the HTSS table");
	for (__u32 i = 0; i < HT_BUCKETS; i++) {
		unsigned int n = 0;

		if (bpf_map_lookup_elem(fd, &i, &b))
			return ex_err("cannot read HTSS bucket %u", i);
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

static int dump_cffs(const struct ex_maps *m, unsigned int top)
{
	int fd = ex_map_fd(m, "cf_state"), ncpu = nf_ncpus();
	size_t vsz = (sizeof(struct cf_state) + 7) & ~(size_t)7;
	char *all = calloc(ncpu > 0 ? ncpu : 1, vsz);
	__u32 zero = 0;

	if (fd < 0 || !all || bpf_map_lookup_elem(fd, &zero, all)) {
		free(all);
		return ex_err("cannot read the cFFS state");
	}
	for (int c = 0; c < ncpu; c++) {
		struct cf_state *q = (struct cf_state *)(all + c * vsz);
		unsigned int shown = 0;

		if (!q->queued && !q->dequeued)
			continue;
		printf("cFFS queue, CPU %d: %u queued, %llu dequeued (mean rank %.1f); lowest ranks:",
		       c, q->queued, (unsigned long long)q->dequeued,
		       q->dequeued ? (double)q->rank_sum / q->dequeued : 0.0);
		for (unsigned int r = 0; r < CF_RANKS && shown < top; r++)
			if (q->count[r]) {
				printf(" %u(x%u)", r, q->count[r]);
				shown++;
			}
		printf("\n");
	}
	free(all);
	return 0;
}

static int dump_carousel(const struct ex_maps *m)
{
	int fd = ex_map_fd(m, "cr_state"), ncpu = nf_ncpus();
	size_t vsz = (sizeof(struct cr_state) + 7) & ~(size_t)7;
	char *all = calloc(ncpu > 0 ? ncpu : 1, vsz);
	__u32 zero = 0;

	if (fd < 0 || !all || bpf_map_lookup_elem(fd, &zero, all)) {
		free(all);
		return ex_err("cannot read the Carousel state");
	}
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

static int kv_open(const struct ex_maps *m, struct kv_ctl *c)
{
	if (kv_ctl_open(c, m->v->enetstl, m->fd, m->ctx))
		return ex_err("cannot reach the kvstore of %s", m->v->name);
	return 0;
}

static void kv_print(const struct kv_entry *e, const struct nf_key *tk, const __u32 *tp,
		     unsigned int nt)
{
	char s[128];

	nf_key_str(&e->key, s, sizeof(s));
	printf("  %-58s %10llu %12llu %10.3f", s, (unsigned long long)e->st.packets,
	       (unsigned long long)e->st.bytes, (e->st.last_ns - e->st.first_ns) / 1e9);
	if (tk)
		printf(" %9u", truth_of(&e->key, tk, tp, nt));
	printf("\n");
}

static int dump_kvstore(const struct ex_maps *m, unsigned int top, const struct nf_key *tk,
			const __u32 *tp, unsigned int nt)
{
	struct kv_entry *e;
	unsigned int n;
	struct kv_ctl c;
	int err;

	if (kv_open(m, &c))
		return 1;
	err = kv_ctl_dump(&c, &e, &n);
	if (err)
		return ex_err("reading the kvstore failed: %s", strerror(-err));
	printf("kvstore (%s): %u flows, ascending by key%s; first %u:\n",
	       m->v->enetstl ? "skip list" : "hash map", n,
	       m->v->enetstl ? " as the skip list holds them" : " (sorted by the loader)",
	       top < n ? top : n);
	printf("  %-58s %10s %12s %10s%s\n", "flow", "packets", "bytes", "seconds",
	       tk ? "      true" : "");
	for (unsigned int i = 0; i < n && i < top; i++)
		kv_print(&e[i], tk, tp, nt);
	if (n > top)
		printf("  ... %u more (--top N)\n", n - top);
	free(e);
	return 0;
}

int ex_kv_delete(const struct ex_maps *m, const struct nf_key *k)
{
	struct kv_ctl c;
	char s[128];
	int err;

	if (kv_open(m, &c))
		return 1;
	nf_key_str(k, s, sizeof(s));
	err = kv_ctl_delete(&c, k);
	if (err == -ENOENT)
		return ex_err("%s is not in the kvstore", s);
	if (err)
		return ex_err("delete failed: %s", strerror(-err));
	printf("deleted %s\n", s);
	return 0;
}

int ex_dump(const struct ex_maps *m, unsigned int top, const struct nf_key *tk,
	    const __u32 *tp, unsigned int nt)
{
	if (ex_print_stats(m))
		return 1;
	if (!strcmp(m->v->nf, "countmin"))
		return dump_countmin(m, top, tk, tp, nt);
	if (!strcmp(m->v->nf, "nitrosketch"))
		return dump_nitro(m, tk, tp, nt, top);
	if (!strcmp(m->v->nf, "cuckoo"))
		return dump_cuckoo(m, top);
	if (!strcmp(m->v->nf, "htss"))
		return dump_htss(m);
	if (!strcmp(m->v->nf, "cffs"))
		return dump_cffs(m, top);
	if (!strcmp(m->v->nf, "carousel"))
		return dump_carousel(m);
	if (!strcmp(m->v->nf, "kvstore"))
		return dump_kvstore(m, top, tk, tp, nt);
	return 0;
}

int ex_query(const struct ex_maps *m, const struct nf_key *k)
{
	unsigned int rows;
	__u32 *ctr, port;
	struct ck_ctl c;
	char s[128];

	nf_key_str(k, s, sizeof(s));
	if (!strcmp(m->v->nf, "kvstore")) {
		struct kv_entry e = { .key = *k };
		struct kv_ctl c;
		int err;

		if (kv_open(m, &c))
			return 1;
		err = kv_ctl_query(&c, k, &e.st);
		if (err == -ENOENT) {
			printf("%s: not in the kvstore\n", s);
			return 0;
		}
		if (err)
			return ex_err("query failed: %s", strerror(-err));
		printf("  %-58s %10s %12s %10s\n", "flow", "packets", "bytes", "seconds");
		kv_print(&e, NULL, NULL, 0);
		return 0;
	}
	if (strcmp(m->v->nf, "cuckoo") && strcmp(m->v->nf, "countmin") &&
	    strcmp(m->v->nf, "nitrosketch"))
		return ex_err("query: %s has no per-flow answer (see dump)", m->v->name);
	if (!strcmp(m->v->nf, "cuckoo")) {
		if (ck_ctl_open(&c, ex_map_fd(m, "ck_table"), ck_hash_of(m->v->flavor)))
			return ex_err("cannot read the cuckoo table");
		if (ck_ctl_lookup(&c, k, &port))
			printf("%s: not in the table\n", s);
		else
			printf("%s -> port %u\n", s, port);
		ck_ctl_close(&c);
		return 0;
	}
	if (!strcmp(m->v->nf, "countmin"))
		ctr = read_sketch(m, "cm_sketch", cm_hdr_bytes(m->v->flavor), CM_COLS, &rows);
	else
		ctr = read_sketch(m, "ns_sketch", 0, NS_COLS, &rows);
	if (!ctr)
		return ex_err("cannot read the sketch");
	printf("%s: estimate %.0f packets\n", s,
	       estimate(m->v, ctr, rows, strcmp(m->v->nf, "countmin") ? NS_COLS : CM_COLS, k,
			strcmp(m->v->nf, "countmin") != 0));
	free(ctr);
	return 0;
}
