/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ENETSTL_BENCH_H
#define _ENETSTL_BENCH_H
/* Operations per program run; per-op cost = (run - empty run) / BENCH_INNER. */
#define BENCH_INNER	32
#endif
