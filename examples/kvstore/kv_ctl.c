// SPDX-License-Identifier: GPL-2.0
/* kv_ctl.c - control plane of the flow key-value store (kv_ctl.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "nf_variants.h"
#include "kvstore/kv_ctl.h"

#define KV_DUMP_RETRIES 16	/* walks restarted because a flow was erased under them */

int kv_ctl_open(struct kv_ctl *c, int enetstl, int (*fd)(void *ctx, const char *name),
		void *ctx)
{
	memset(c, 0, sizeof(*c));
	c->enetstl = enetstl;
	c->flows_fd = c->ctl_fd = c->out_fd = -1;
	if (!enetstl) {
		c->flows_fd = fd(ctx, "kv_flows");
		return c->flows_fd < 0 ? -ENOENT : 0;
	}
	c->ctl_fd = fd(ctx, "kv_ctl");
	c->out_fd = fd(ctx, "kv_out");
	return c->ctl_fd < 0 || c->out_fd < 0 ? -ENOENT : 0;
}

static int kv_call(const struct kv_ctl *c, struct kv_req *r)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = r, .ctx_size_in = sizeof(*r));

	if (bpf_prog_test_run_opts(c->ctl_fd, &o))
		return -errno;
	return r->err;
}

int kv_ctl_query(const struct kv_ctl *c, const struct enetstl_flow_key *k, struct kv_state *st)
{
	struct kv_req r = { .op = KV_OP_QUERY, .key = *k };
	int err;

	if (!c->enetstl)
		return bpf_map_lookup_elem(c->flows_fd, k, st) ? -errno : 0;
	err = kv_call(c, &r);
	if (!err)
		*st = r.st;
	return err;
}

int kv_ctl_delete(const struct kv_ctl *c, const struct enetstl_flow_key *k)
{
	struct kv_req r = { .op = KV_OP_DELETE, .key = *k };

	if (!c->enetstl)
		return bpf_map_delete_elem(c->flows_fd, k) ? -errno : 0;
	return kv_call(c, &r);
}

static int by_key(const void *a, const void *b)
{
	return memcmp(&((const struct kv_entry *)a)->key, &((const struct kv_entry *)b)->key,
		      sizeof(struct enetstl_flow_key));
}

static int grow(struct kv_entry **out, unsigned int *cap, unsigned int want)
{
	struct kv_entry *p;

	if (want <= *cap)
		return 0;
	*cap = want * 2;
	p = realloc(*out, (size_t)*cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	*out = p;
	return 0;
}

static int dump_hash(const struct kv_ctl *c, struct kv_entry **out, unsigned int *n)
{
	struct enetstl_flow_key key, next, *prev = NULL;
	unsigned int cap = 0;

	while (!bpf_map_get_next_key(c->flows_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (grow(out, &cap, *n + 1))
			return -ENOMEM;
		(*out)[*n].key = key;
		if (!bpf_map_lookup_elem(c->flows_fd, &key, &(*out)[*n].st))
			++*n;	/* else deleted meanwhile */
	}
	if (errno != ENOENT)
		return -errno;
	if (*n)
		qsort(*out, *n, sizeof(**out), by_key);
	return 0;
}

static int dump_list(const struct kv_ctl *c, struct kv_entry **out, unsigned int *n)
{
	struct kv_req r = { .op = KV_OP_DUMP };
	struct kv_chunk *ch = malloc(sizeof(*ch));
	unsigned int cap = 0, retries = 0;
	__u32 zero = 0;
	int err = -ENOMEM;

	if (!ch)
		return -ENOMEM;
	for (;;) {
		err = kv_call(c, &r);
		if (err)
			break;
		if (r.n > KV_DUMP_CHUNK) {
			err = -EPROTO;
			break;
		}
		if (r.n && bpf_map_lookup_elem(c->out_fd, &zero, ch)) {
			err = -errno;
			break;
		}
		err = grow(out, &cap, *n + r.n);
		if (err)
			break;
		memcpy(*out + *n, ch->e, r.n * sizeof(*ch->e));
		*n += r.n;
		if (!r.more)
			break;
		if (r.n < KV_DUMP_CHUNK && ++retries > KV_DUMP_RETRIES) {
			err = -ESTALE;
			break;
		}
		if (*n) {	/* go on after the last key seen */
			r.resume = 1;
			r.key = (*out)[*n - 1].key;
		}
	}
	free(ch);
	return err;
}

int kv_ctl_dump(const struct kv_ctl *c, struct kv_entry **out, unsigned int *n)
{
	int err;

	*out = NULL;
	*n = 0;
	err = c->enetstl ? dump_list(c, out, n) : dump_hash(c, out, n);
	if (err) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return err;
}

int kv_set_max_flows(struct bpf_object *obj, __u32 n)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, "kv_flows");
	int err;

	if (n < 1 || n > KV_MAX_FLOWS)
		return -ERANGE;
	err = nf_set_const(obj, "max_flows", &n, sizeof(n));
	if (!err && m)
		err = bpf_map__set_max_entries(m, n);
	return err;
}
