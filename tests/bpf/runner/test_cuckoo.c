// SPDX-License-Identifier: GPL-2.0
/*
 * test_cuckoo.c - enetstl_cuckoo_flow_find() from XDP against a userspace
 * model written from enetstl/cuckoo.h: tables of 1 to 256 buckets filled
 * at random (with signature decoys, duplicate keys, a key whose hash has
 * a zero signature, freed slots that still hold their key), every stored
 * key, absent keys, and the sizes and logs the kfunc must refuse. The
 * runner writes the table in place through mmap(), as a control plane does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <enetstl/cuckoo.h>
#include "runner.h"
#include "test_common.h"
#include "ref_crc32c.h"
#include "cuckoo_calls.skel.h"

#define NBUCKETS_MAX (1u << CUCKOO_TEST_MAX_LOG)
#define TAB_SIZE (NBUCKETS_MAX * sizeof(struct enetstl_cuckoo_bucket))

struct ref_place {
	uint32_t sig, b1, b2;
};

/* The key's signature and buckets, as cuckoo.h defines them. */
static struct ref_place ref_place(const uint8_t key[40], uint32_t seed, uint32_t log)
{
	uint32_t h = ref_crc32c(seed, key, 40), n = 1u << log;
	struct ref_place p;

	p.sig = h >> 16 ? h >> 16 : 1;
	p.b1 = h & (n - 1);
	p.b2 = log ? (p.b1 ^ ((uint32_t)(p.sig * 0x5bd1e995u) >> (32 - log))) & (n - 1) : p.b1;
	return p;
}

/* The lookup of cuckoo.h: b1's slots, then b2's; the value or -ENOENT. */
static int64_t ref_find(const struct enetstl_cuckoo_bucket *tab, const uint8_t key[40],
			uint32_t seed, uint32_t log)
{
	struct ref_place p = ref_place(key, seed, log);
	uint32_t b[2] = { p.b1, p.b2 };

	for (int i = 0; i < 2; i++)
		for (int s = 0; s < ENETSTL_CUCKOO_SLOTS; s++)
			if (tab[b[i]].sig[s] == p.sig && !memcmp(&tab[b[i]].key[s], key, 40))
				return tab[b[i]].val[s];
	return -ENOENT;
}

static int64_t call(int fd, const uint8_t key[40], uint32_t size, uint32_t log, uint32_t seed)
{
	struct cuckoo_req in = { .eth[12] = 0x88, .size = size, .buckets_log = log, .seed = seed };
	struct cuckoo_req out;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = &in, .data_size_in = sizeof(in),
		    .data_out = &out, .data_size_out = sizeof(out));

	memcpy(in.key, key, 40);
	if (bpf_prog_test_run_opts(fd, &o) || o.retval != XDP_PASS)
		return INT64_MIN;
	return out.result;
}

/*
 * Put @key with @val in the first free slot of b1, else of b2; the slot, its
 * bucket in *@bucket (if given), or -1.
 */
static int ref_insert(struct enetstl_cuckoo_bucket *tab, const uint8_t key[40], uint32_t val,
		      uint32_t seed, uint32_t log, uint32_t *bucket)
{
	struct ref_place p = ref_place(key, seed, log);
	uint32_t b[2] = { p.b1, p.b2 };

	for (int i = 0; i < 2; i++)
		for (int s = 0; s < ENETSTL_CUCKOO_SLOTS; s++)
			if (!tab[b[i]].sig[s]) {
				memcpy(&tab[b[i]].key[s], key, 40);
				tab[b[i]].val[s] = val;
				tab[b[i]].sig[s] = p.sig;
				if (bucket)
					*bucket = b[i];
				return s;
			}
	return -1;
}

#define KEYS 600

static void lookups(struct cuckoo_calls *skel, struct enetstl_cuckoo_bucket *tab)
{
	static const uint32_t logs[] = { 0, 1, 4, 6, 8 };
	int fds[2] = { bpf_program__fd(skel->progs.xdp_cuckoo_find),
		       bpf_program__fd(skel->progs.xdp_cuckoo_find_stack) };
	static uint8_t keys[KEYS][40], zsig[40];
	unsigned int calls = 0, hits = 0, decoys = 0, freed = 0;
	char label[256];

	tl_errors = 0;
	/* a key whose CRC has a zero top half: its signature is 1 */
	for (uint32_t i = 0;; i++) {
		memset(zsig, 0, 40);
		memcpy(zsig, &i, 4);
		zsig[37] = 4;
		if (!(ref_crc32c(0x12345678u, zsig, 40) >> 16))
			break;
	}
	for (size_t a = 0; a < sizeof(logs) / sizeof(logs[0]); a++) {
		uint32_t log = logs[a], n = 1u << log, size = n * sizeof(*tab);
		uint32_t seed = log == 8 ? 0x12345678u : (uint32_t)tl_rand();

		memset(tab, 0, TAB_SIZE);
		/* garbage beyond the table: never read (a log-0 table is one bucket) */
		tl_rand_bytes(&tab[n], TAB_SIZE - size);
		tl_rand_bytes(keys, sizeof(keys));
		/* the zero-signature key first, in the largest table: it must be stored */
		if (log == 8)
			CHECK(ref_insert(tab, zsig, 4242, seed, log, NULL) >= 0, "zero-signature key stored");
		for (int i = 0; i < KEYS; i++) {
			struct ref_place p = ref_place(keys[i], seed, log);
			uint32_t val = i % 50 == 0 ? UINT32_MAX : i % 50 == 1 ? 0 : (uint32_t)tl_rand();

			/* decoys first now and then: its signature with another key, its key with another signature */
			if (i % 7 == 0 || i % 5 == 0) {
				uint8_t d[40];
				uint32_t b;
				int s;

				memcpy(d, keys[i], 40);
				if (i % 7 == 0)
					d[tl_rand() % 40] ^= 1 << (tl_rand() % 8);
				s = ref_insert(tab, d, 0xdec0de, seed, log, &b);
				if (s >= 0 && i % 7)	/* the key, a signature off by one bit */
					tab[b].sig[s] = p.sig ^ 0x8000;
				decoys += s >= 0;
			}
			ref_insert(tab, keys[i], val, seed, log, NULL);
			/* a second copy now and then: the first place wins */
			if (i % 11 == 0)
				ref_insert(tab, keys[i], val ^ 0x5a5a5a5a, seed, log, NULL);
			/* deleted now and then: its slot freed (signature 0), key and value kept */
			if (i % 13 == 0) {
				for (int j = 0; j < 2; j++) {
					uint32_t b = j ? p.b2 : p.b1;

					for (int s = 0; s < ENETSTL_CUCKOO_SLOTS; s++)
						if (tab[b].sig[s] == p.sig && !memcmp(&tab[b].key[s], keys[i], 40))
							tab[b].sig[s] = 0;
				}
				freed++;
			}
		}
		for (int i = 0; i < KEYS + 200; i++) {
			uint8_t absent[40];
			const uint8_t *k = i < KEYS ? keys[i] : absent;
			int64_t want, got;

			if (i >= KEYS)
				tl_rand_bytes(absent, 40);
			want = ref_find(tab, k, seed, log);
			got = call(fds[i % 2], k, i % 3 ? size : TAB_SIZE, log, seed);
			hits += want >= 0;
			calls++;
			CHECK(got == want, "log %u key %d%s: %lld, model %lld", log, i,
			      i % 2 ? " (stack key)" : "", (long long)got, (long long)want);
		}
		if (log == 8) {
			CHECK_EQ("zero-signature key (sig 1)", call(fds[0], zsig, size, log, seed), 4242);
			zsig[0] ^= 0x80;
			CHECK_EQ("zero-signature key changed", call(fds[0], zsig, size, log, seed),
				 ref_find(tab, zsig, seed, log));
			zsig[0] ^= 0x80;
		}
	}
	snprintf(label, sizeof(label),
		 "[%s] cuckoo_flow_find: %u lookups (%u hits) in tables of 1-256 buckets with %u "
		 "decoys (signature or key one bit off), duplicates, %u deleted keys and a "
		 "zero-signature key, vs model", test_mode, calls, hits, decoys, freed);
	tl_result("%s", label);
}

static void refused(struct cuckoo_calls *skel, struct enetstl_cuckoo_bucket *tab)
{
	int fd = bpf_program__fd(skel->progs.xdp_cuckoo_find);
	uint8_t key[40];
	uint32_t seed = 7, one = sizeof(*tab);
	char label[192];

	tl_errors = 0;
	memset(tab, 0, TAB_SIZE);
	tl_rand_bytes(key, sizeof(key));
	CHECK(ref_insert(tab, key, 99, seed, 2, NULL) >= 0, "insert");
	CHECK_EQ("log 2, exact size", call(fd, key, 4 * one, 2, seed), 99);
	CHECK_EQ("log 2, one byte short", call(fd, key, 4 * one - 1, 2, seed), -EINVAL);
	CHECK_EQ("log 2, no table", call(fd, key, 0, 2, seed), -EINVAL);
	CHECK_EQ("log 0, size 735", call(fd, key, one - 1, 0, seed), -EINVAL);
	CHECK_EQ("log 8 in 255 buckets", call(fd, key, 255 * one, 8, seed), -EINVAL);
	CHECK_EQ("log 17", call(fd, key, TAB_SIZE, ENETSTL_CUCKOO_MAX_BUCKETS_LOG + 1, seed),
		 -EINVAL);
	CHECK_EQ("log 32", call(fd, key, TAB_SIZE, 32, seed), -EINVAL);
	CHECK_EQ("log 0xffffffff", call(fd, key, TAB_SIZE, UINT32_MAX, seed), -EINVAL);
	CHECK_EQ("another seed: absent", call(fd, key, 4 * one, 2, seed + 1),
		 ref_find(tab, key, seed + 1, 2));
	snprintf(label, sizeof(label), "[%s] cuckoo_flow_find: short tables and logs above %u "
		 "refused with -EINVAL, the exact size accepted", test_mode,
		 ENETSTL_CUCKOO_MAX_BUCKETS_LOG);
	tl_result("%s", label);
}

void test_cuckoo(void)
{
	struct cuckoo_calls *skel = cuckoo_calls__open_and_load();
	struct enetstl_cuckoo_bucket *tab;

	if (!skel) {
		tl_errors = 1;
		tl_result("[load] cuckoo_calls.bpf.o loads");
		return;
	}
	tab = mmap(NULL, TAB_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		   bpf_map__fd(skel->maps.cuckoo_tab), 0);
	if (tab == MAP_FAILED) {
		tl_errors = 1;
		tl_result("[%s] cuckoo_flow_find: mmap of the table: %s", test_mode, strerror(errno));
	} else {
		lookups(skel, tab);
		refused(skel, tab);
		munmap(tab, TAB_SIZE);
	}
	cuckoo_calls__destroy(skel);
}
