// SPDX-License-Identifier: GPL-2.0
/*
 * nft_cuckoo.c - cuckoo switch oracle. The control plane (cuckoo_ctl.c)
 * fills the table to a load factor with three quarters of the trace's flows
 * (port 1 + flow % 200) and random filler keys; the trace's hits, misses and
 * per-port packet counts must equal those of a plain flow -> port
 * dictionary. Then a third of the trace's keys are deleted and the trace
 * runs again: the counts must follow. The table read back must hold
 * exactly the inserted keys, each in one of its two buckets. The control
 * plane hashes as the variant's data path does (CRC-32C, or for the best
 * pure-eBPF variant multiply-add-shift); its hash of every trace flow must
 * equal a plain reference's.
 */
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "nftest.h"
#include "ref_crc32c.h"
#include "ref_nf.h"
#include "cuckoo/cuckoo_ctl.h"

#define TEST_LOAD 95

/* Fill @obj's (variant @v's) table to @load_pct with the trace's flows and filler keys. */
static int fill(const struct nf_variant *v, struct bpf_object *obj, const struct nf_trace *t,
		unsigned int load_pct, unsigned int *keys)
{
	int fd = ck_table_fd(nf_obj_fd, obj);
	struct ck_ctl c;
	int err;

	if (fd < 0 || ck_ctl_open(&c, fd, ck_hash_of(v->flavor)))
		return -1;
	err = ck_ctl_fill_trace(&c, t, load_pct);
	if (err)
		printf("  cuckoo: filling to %u%% failed at %u of %u slots: %d\n", load_pct, c.used,
		       CK_CAPACITY, err);
	*keys = c.used;
	ck_ctl_close(&c);
	return err;
}

/* Expected hits, misses and per-port packets of one trace run. */
static void reference(const struct nf_trace *t, const uint8_t *deleted, uint64_t *hit,
		      uint64_t *miss, uint64_t *ports)
{
	*hit = *miss = 0;
	memset(ports, 0, CK_PORTS * sizeof(*ports));
	for (uint32_t i = 0; i < t->n; i++) {
		uint32_t f, port = 0;

		if (t->cls[i] != NF_FLOW)
			continue;
		/* by key: two trace flows may share one (e.g. ICMP echo ids) */
		for (f = 0; f < t->nflows; f++)
			if (ck_trace_port(f) && !deleted[f] &&
			    !memcmp(&t->flows[f], &t->flows[t->flow[i]],
				    sizeof(struct enetstl_flow_key))) {
				port = ck_trace_port(f);
				break;
			}
		if (port) {
			++*hit;
			ports[port % CK_PORTS]++;
		} else {
			++*miss;
		}
	}
}

static void counts(struct bpf_object *obj, uint64_t *hit, uint64_t *miss, uint64_t *ports)
{
	struct nf_stats st;

	nft_stats(obj, &st);
	*hit = st.nf[CK_STAT_HIT];
	*miss = st.nf[CK_STAT_MISS];
	nf_percpu_sum_u64(bpf_map__fd(bpf_object__find_map_by_name(obj, "ck_ports")), 0,
			  (__u64 *)ports, CK_PORTS);
}

static int first_of_key(const struct nf_trace *t, uint32_t f)
{
	for (uint32_t g = 0; g < f; g++)
		if (ck_trace_port(g) && !memcmp(&t->flows[g], &t->flows[f],
		    sizeof(struct enetstl_flow_key)))
			return 0;
	return 1;
}

void nft_check_cuckoo(const struct nf_variant *v, const struct nf_trace *t)
{
	struct nf_params p = { .load_pct = TEST_LOAD };
	struct bpf_object *obj = nft_load(v, &p);
	uint64_t hit, miss, ports[CK_PORTS], rhit, rmiss, rports[CK_PORTS];
	uint64_t hit0, miss0, ports0[CK_PORTS];
	uint8_t *deleted = calloc(t->nflows, 1);
	unsigned int keys = 0, ndel = 0, inserted = 0;
	struct ck_ctl c;

	if (!obj || !deleted)
		goto out;
	if (!CHECK(!fill(v, obj, t, TEST_LOAD, &keys), "filling the table to %u%%", TEST_LOAD))
		goto out;
	nft_run_trace(obj, t);
	nft_check_stats(obj, t, NULL);
	counts(obj, &hit, &miss, ports);
	reference(t, deleted, &rhit, &rmiss, rports);
	CHECK_EQ("hits", hit, rhit);
	CHECK_EQ("misses", miss, rmiss);
	for (int i = 0; i < CK_PORTS; i++)
		CHECK(ports[i] == rports[i], "port %d: %llu packets, reference %llu", i,
		      (unsigned long long)ports[i], (unsigned long long)rports[i]);

	/* the table read back: exactly the inserted keys, each findable */
	if (CHECK(!ck_ctl_open(&c, ck_table_fd(nf_obj_fd, obj), ck_hash_of(v->flavor)),
		  "ck_table unreadable")) {
		CHECK_EQ("occupied slots", c.used, keys);
		/* the control plane's hash: the variant's, by a plain reference */
		for (uint32_t f = 0; f < t->nflows; f++) {
			const struct enetstl_flow_key *k = &t->flows[f];
			uint32_t want = c.hash == CK_HASH_MAS ? ref_mas_hash32(k) :
					ref_crc32c(CK_SEED, (const uint8_t *)k, sizeof(*k));

			CHECK(ck_ctl_hash(&c, k) == want, "flow %u: control-plane hash %08x, "
			      "reference %08x", f, ck_ctl_hash(&c, k), want);
		}
		for (uint32_t f = 0; f < t->nflows; f++) {
			__u32 port;

			if (!ck_trace_port(f) || !first_of_key(t, f))
				continue;
			inserted++;
			if (CHECK(!ck_ctl_lookup(&c, &t->flows[f], &port), "flow %u not in the table", f))
				CHECK_EQ("port in the table", port, ck_trace_port(f));
		}
		/* delete a third of the trace's keys, through the control plane */
		for (uint32_t f = 0; f < t->nflows; f++) {
			if (!ck_trace_port(f) || f % 4 != 1)
				continue;
			deleted[f] = 1;
			if (!first_of_key(t, f))
				continue;
			CHECK(!ck_ctl_delete(&c, &t->flows[f]), "deleting flow %u", f);
			ndel++;
		}
		ck_ctl_close(&c);
	}
	for (uint32_t f = 0; f < t->nflows; f++)	/* keys shared with a deleted flow */
		for (uint32_t g = 0; g < f && !deleted[f]; g++)
			if (deleted[g] && !memcmp(&t->flows[g], &t->flows[f],
			    sizeof(struct enetstl_flow_key)))
				deleted[f] = 1;
	hit0 = hit;
	miss0 = miss;
	memcpy(ports0, ports, sizeof(ports));
	nft_run_trace(obj, t);
	counts(obj, &hit, &miss, ports);
	reference(t, deleted, &rhit, &rmiss, rports);
	CHECK_EQ("hits after deletes", hit - hit0, rhit);
	CHECK_EQ("misses after deletes", miss - miss0, rmiss);
	for (int i = 0; i < CK_PORTS; i++)
		CHECK(ports[i] - ports0[i] == rports[i], "after deletes, port %d: %llu packets, "
		      "reference %llu", i, (unsigned long long)(ports[i] - ports0[i]),
		      (unsigned long long)rports[i]);
	tl_result("cuckoo %s: %u keys (%u%% of %u slots, %u from the trace): %llu hits, %llu "
		   "misses as the reference; %u deleted: %llu hits, %llu misses", v->name, keys,
		   TEST_LOAD, CK_CAPACITY, inserted, (unsigned long long)hit0,
		   (unsigned long long)miss0, ndel, (unsigned long long)rhit,
		   (unsigned long long)rmiss);
	bpf_object__close(obj);
	free(deleted);
	return;
out:
	tl_result("cuckoo %s", v->name);
	if (obj)
		bpf_object__close(obj);
	free(deleted);
}
