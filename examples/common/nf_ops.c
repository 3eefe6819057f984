// SPDX-License-Identifier: GPL-2.0
/* nf_ops.c - the helpers of the NF descriptors (see nf_ops.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "nf_ops.h"
#include "nf_variants.h"

const struct nf_ops *nf_ops_find(const char *name)
{
	for (unsigned int i = 0; i < nf_nops; i++)
		if (!strcmp(nf_ops_all[i]->name, name))
			return nf_ops_all[i];
	return NULL;
}

void nf_params_defaults(struct nf_params *p)
{
	memset(p, 0, sizeof(*p));
#define NF_PARAM_DEFAULT(f) if (o->defaults.f) p->f = o->defaults.f;
	for (unsigned int i = 0; i < nf_nops; i++) {
		const struct nf_ops *o = nf_ops_all[i];

		NF_PARAM_FIELDS(NF_PARAM_DEFAULT)
	}
#undef NF_PARAM_DEFAULT
}

int nf_configure(const struct nf_variant *v, struct bpf_object *obj, const struct nf_params *p)
{
	return v->ops->configure ? v->ops->configure(obj, p) : 0;
}

int nf_prepare(const struct nf_variant *v, struct bpf_object *obj, const struct nf_trace *t,
	       const struct nf_params *p)
{
	return v->ops->prepare ? v->ops->prepare(v, obj, t, p) : 0;
}

int nf_set_u32(struct bpf_object *obj, const char *var, __u32 val)
{
	return nf_set_const(obj, var, &val, sizeof(val));
}

int nf_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return 1;
}

int nf_map_fd(const struct nf_maps *m, const char *name)
{
	return m->fd(m->ctx, name);
}

void *nf_read_percpu(const struct nf_maps *m, const char *map, size_t size, size_t *stride)
{
	int fd = nf_map_fd(m, map), ncpu = nf_ncpus();
	char *all;
	__u32 zero = 0;

	*stride = (size + 7) & ~(size_t)7;	/* the kernel's per-CPU value layout */
	all = calloc(ncpu > 0 ? ncpu : 1, *stride);
	if (fd < 0 || !all || bpf_map_lookup_elem(fd, &zero, all)) {
		free(all);
		return NULL;
	}
	return all;
}

__u32 nf_truth_of(const struct enetstl_flow_key *k, const struct nf_dump_opts *o)
{
	__u32 sum = 0;

	for (unsigned int i = 0; i < o->nkeys; i++)
		if (!memcmp(&o->keys[i], k, sizeof(*k)))
			sum += o->pkts[i];
	return sum;
}
