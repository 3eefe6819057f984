// SPDX-License-Identifier: GPL-2.0
/*
 * kvstore_ops.c - the flow key-value store for userspace (nf_ops.h): its
 * flow limit, dump (the flows in key order), query and delete (kv_ctl.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "nf_ops.h"
#include "nf_trace.h"
#include "nf_variants.h"
#include "kvstore/kv_ctl.h"

static int kv_configure(struct bpf_object *obj, const struct nf_params *p)
{
	if (kv_set_max_flows(obj, p->max_flows)) {
		nf_err("--max-flows must be 1 to %u", KV_MAX_FLOWS);
		return -ERANGE;
	}
	return 0;
}

static int kv_open(const struct nf_maps *m, struct kv_ctl *c)
{
	if (kv_ctl_open(c, m->v->enetstl, m->fd, m->ctx))
		return nf_err("cannot reach the kvstore of %s", m->v->name);
	return 0;
}

static void kv_print(const struct kv_entry *e, const struct nf_dump_opts *o)
{
	char s[128];

	nf_key_str(&e->key, s, sizeof(s));
	printf("  %-58s %10llu %12llu %10.3f", s, (unsigned long long)e->st.packets,
	       (unsigned long long)e->st.bytes, (e->st.last_ns - e->st.first_ns) / 1e9);
	if (o && o->keys)
		printf(" %9u", nf_truth_of(&e->key, o));
	printf("\n");
}

static int kv_dump(const struct nf_maps *m, const struct nf_dump_opts *o)
{
	unsigned int n, top = o->top;
	struct kv_entry *e;
	struct kv_ctl c;
	int err;

	if (kv_open(m, &c))
		return 1;
	err = kv_ctl_dump(&c, &e, &n);
	if (err)
		return nf_err("reading the kvstore failed: %s", strerror(-err));
	printf("kvstore (%s): %u flows, ascending by key%s; first %u:\n",
	       m->v->enetstl ? "skip list" : "hash map", n,
	       m->v->enetstl ? " as the skip list holds them" : " (sorted by the loader)",
	       top < n ? top : n);
	printf("  %-58s %10s %12s %10s%s\n", "flow", "packets", "bytes", "seconds",
	       o->keys ? "      true" : "");
	for (unsigned int i = 0; i < n && i < top; i++)
		kv_print(&e[i], o);
	if (n > top)
		printf("  ... %u more (--top N)\n", n - top);
	free(e);
	return 0;
}

static int kv_query(const struct nf_maps *m, const struct enetstl_flow_key *k)
{
	struct kv_entry e = { .key = *k };
	struct kv_ctl c;
	char s[128];
	int err;

	nf_key_str(k, s, sizeof(s));
	if (kv_open(m, &c))
		return 1;
	err = kv_ctl_query(&c, k, &e.st);
	if (err == -ENOENT) {
		printf("%s: not in the kvstore\n", s);
		return 0;
	}
	if (err)
		return nf_err("query failed: %s", strerror(-err));
	printf("  %-58s %10s %12s %10s\n", "flow", "packets", "bytes", "seconds");
	kv_print(&e, NULL);
	return 0;
}

static int kv_remove(const struct nf_maps *m, const struct enetstl_flow_key *k)
{
	struct kv_ctl c;
	char s[128];
	int err;

	if (kv_open(m, &c))
		return 1;
	nf_key_str(k, s, sizeof(s));
	err = kv_ctl_delete(&c, k);
	if (err == -ENOENT)
		return nf_err("%s is not in the kvstore", s);
	if (err)
		return nf_err("delete failed: %s", strerror(-err));
	printf("deleted %s\n", s);
	return 0;
}

const struct nf_ops kvstore_ops = {
	.name = "kvstore",
	.defaults = { .max_flows = KV_MAX_FLOWS },
	.configure = kv_configure,
	.dump = kv_dump,
	.query = kv_query,
	.remove = kv_remove,
	.stat_labels = { [KV_STAT_HIT] = "stored flows' packets", [KV_STAT_NEW] = "new flows",
			 [KV_STAT_FULL] = "table full", [KV_STAT_ERR] = "errors" },
	/* a skip list against a hash map: two structures */
	.twin_other = true,
	.kinds = { "BPF hash map", "eNetSTL skip list" },
};
