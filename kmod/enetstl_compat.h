/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_compat.h - every difference between the kernels eNetSTL builds for
 * (Debian 6.1, 6.12 and newer) lives here, detected by feature, not version.
 */
#ifndef _ENETSTL_COMPAT_H
#define _ENETSTL_COMPAT_H

#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/slab.h>

/* get_unaligned_*(): <linux/unaligned.h> from 6.12, <asm/unaligned.h> before. */
#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * 6.1 has no __bpf_kfunc: keep the symbol and its exact prototype in BTF.
 * noclone matters: pahole drops .isra/.constprop clones from BTF.
 */
#ifndef __bpf_kfunc
#define __bpf_kfunc __used noinline __attribute__((__noclone__))
#endif

/* 6.7+ wraps kfunc definitions in a diagnostic push; before, nothing. */
#ifndef __bpf_kfunc_start_defs
#define __bpf_kfunc_start_defs()
#define __bpf_kfunc_end_defs()
#endif

/*
 * From 6.9 a kfunc set must carry BTF_SET8_KFUNCS (BTF_KFUNCS_START) or
 * registration fails with -EINVAL; 6.1 only has the plain set8.
 */
#ifdef BTF_KFUNCS_START
#define ENETSTL_KFUNCS_START(name)	BTF_KFUNCS_START(name)
#define ENETSTL_KFUNCS_END(name)	BTF_KFUNCS_END(name)
#else
#define ENETSTL_KFUNCS_START(name)	BTF_SET8_START(name)
#define ENETSTL_KFUNCS_END(name)	BTF_SET8_END(name)
#endif

/*
 * Linux 7.x dropped KF_TRUSTED_ARGS: every kfunc's pointer arguments must be
 * trusted or referenced by default, which is what the flag asked for before.
 * The flag stays in our set lists and means nothing there.
 */
#ifndef KF_TRUSTED_ARGS
#define KF_TRUSTED_ARGS	0
#endif

/*
 * Keep a slab cache of its own (Linux 6.5+), so that its objects show in
 * /proc/slabinfo under its name and do not share slabs with the rest of the
 * kernel. Older kernels may merge it with a cache of the same size.
 */
#ifdef SLAB_NO_MERGE
#define ENETSTL_SLAB_NO_MERGE	SLAB_NO_MERGE
#else
#define ENETSTL_SLAB_NO_MERGE	0
#endif

#endif /* _ENETSTL_COMPAT_H */
