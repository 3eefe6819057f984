/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_sketch.h - a sketch read back from its per-CPU map (count-min,
 * NitroSketch), and a flow's estimate from it, for dump and query.
 */
#ifndef _NF_SKETCH_H
#define _NF_SKETCH_H

#include "nf_ops.h"

/*
 * nf_read_sketch() - map @map summed over CPUs, past a header of
 * @hdr_bytes: *@rows x @cols counters, malloc()ed; NULL on error.
 */
__u32 *nf_read_sketch(const struct nf_maps *m, const char *map, unsigned int hdr_bytes,
		      unsigned int cols, unsigned int *rows);
/*
 * nf_sketch_estimate() - row estimates of @k: min (count-min) or median
 * (NitroSketch, @median), with the rows of variant @var's hash family.
 */
double nf_sketch_estimate(const struct nf_variant *var, const __u32 *ctr, unsigned int rows,
			  unsigned int cols, const struct enetstl_flow_key *k, int median);
/* nf_sketch_query() - print @k's estimate (`query`); Return: the exit status. */
int nf_sketch_query(const struct nf_maps *m, const char *map, unsigned int hdr_bytes,
		    unsigned int cols, const struct enetstl_flow_key *k, int median);

#endif
