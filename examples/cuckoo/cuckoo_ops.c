// SPDX-License-Identifier: GPL-2.0
/*
 * cuckoo_ops.c - the cuckoo switch for userspace (nf_ops.h): forwarding,
 * the table filled before traffic (replay, tests, bench), dump (the table
 * and the packets per port), query, insert and delete (cuckoo_ctl.h).
 */
#include <errno.h>
#include <string.h>
#include "nf_ops.h"
#include "nf_trace.h"
#include "nf_variants.h"
#include "cuckoo/cuckoo_ctl.h"

static int ck_configure(struct bpf_object *obj, const struct nf_params *p)
{
	return nf_set_u32(obj, "forward", p->forward);
}

static int ck_prepare(const struct nf_variant *v, struct bpf_object *obj,
		      const struct nf_trace *t, const struct nf_params *p)
{
	struct ck_ctl c;
	int err = ck_ctl_open(&c, ck_table_fd(nf_obj_fd, obj), ck_hash_of(v->flavor));

	if (err)
		return err;
	err = ck_ctl_fill_trace(&c, t, p->load_pct);
	ck_ctl_close(&c);
	return err;
}

static int ck_dump(const struct nf_maps *m, const struct nf_dump_opts *o)
{
	struct ck_ctl c;
	int fd = ck_table_fd(m->fd, m->ctx), pfd = nf_map_fd(m, "ck_ports"), shown = 0;
	unsigned int top = o->top;
	__u64 ports[CK_PORTS];
	char s[128];

	if (fd < 0 || ck_ctl_open(&c, fd, ck_hash_of(m->v->flavor)))
		return nf_err("cannot read the cuckoo table");
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

static int ck_query(const struct nf_maps *m, const struct enetstl_flow_key *k)
{
	struct ck_ctl c;
	char s[128];
	__u32 port;

	nf_key_str(k, s, sizeof(s));
	if (ck_ctl_open(&c, ck_table_fd(m->fd, m->ctx), ck_hash_of(m->v->flavor)))
		return nf_err("cannot read the cuckoo table");
	if (ck_ctl_lookup(&c, k, &port))
		printf("%s: not in the table\n", s);
	else
		printf("%s -> port %u\n", s, port);
	ck_ctl_close(&c);
	return 0;
}

/* Insert (@port) or delete (@del) an entry; the exit status. */
static int ck_change(const struct nf_maps *m, const struct enetstl_flow_key *k, __u32 port, int del)
{
	struct ck_ctl c;
	char s[128];
	int err;

	if (ck_ctl_open(&c, ck_table_fd(m->fd, m->ctx), ck_hash_of(m->v->flavor)))
		return nf_err("cannot read the cuckoo table");
	nf_key_str(k, s, sizeof(s));
	if (!del) {
		err = ck_ctl_insert(&c, k, port);
		if (!err)
			printf("inserted %s -> port %u (%u of %u slots used)\n", s, port, c.used,
			       CK_CAPACITY);
	} else {
		err = ck_ctl_delete(&c, k);
		if (!err)
			printf("deleted %s (%u of %u slots used)\n", s, c.used, CK_CAPACITY);
	}
	ck_ctl_close(&c);
	if (err == -ENOSPC)
		return nf_err("the table is full: %s not inserted", s);
	if (err == -ENOENT)
		return nf_err("%s is not in the table", s);
	if (err)
		return nf_err("%s failed: %s", del ? "delete" : "insert", strerror(-err));
	return 0;
}

static int ck_insert(const struct nf_maps *m, const struct enetstl_flow_key *k, __u32 port)
{
	return ck_change(m, k, port, 0);
}

static int ck_remove(const struct nf_maps *m, const struct enetstl_flow_key *k)
{
	return ck_change(m, k, 0, 1);
}

const struct nf_ops cuckoo_ops = {
	.name = "cuckoo",
	.defaults = { .load_pct = 95 },
	.configure = ck_configure,
	.prepare = ck_prepare,
	.dump = ck_dump,
	.query = ck_query,
	.insert = ck_insert,
	.remove = ck_remove,
	.stat_labels = { [CK_STAT_HIT] = "hits", [CK_STAT_MISS] = "misses" },
};
