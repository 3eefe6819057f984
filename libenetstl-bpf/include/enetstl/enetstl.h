/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/enetstl.h - everything a BPF program needs to use eNetSTL.
 *
 * Programs call the kfuncs of the enetstl kernel module; they load on any
 * kernel where `modprobe enetstl` succeeded (/sys/kernel/btf/enetstl exists).
 * XDP, TC (SCHED_CLS) and SYSCALL programs may call every kfunc but the SIMD
 * section pair (enetstl/simd.h), which is for XDP and TC only, and the
 * frame parse (enetstl/flow.h), which is for XDP only.
 */
#ifndef _ENETSTL_ENETSTL_H
#define _ENETSTL_ENETSTL_H

#include <enetstl/version.h>
#include <enetstl/bitops.h>
#include <enetstl/cffs.h>
#include <enetstl/crc32c.h>
#include <enetstl/cuckoo.h>
#include <enetstl/flow.h>
#include <enetstl/compare.h>
#include <enetstl/hash.h>
#include <enetstl/random.h>
#include <enetstl/simd.h>
#include <enetstl/mem.h>
#include <enetstl/list.h>
#include <enetstl/wheel.h>

#endif /* _ENETSTL_ENETSTL_H */
