/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/loader.h - header-only libbpf helper for loaders of programs that
 * keep eNetSTL objects (containers, list buckets) as kptrs in maps.
 *
 * The kernel recognizes a referenced kptr by a BTF type tag on the pointer:
 * "kptr_ref" on Linux 6.1-6.3, "kptr" from 6.4 (where "kptr" used to mean
 * unreferenced). ENETSTL_KPTR() writes "kptr", which clang 15+ emits and
 * clang 14 drops, and marks the member with a decl tag. Before load, the
 * loader rewrites the object's BTF where the tag is missing or wrong for
 * the running kernel (clang 14, or Linux 6.1-6.3): a type tag for it, a
 * pointer to it, the member repointed. One object file then loads on every
 * kernel, whatever clang built it; a clang-15+ object needs no rewrite on
 * 6.4 and later.
 *
 *	struct bpf_object *obj = bpf_object__open_file(path, NULL);
 *	err = enetstl_fix_kptrs(obj);		// between open and load
 *	err = err ?: bpf_object__load(obj);
 *
 * With a skeleton: skel = x__open(); enetstl_fix_kptrs(skel->obj); x__load(skel).
 */
#ifndef _ENETSTL_LOADER_H
#define _ENETSTL_LOADER_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

/**
 * enetstl_kptr_tag() - the referenced-kptr tag the running kernel wants
 *
 * Return: "kptr_ref" before Linux 6.4, "kptr" from 6.4 on.
 */
static inline const char *enetstl_kptr_tag(void)
{
	struct utsname u;
	unsigned int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return "kptr";
	return major < 6 || (major == 6 && minor < 4) ? "kptr_ref" : "kptr";
}

/*
 * clang emits a struct reached only through a pointer in a map definition
 * as a forward declaration; the kernel wants kptr targets (and libbpf
 * kfunc prototypes) to be structs. eNetSTL's types are opaque to programs
 * anyway: make such a forward declaration an empty struct, in place.
 */
static inline void enetstl_fix_fwds(struct btf *btf)
{
	__u32 i, n = btf__type_cnt(btf);

	for (i = 1; i < n; i++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(btf, i);

		if (btf_is_fwd(t) && !btf_kflag(t) &&
		    !strncmp(btf__name_by_offset(btf, t->name_off), "enetstl_", 8)) {
			t->info = (__u32)BTF_KIND_STRUCT << 24;	/* vlen 0, kflag 0 */
			t->size = 0;
		}
	}
}

/**
 * enetstl_fix_kptrs_btf() - tag every ENETSTL_KPTR() member of @btf
 * (and complete the forward declarations of eNetSTL's opaque structs)
 * @btf: an object's BTF, still modifiable (before load)
 * @tag: "kptr_ref" or "kptr" (see enetstl_kptr_tag())
 *
 * Return: the number of members rewritten (>= 0; members that already carry
 * @tag are left alone), or a negative errno.
 */
static inline int enetstl_fix_kptrs_btf(struct btf *btf, const char *tag)
{
	__u32 i, n = btf__type_cnt(btf);
	int done = 0;

	enetstl_fix_fwds(btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i), *s, *p;
		struct btf_member *m;
		int idx, tag_id, ptr_id;
		__u32 target;

		if (!btf_is_decl_tag(t) ||
		    strcmp(btf__name_by_offset(btf, t->name_off), "enetstl_kptr"))
			continue;
		idx = btf_decl_tag(t)->component_idx;
		s = btf__type_by_id(btf, t->type);
		if (idx < 0 || !s || !btf_is_struct(s) || idx >= btf_vlen(s))
			return -EINVAL;
		p = btf__type_by_id(btf, btf_members(s)[idx].type);
		if (!p || !btf_is_ptr(p))
			return -EINVAL;
		target = p->type;
		if (btf_is_type_tag(btf__type_by_id(btf, target))) {	/* clang >= 15 */
			const struct btf_type *tt = btf__type_by_id(btf, target);

			if (!strcmp(btf__name_by_offset(btf, tt->name_off), tag))
				continue;	/* already right for this kernel */
			target = tt->type;
		}
		tag_id = btf__add_type_tag(btf, tag, target);
		if (tag_id < 0)
			return tag_id;
		ptr_id = btf__add_ptr(btf, tag_id);
		if (ptr_id < 0)
			return ptr_id;
		/* Adding types may move them: look the member up again. */
		s = btf__type_by_id(btf, btf__type_by_id(btf, i)->type);
		m = (struct btf_member *)btf_members(s) + idx;
		m->type = ptr_id;
		done++;
	}
	return done;
}

/**
 * enetstl_fix_kptrs() - make @obj's eNetSTL kptrs right for this kernel
 * @obj: an opened, not yet loaded object
 *
 * Return: 0 (also when the object has no such kptr), or a negative errno.
 */
static inline int enetstl_fix_kptrs(struct bpf_object *obj)
{
	struct btf *btf = bpf_object__btf(obj);
	int n;

	if (!btf)
		return 0;
	n = enetstl_fix_kptrs_btf(btf, enetstl_kptr_tag());
	return n < 0 ? n : 0;
}

#endif /* _ENETSTL_LOADER_H */
