// SPDX-License-Identifier: GPL-2.0
/*
 * test_hash.c - enetstl_hash_multi() through BPF_PROG_TEST_RUN from XDP and
 * TC: random keys (packet, map value, stack), lane counts 0..16 and seeds,
 * every lane against the one-lane model tests/ref/ref_hash.h.
 */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "runner.h"
#include "test_common.h"
#include "ref_hash.h"
#include "hash_calls.skel.h"

#define HASH_RUNS	2000

static const uint32_t pkt_lens[] = HASH_PKT_LENS;

static void hash_one(struct bpf_program *prog, uint32_t ok_verdict, const char *name)
{
	static uint8_t in[sizeof(struct hash_req) + HASH_MAX_KEY], out[sizeof(in) + 64];
	struct hash_req *req = (void *)in, *res = (void *)out;
	unsigned int lanes_checked = 0;
	char label[160];

	tl_errors = 0;
	for (int run = 0; run < HASH_RUNS && tl_errors < 5; run++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_out = out,
			    .data_size_out = sizeof(out), .repeat = 1);
		uint32_t r = tl_rand() % 100, avail;

		memset(in, 0, sizeof(*req));
		req->eth[0] = 0x02; req->eth[12] = 0x88; req->eth[13] = 0xb5;
		req->kind = r < 30 ? MEM_PACKET : r < 70 ? MEM_MAP : MEM_STACK;
		req->len = req->kind == MEM_PACKET ? pkt_lens[tl_rand() % 7] :
			   req->kind == MEM_MAP ? tl_rand() % (HASH_MAX_KEY + 1) :
			   tl_rand() % (HASH_STACK_KEY + 1);
		req->lanes = tl_rand() % 12 == 0 ? 0 : 1 + tl_rand() % 16;
		for (int l = 0; l < 16; l++)
			req->hashes[l] = (uint32_t)tl_rand();
		tl_rand_bytes(req->data, HASH_MAX_KEY);
		avail = req->kind == MEM_STACK ? HASH_STACK_KEY : req->len;
		opts.data_size_in = sizeof(*req) + avail;
		if (!CHECK(!bpf_prog_test_run_opts(bpf_program__fd(prog), &opts),
			   "test run: %s", strerror(errno)))
			break;
		CHECK_EQ("verdict", opts.retval, ok_verdict);
		if (!CHECK_EQ("status", res->status, STATUS_OK))
			continue;
		if (!req->lanes) {
			CHECK_EQ("0 lanes: -EINVAL", res->result, -22);
			CHECK(!memcmp(res->hashes, req->hashes, sizeof(req->hashes)),
			      "hashes changed by a refused call");
			continue;
		}
		CHECK_EQ("return value: lane count", res->result, req->lanes);
		for (uint32_t l = 0; l < 16; l++) {
			uint32_t want = l < req->lanes ?
					ref_hash_lane(req->data, req->len, req->hashes[l]) : req->hashes[l];

			CHECK(res->hashes[l] == want, "kind %u len %u lanes %u lane %u: %#x, want %#x",
			      req->kind, req->len, req->lanes, l, res->hashes[l], want);
		}
		lanes_checked += req->lanes;
	}
	snprintf(label, sizeof(label), "[%s] %s: %d random keys, %u lanes vs one-lane model",
		 test_mode, name, HASH_RUNS, lanes_checked);
	tl_result("%s", label);
}

void test_hash(void)
{
	struct hash_calls *skel = hash_calls__open_and_load();

	if (!skel) {
		tl_errors = 1;
		tl_result("[load] hash_calls.bpf.o loads (XDP, TC)");
		return;
	}
	hash_one(skel->progs.xdp_hash_multi, 2, "hash_multi xdp");
	hash_one(skel->progs.tc_hash_multi, 0, "hash_multi tc");
	hash_calls__destroy(skel);
}
