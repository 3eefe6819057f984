// SPDX-License-Identifier: GPL-2.0
/*
 * nft_htss.c - HTSS oracle: the membership table read back must equal,
 * slot for slot, the reference table fed the same trace, and the known /
 * new / full counts must be the reference's; every flow seen must be a
 * member at the end unless its bucket was full when it came. The reference
 * hashes as the variant does: CRC-32C, or for the best pure-eBPF variant the
 * top 32 bits of multiply-add-shift row 0 (ref_nf.h).
 */
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "nftest.h"
#include "ref_crc32c.h"
#include "ref_nf.h"
#include "htss/htss.h"

/* The variant's hash of @k, computed plainly. */
static uint32_t ref_htss_hash(const struct nf_variant *v, const struct enetstl_flow_key *k)
{
	if (!strcmp(v->flavor, "best"))
		return ref_mas_hash32(k);
	return ref_crc32c(HT_SEED, (const uint8_t *)k, sizeof(*k));
}

void nft_check_htss(const struct nf_variant *v, const struct nf_trace *t)
{
	struct nf_params p = { 0 };
	struct bpf_object *obj = nft_load(v, &p);
	struct ht_bucket *ref = calloc(HT_BUCKETS, sizeof(*ref)), b;
	uint64_t known = 0, fresh = 0, full = 0, used = 0;
	unsigned int members = 0, lost = 0;
	__u64 nf[4];
	int fd;

	if (!obj || !ref)
		goto out;
	nft_run_trace(obj, t);
	nft_check_stats(obj, t, nf);
	for (uint32_t i = 0; i < t->n; i++) {
		uint32_t h, *s, j, sig;

		if (t->cls[i] != NF_FLOW)
			continue;
		h = ref_htss_hash(v, &t->flows[t->flow[i]]);
		s = ref[ht_bucket_of(h)].sig;
		sig = ht_sig_of(h);
		for (j = 0; j < HT_SLOTS && s[j] != sig; j++)
			;
		if (j < HT_SLOTS) {
			known++;
			continue;
		}
		for (j = 0; j < HT_SLOTS && s[j]; j++)
			;
		if (j == HT_SLOTS) {
			full++;
			continue;
		}
		s[j] = sig;
		fresh++;
	}
	CHECK_EQ("known", nf[HT_STAT_KNOWN], known);
	CHECK_EQ("new", nf[HT_STAT_NEW], fresh);
	CHECK_EQ("bucket full", nf[HT_STAT_FULL], full);
	fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "ht_table"));
	for (__u32 i = 0; i < HT_BUCKETS; i++) {
		if (!CHECK(!bpf_map_lookup_elem(fd, &i, &b), "bucket %u unreadable", i))
			break;
		CHECK(!memcmp(&b, &ref[i], sizeof(b)), "bucket %u differs from the reference", i);
		for (int j = 0; j < HT_SLOTS; j++)
			used += b.sig[j] != 0;
	}
	/* membership: every flow seen is in the table read back, unless its bucket overflowed */
	for (uint32_t f = 0; f < t->nflows; f++) {
		uint32_t h, j;

		if (!t->flow_pkts[f])
			continue;
		h = ref_htss_hash(v, &t->flows[f]);
		fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "ht_table"));
		j = ht_bucket_of(h);
		bpf_map_lookup_elem(fd, &j, &b);
		for (j = 0; j < HT_SLOTS && b.sig[j] != ht_sig_of(h); j++)
			;
		if (j < HT_SLOTS)
			members++;
		else
			lost++;
	}
	CHECK(lost == 0 || full > 0, "%u flows missing from the table with no bucket overflow", lost);
	tl_result("htss %s: table equals the reference (%llu signatures); %llu known, %llu new, "
		   "%llu full; %u flows members", v->name, (unsigned long long)used,
		   (unsigned long long)known, (unsigned long long)fresh, (unsigned long long)full,
		   members);
	bpf_object__close(obj);
	free(ref);
	return;
out:
	tl_result("htss %s", v->name);
	if (obj)
		bpf_object__close(obj);
	free(ref);
}
