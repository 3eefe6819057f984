/* SPDX-License-Identifier: GPL-2.0 */
/*
 * htss.h - HTSS-style membership table, shared by htss.bpf.c and userspace:
 * HT_BUCKETS buckets of 16 32-bit signatures, no keys. A flow's hash
 * h = CRC-32C(key, HT_SEED) picks bucket h mod HT_BUCKETS and signature
 * (h >> HT_BUCKETS_LOG) + 1 (never 0: 0 marks a free slot). A packet whose
 * signature is in its bucket is a member ("known"); otherwise the signature
 * is learned into the bucket's first free slot ("new"), or counted as
 * "full" when there is none. Two flows with equal bucket and signature are
 * one member: a filter, like a cuckoo filter with one bucket choice.
 * htss_best_ebpf takes h = the top 32 bits of multiply-add-shift row 0
 * (nf_mas.h: (__u32)(nf_mas_row(nf_mas_words(key), 0) >> 32)) instead of the
 * CRC, bucket and signature from h alike.
 */
#ifndef _HTSS_H
#define _HTSS_H

#include <linux/types.h>

#ifndef HT_BUCKETS_LOG
#define HT_BUCKETS_LOG 10
#endif
#define HT_BUCKETS	(1u << HT_BUCKETS_LOG)
#define HT_SLOTS	16
#define HT_SEED		0x12345678u

struct ht_bucket {
	__u32 sig[HT_SLOTS];
};

/* struct nf_stats.nf[] of this NF */
#define HT_STAT_KNOWN	0
#define HT_STAT_NEW	1
#define HT_STAT_FULL	2

static inline __u32 ht_bucket_of(__u32 h)
{
	return h & (HT_BUCKETS - 1);
}

static inline __u32 ht_sig_of(__u32 h)
{
	return (h >> HT_BUCKETS_LOG) + 1;
}

#endif
