// SPDX-License-Identifier: GPL-2.0
/* nf_sketch.c - sketches read back, flow estimates (see nf_sketch.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "hash_core.h"
#include "crc32c_core.h"
#include "nf_mas.h"
#include "nf_sketch.h"
#include "nf_trace.h"
#include "nf_variants.h"
#include "countmin/countmin.h"
#include "nitrosketch/nitrosketch.h"

/* nf_sketch_estimate() reads both NFs' crc flavors with one seed */
_Static_assert(NS_CRC_SEED == CM_CRC_SEED, "the crc flavors share a seed");

static const __u32 seeds[ENETSTL_HASH_MAX_LANES] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53b, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
	0x5be0cd19, 0xcbbb9d5d, 0x629a292a, 0x9159015a, 0x152fecd8, 0x67332667, 0x8eb44a87,
	0xdb0c2e0d, 0x47b5481d,
};

__u32 *nf_read_sketch(const struct nf_maps *m, const char *map, unsigned int hdr_bytes,
		      unsigned int cols, unsigned int *rows)
{
	int fd = nf_map_fd(m, map);
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), *all;

	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
		return NULL;
	*rows = (info.value_size - hdr_bytes) / 4 / cols;
	all = calloc(info.value_size / 4, 4);
	if (!all || nf_percpu_sum_u32(fd, info.value_size, all, info.value_size / 4)) {
		free(all);
		return NULL;
	}
	memmove(all, (char *)all + hdr_bytes, (size_t)*rows * cols * 4);
	return all;
}

static u32 crc_table[256];

/*
 * The rows: enetstl_hash_multi()'s lanes, or multiply-add-shift rows of one
 * 32-bit hash (nf_mas.h: the best pure-eBPF variants' and the CRC flavor's).
 */
double nf_sketch_estimate(const struct nf_variant *var, const __u32 *ctr, unsigned int rows,
			  unsigned int cols, const struct enetstl_flow_key *k, int median)
{
	__u32 h[ENETSTL_HASH_MAX_LANES], v[ENETSTL_HASH_MAX_LANES], c;
	__u64 x[NF_KEY_WORDS];
	int family = !strcmp(var->flavor, "best") ? 1 : !strcmp(var->flavor, "crc") ? 2 : 0;

	memcpy(h, seeds, sizeof(h));
	enetstl_hash_multi_scalar((const u8 *)k, sizeof(*k), h, rows);
	nf_mas_words(k, x);
	if (!crc_table[1])
		enetstl_crc32c_table_init(crc_table);
	c = family == 1 ? nf_mas_row(x, 0) >> 32 :
	    enetstl_crc32c_sw(crc_table, CM_CRC_SEED, (const u8 *)k, sizeof(*k));
	for (unsigned int r = 0; r < rows; r++)
		v[r] = ctr[r * cols + (family ? nf_mas_col(c, r, __builtin_ctz(cols)) :
				       enetstl_cm_col(h[r], cols))];
	for (unsigned int i = 0; i < rows; i++)	/* tiny sort */
		for (unsigned int j = i + 1; j < rows; j++)
			if (v[j] < v[i]) {
				__u32 x = v[i]; v[i] = v[j]; v[j] = x;
			}
	if (!median)
		return v[0];
	return rows % 2 ? v[rows / 2] : (v[rows / 2 - 1] + (double)v[rows / 2]) / 2;
}

int nf_sketch_query(const struct nf_maps *m, const char *map, unsigned int hdr_bytes,
		    unsigned int cols, const struct enetstl_flow_key *k, int median)
{
	unsigned int rows;
	__u32 *ctr = nf_read_sketch(m, map, hdr_bytes, cols, &rows);
	char s[128];

	nf_key_str(k, s, sizeof(s));
	if (!ctr)
		return nf_err("cannot read the sketch");
	printf("%s: estimate %.0f packets\n", s,
	       nf_sketch_estimate(m->v, ctr, rows, cols, k, median));
	free(ctr);
	return 0;
}
