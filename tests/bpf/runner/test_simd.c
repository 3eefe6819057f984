// SPDX-License-Identifier: GPL-2.0
/*
 * test_simd.c - SIMD sections (enetstl_simd_enter/exit) from XDP and TC:
 * random buckets, keys and seeds; the SIMD kfuncs must give the same results
 * outside a section, inside one and inside a nested one, equal to the
 * reference models; the handle reports the vector unit held exactly when the
 * module runs its AVX2 paths, and depths count enter/exit pairs.
 */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "runner.h"
#include "test_common.h"
#include "ref_compare.h"
#include "ref_hash.h"
#include "simd_calls.skel.h"

#define SIMD_RUNS	400

/* Entries and keys drawn from small pools, so that matches are common. */
static void make_input(struct simd_in *in)
{
	uint64_t pool[4];
	uint8_t keys[4][64];

	for (int i = 0; i < 4; i++) {
		pool[i] = tl_rand();
		if (tl_rand() % 2)
			pool[i] &= 0xffff;	/* small enough to match u16 and u32 entries */
		tl_rand_bytes(keys[i], sizeof(keys[i]));
	}
	for (size_t i = 0; i < sizeof(in->bucket); i += 8) {
		uint64_t e = pool[tl_rand() % 4];

		memcpy(in->bucket + i, &e, 8);
		if (tl_rand() % 3 == 0) {	/* narrower entries get their own hits */
			uint16_t x = (uint16_t)pool[tl_rand() % 4];

			memcpy(in->bucket + i + 2 * (tl_rand() % 4), &x, 2);
		}
	}
	for (size_t i = 0; i < sizeof(in->keys); i += 16)
		memcpy(in->keys + i, keys[tl_rand() % 4] + (tl_rand() % 4) * 16, 16);
	memcpy(in->key, keys[tl_rand() % 4], 64);
	if (tl_rand() % 4 == 0)		/* make the 32- and 64-byte finds hit */
		memcpy(in->keys + 64 * (tl_rand() % 8), in->key, 64);
	in->value = tl_rand() % 8 ? pool[tl_rand() % 4] : tl_rand();
	if (tl_rand() % 4 == 0)
		in->value &= 0xffff;
	for (int l = 0; l < 16; l++)
		in->seeds[l] = (uint32_t)tl_rand();
	in->keylen = 1 + tl_rand() % 64;
}

static void expected(const struct simd_in *in, int64_t want[SIMD_NR], uint32_t h16[16])
{
	want[SIMD_MATCH16_32] = ref_match(in->bucket, 64, in->value, 2);
	want[SIMD_MATCH32_16] = ref_match(in->bucket, 64, in->value, 4);
	want[SIMD_MATCH64_8] = ref_match(in->bucket, 64, in->value, 8);
	want[SIMD_MATCH32_32] = ref_match(in->bucket, 128, in->value, 4);
	want[SIMD_FIND16_16] = ref_find(in->bucket, 32, in->value, 2);
	want[SIMD_FIND32_32] = ref_find(in->bucket, 128, in->value, 4);
	want[SIMD_FIND64_16] = ref_find(in->bucket, 128, in->value, 8);
	want[SIMD_KEY_FIND16] = ref_key_find(in->key, 16, in->keys, SIMD_KEYS);
	want[SIMD_KEY_FIND32] = ref_key_find(in->key, 32, in->keys, SIMD_KEYS);
	want[SIMD_KEY_FIND64] = ref_key_find(in->key, 64, in->keys, SIMD_KEYS);
	want[SIMD_KEY_EQ32] = ref_key_eq(in->key, 32, in->keys, 32);
	want[SIMD_HASH16] = 16;
	want[SIMD_HASH8] = 8;
	for (int l = 0; l < 16; l++)
		h16[l] = ref_hash_lane(in->key, in->keylen, in->seeds[l]);
}

static void simd_one(struct simd_calls *skel, struct bpf_program *prog, uint32_t ok_verdict,
		     bool avx2, const char *name)
{
	static const char *const mode_name[SIMD_MODES] = { "outside", "inside", "nested" };
	static uint8_t pkt[64] = { 0x02, [12] = 0x88, [13] = 0xb5 };
	int in_fd = bpf_map__fd(skel->maps.simd_in), out_fd = bpf_map__fd(skel->maps.simd_out);
	unsigned int hits = 0;
	char label[200];
	uint32_t zero = 0;

	tl_errors = 0;
	for (int run = 0; run < SIMD_RUNS && tl_errors < 5; run++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
			    .repeat = 1);
		struct simd_in in;
		struct simd_out out;
		int64_t want[SIMD_NR];
		uint32_t h16[16];

		memset(&in, 0, sizeof(in));
		memset(&out, 0, sizeof(out));
		make_input(&in);
		expected(&in, want, h16);
		if (!CHECK(!bpf_map_update_elem(in_fd, &zero, &in, 0) &&
			   !bpf_map_update_elem(out_fd, &zero, &out, 0), "map update: %s",
			   strerror(errno)))
			break;
		if (!CHECK(!bpf_prog_test_run_opts(bpf_program__fd(prog), &opts),
			   "test run: %s", strerror(errno)))
			break;
		CHECK_EQ("verdict", opts.retval, ok_verdict);
		if (!CHECK(!bpf_map_lookup_elem(out_fd, &zero, &out), "map lookup: %s",
			   strerror(errno)))
			break;
		for (int m = 0; m < SIMD_MODES; m++) {
			for (int c = 0; c < SIMD_NR; c++)
				CHECK(out.r[m][c] == want[c], "%s, call %d: got %lld, want %lld",
				      mode_name[m], c, (long long)out.r[m][c], (long long)want[c]);
			CHECK(!memcmp(out.h16[m], h16, sizeof(h16)), "%s: 16-lane hashes differ", mode_name[m]);
			CHECK(!memcmp(out.h8[m], h16, sizeof(out.h8[m])), "%s: 8-lane hashes differ", mode_name[m]);
		}
		CHECK_EQ("active inside", out.active[SIMD_INSIDE], avx2);
		CHECK_EQ("active nested", out.active[SIMD_NESTED], avx2);
		CHECK_EQ("depth inside", out.depth[SIMD_INSIDE], 1);
		CHECK_EQ("depth nested", out.depth[SIMD_NESTED], 2);
		CHECK_EQ("outer depth after inner exit", out.depth_after_inner, 1);
		for (int c = 0; c < SIMD_KEY_EQ32; c++)
			hits += want[c] > 0;
	}
	snprintf(label, sizeof(label),
		 "[%s] simd section %s: %d random inputs, %d calls x 3 (outside, inside, nested) vs reference, %u hits, section %s",
		 test_mode, name, SIMD_RUNS, SIMD_NR, hits, avx2 ? "holds AVX2" : "generic");
	tl_result("%s", label);
}

void test_simd(void)
{
	struct simd_calls *skel = simd_calls__open_and_load();
	bool avx2 = strcmp(test_mode, "generic") && cpu_has_flag("avx2");

	tl_errors = 0;
	if (!CHECK(skel, "simd_calls: open/load failed")) {
		tl_result("simd sections: programs load");
		return;
	}
	simd_one(skel, skel->progs.xdp_simd_calls, 2 /* XDP_PASS */, avx2, "xdp");
	simd_one(skel, skel->progs.tc_simd_calls, 0, avx2, "tc");
	simd_calls__destroy(skel);
}
