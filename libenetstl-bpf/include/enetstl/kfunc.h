/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/kfunc.h - how eNetSTL's kfunc prototypes are declared.
 *
 * The same prototypes serve both sides, as in the kernel's bpf_testmod:
 * BPF programs see `extern ... __ksym` declarations that libbpf resolves
 * against the enetstl module's BTF; the module (__KERNEL__) sees plain
 * prototypes, so the compiler checks its definitions against the very
 * declarations BPF authors compile with.
 *
 * Define ENETSTL_WEAK_KFUNCS before including any enetstl header to make the
 * declarations weak: a program then loads without the module as long as the
 * calls sit behind a constant the loader sets (docs/programming.md).
 */
#ifndef _ENETSTL_KFUNC_H
#define _ENETSTL_KFUNC_H

#include <linux/types.h>

#ifdef __KERNEL__
#define ENETSTL_KFUNC
#elif defined(ENETSTL_WEAK_KFUNCS)
#define ENETSTL_KFUNC __attribute__((section(".ksyms"))) __attribute__((weak))
#else
#define ENETSTL_KFUNC __attribute__((section(".ksyms")))
#endif

#endif /* _ENETSTL_KFUNC_H */
