// SPDX-License-Identifier: GPL-2.0
/*
 * test_compare.c - the parallel compare kfuncs through BPF_PROG_TEST_RUN from
 * XDP and TC: random buckets, keys and sizes (valid and not) in the packet, a
 * map value and the stack, against tests/ref/ref_compare.h.
 */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "runner.h"
#include "test_common.h"
#include "ref_compare.h"
#include "compare_calls.skel.h"

#define CMP_RUNS	3000

static const uint32_t pkt_sizes[] = CMP_PKT_SIZES;

struct cmp_case {
	struct cmp_req req;
	uint8_t data[CMP_MAX_SIZE + CMP_MAX_SIZE2];
	uint32_t len;		/* data bytes sent */
	uint32_t want_status;
	int64_t want;
};

static uint32_t op_width(uint32_t op)
{
	return 2u << (op % 3);
}

/* Expected status, mirroring the program's own rules (compare_calls.bpf.c). */
static uint32_t expect_status(const struct cmp_req *r)
{
	bool key = r->op >= CMP_KEY_EQ;
	uint32_t total = r->size + (key ? r->size2 : 0);

	if (!r->size || r->size > CMP_MAX_SIZE || r->size2 > CMP_MAX_SIZE2)
		return STATUS_BADLEN;
	if (r->kind == MEM_PACKET) {
		if (!key) {
			for (size_t i = 0; i < sizeof(pkt_sizes) / sizeof(pkt_sizes[0]); i++)
				if (r->size == pkt_sizes[i])
					return STATUS_OK;
			return STATUS_BADLEN;
		}
		return r->op == CMP_KEY_EQ && r->size == r->size2 &&
		       (r->size == 16 || r->size == 32 || r->size == 64) ? STATUS_OK : STATUS_BADLEN;
	}
	if (r->kind == MEM_STACK) {
		if (total > CMP_STACK)
			return STATUS_BADLEN;
		if (key && (r->size2 > CMP_STACK - CMP_MAX_SIZE / 4 || r->size > CMP_MAX_SIZE / 4))
			return STATUS_BADLEN;
	}
	return STATUS_OK;
}

static void make_case(struct cmp_case *c)
{
	static const uint32_t key_sizes[] = { 16, 32, 64 };
	struct cmp_req *r = &c->req;
	uint32_t pick = tl_rand() % 100;

	memset(c, 0, sizeof(*c));
	r->eth[0] = 0x02; r->eth[12] = 0x88; r->eth[13] = 0xb5;
	r->op = tl_rand() % CMP_NR;
	r->kind = pick < 30 ? MEM_PACKET : pick < 70 ? MEM_MAP : MEM_STACK;
	if (r->op < CMP_KEY_EQ) {
		uint32_t w = op_width(r->op), n = 8u << (tl_rand() % 3);
		uint64_t pool[3];

		r->size = tl_rand() % 10 == 0 ? 1 + tl_rand() % CMP_MAX_SIZE : n * w;
		if (r->kind == MEM_PACKET && tl_rand() % 2)
			r->size = pkt_sizes[tl_rand() % 5];
		if (r->size > CMP_MAX_SIZE)
			r->size = CMP_MAX_SIZE;
		for (int i = 0; i < 3; i++)
			pool[i] = tl_rand() & (w == 8 ? ~0ull : (1ull << (8 * w)) - 1);
		for (uint32_t i = 0; i + w <= r->size; i += w) {
			uint64_t e = tl_rand() % 3 ? pool[tl_rand() % 3] : tl_rand();

			memcpy(c->data + i, &e, w);
		}
		r->value = tl_rand() % 4 ? pool[tl_rand() % 3] : tl_rand();
		/* a value wider than the entries whose low bits are in the bucket: no match */
		if (w < 8 && tl_rand() % 8 == 0)
			r->value = pool[tl_rand() % 3] | 1ull << (8 * w + tl_rand() % (64 - 8 * w));
		c->len = r->size;
	} else {
		uint32_t ks = tl_rand() % 12 == 0 ? 8 + 8 * (tl_rand() % 9) : key_sizes[tl_rand() % 3];
		uint32_t n = r->op == CMP_KEY_EQ ? 1 : 1 + tl_rand() % (tl_rand() % 8 ? 32 : 34);
		uint32_t at;

		if (r->kind == MEM_STACK && r->op == CMP_KEY_FIND)
			n = 1 + tl_rand() % (192 / ks);	/* what fits the stack area */
		r->size = ks;
		r->size2 = ks * n;
		if (tl_rand() % 15 == 0)
			r->size2 += 1 + tl_rand() % 7;	/* not a whole number of keys */
		if (r->size2 > CMP_MAX_SIZE2)
			r->size2 = CMP_MAX_SIZE2;
		for (uint32_t i = 0; i < r->size + r->size2; i++)
			c->data[i] = (uint8_t)(tl_rand() % 3);
		at = tl_rand() % n;
		if (r->size + (at + 1) * ks <= r->size + r->size2)
			memcpy(c->data, c->data + r->size + at * ks, ks);
		if (tl_rand() % 3 == 0)
			c->data[tl_rand() % ks] ^= 1 << (tl_rand() % 8);
		c->len = r->size + r->size2;
	}
	c->want_status = expect_status(r);
	switch (r->op) {
	case CMP_MATCH16: case CMP_MATCH32: case CMP_MATCH64:
		c->want = ref_match(c->data, r->size, r->value, op_width(r->op));
		break;
	case CMP_FIND16: case CMP_FIND32: case CMP_FIND64:
		c->want = ref_find(c->data, r->size, r->value, op_width(r->op));
		break;
	case CMP_KEY_EQ:
		c->want = ref_key_eq(c->data, r->size, c->data + r->size, r->size2);
		break;
	default:
		c->want = ref_key_find(c->data, r->size, c->data + r->size, r->size2);
	}
	/* A wide value in a narrow bucket matches nothing, whatever the entries. */
	if (r->op < CMP_KEY_EQ && op_width(r->op) < 8 && r->value >> (8 * op_width(r->op)) &&
	    c->want >= 0)
		c->want = r->op < CMP_FIND16 ? 0 : -2;
}

static void compare_one(struct bpf_program *prog, uint32_t ok_verdict, const char *name)
{
	static struct cmp_case c;
	static uint8_t out[sizeof(c) + 64];
	struct cmp_req *res = (void *)out;
	unsigned int ok = 0, rejected = 0;
	char label[160];

	tl_errors = 0;
	for (int run = 0; run < CMP_RUNS && tl_errors < 5; run++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = &c,
			    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);

		make_case(&c);
		opts.data_size_in = sizeof(c.req) + c.len;
		if (!CHECK(!bpf_prog_test_run_opts(bpf_program__fd(prog), &opts),
			   "test run: %s", strerror(errno)))
			break;
		CHECK_EQ("verdict", opts.retval, ok_verdict);
		if (!CHECK(res->status == c.want_status, "op %u kind %u size %u/%u: status %u, want %u",
			   c.req.op, c.req.kind, c.req.size, c.req.size2, res->status, c.want_status))
			continue;
		if (c.want_status != STATUS_OK)
			continue;
		CHECK(res->result == c.want, "op %u kind %u size %u/%u value %#llx: got %lld, want %lld",
		      c.req.op, c.req.kind, c.req.size, c.req.size2,
		      (unsigned long long)c.req.value, (long long)res->result, (long long)c.want);
		ok++;
		rejected += c.want < 0;
	}
	snprintf(label, sizeof(label),
		 "[%s] %s: %d random requests (%u checked, %u with an error result) vs reference",
		 test_mode, name, CMP_RUNS, ok, rejected);
	tl_result("%s", label);
}

void test_compare(void)
{
	struct compare_calls *skel = compare_calls__open_and_load();

	if (!skel) {
		tl_errors = 1;
		tl_result("[load] compare_calls.bpf.o loads (XDP, TC)");
		return;
	}
	compare_one(skel->progs.xdp_compare, 2, "compare xdp");
	compare_one(skel->progs.tc_compare, 0, "compare tc");
	compare_calls__destroy(skel);
}
