// SPDX-License-Identifier: GPL-2.0
/*
 * test_kfuncs.c - randomized BPF_PROG_TEST_RUN tests of every kfunc from XDP,
 * TC and SYSCALL programs, checked against tests/ref models.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <enetstl/hash.h>
#include "runner.h"
#include "test_common.h"
#include "ref_bitops.h"
#include "ref_crc32c.h"
#include "kfunc_calls.skel.h"

#define BITOPS_RUNS	300	/* x BITOPS_BATCH words per program type */
#define DATA_RUNS	1500	/* requests per program type and kfunc */

static const uint32_t pkt_lens[] = PKT_LENS;

static uint64_t random_word(void)
{
	uint64_t w = tl_rand();

	switch (tl_rand() % 5) {
	case 0: return w & tl_rand() & tl_rand();
	case 1: return 1ull << (w % 64);
	case 2: return w >> (tl_rand() % 64);
	case 3: return tl_rand() % 4 ? w << (tl_rand() % 64) : 0;
	default: return w;
	}
}

static int run_prog(int fd, void *in, uint32_t in_len, void *out, uint32_t out_len,
		    uint32_t *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .data_in = in, .data_size_in = in_len,
		    .data_out = out, .data_size_out = out_len,
		    .repeat = 1);
	int err = bpf_prog_test_run_opts(fd, &opts);

	*retval = opts.retval;
	return err ? -errno : 0;
}

static void fill_eth(uint8_t eth[14])
{
	memset(eth, 0, 14);
	eth[0] = 0x02;		/* locally administered unicast */
	eth[6] = 0x02;
	eth[12] = 0x88;		/* local experimental ethertype */
	eth[13] = 0xb5;
}

static void bitops_one(struct kfunc_calls *skel, struct bpf_program *prog,
		       uint32_t ok_verdict, const char *name)
{
	struct bitops_req req, out;
	int fd = bpf_program__fd(prog);
	char label[128];

	(void)skel;
	tl_errors = 0;
	for (int run = 0; run < BITOPS_RUNS && tl_errors < 5; run++) {
		uint32_t retval;

		memset(&req, 0, sizeof(req));
		fill_eth(req.eth);
		/* first the edges: zero, all ones, a zero low half, the top bit */
		static const uint64_t edges[] = { 0, ~0ull, 0xffffffff00000000ull, 1ull << 63, 1 };

		for (int i = 0; i < BITOPS_BATCH; i++)
			req.in[i] = run == 0 && i < (int)(sizeof(edges) / sizeof(edges[0])) ?
				    edges[i] : random_word();
		if (!CHECK_EQ("test run", run_prog(fd, &req, sizeof(req), &out, sizeof(out), &retval), 0))
			break;
		CHECK_EQ("verdict", retval, ok_verdict);
		for (int i = 0; i < BITOPS_BATCH; i++) {
			uint64_t w = req.in[i];
			uint32_t v = (uint32_t)w;
			const uint32_t want[OP_NR] = {
				ref_ffs(v, 32), ref_fls(v, 32), ref_ctz(v, 32),
				ref_clz(v, 32), ref_popcount(v),
				ref_ffs(w, 64), ref_fls(w, 64), ref_ctz(w, 64),
				ref_clz(w, 64), ref_popcount(w),
			};
			static const char *const names[OP_NR] = {
				"ffs32", "fls32", "ctz32", "clz32", "popcount32",
				"ffs64", "fls64", "ctz64", "clz64", "popcount64",
			};

			for (int op = 0; op < OP_NR; op++)
				CHECK(out.out[i][op] == want[op], "%s(%#llx): got %u, want %u",
				      names[op], (unsigned long long)w, out.out[i][op], want[op]);
		}
	}
	snprintf(label, sizeof(label), "[%s] %s: %d random words, 10 ops each vs reference",
		 test_mode, name, BITOPS_RUNS * BITOPS_BATCH);
	tl_result("%s", label);
}

void test_bitops(void)
{
	struct kfunc_calls *skel = kfunc_calls__open_and_load();

	if (!skel) {
		tl_errors = 1;
		printf("  kfunc_calls: open/load failed: %s\n", strerror(errno));
		tl_result("[load] kfunc_calls.bpf.o loads (XDP, TC, SYSCALL programs)");
		return;
	}
	bitops_one(skel, skel->progs.xdp_bitops, 2 /* XDP_PASS */, "bitops xdp");
	bitops_one(skel, skel->progs.tc_bitops, 0 /* TC_ACT_OK */, "bitops tc");
	kfunc_calls__destroy(skel);
}

/* One random request for the CRC or bitmap program; returns the expected result. */
struct data_case {
	uint32_t kind, len, arg, avail;	/* avail: data bytes actually sent */
	uint32_t want_status;
	int32_t want;
};

static void make_case(struct data_case *c, uint8_t *data, bool bitmap)
{
	uint32_t r = tl_rand() % 100;

	c->kind = r < 40 ? MEM_PACKET : r < 80 ? MEM_MAP : MEM_STACK;
	if (c->kind == MEM_PACKET)
		c->len = pkt_lens[tl_rand() % (sizeof(pkt_lens) / sizeof(pkt_lens[0]))];
	else if (c->kind == MEM_MAP)
		c->len = tl_rand() % 8 == 0 ? (uint32_t)(tl_rand() % 4) : (uint32_t)(tl_rand() % (MAX_DATA + 1));
	else
		c->len = tl_rand() % (STACK_LEN + 1);
	c->avail = c->len;
	if (c->kind == MEM_STACK)
		c->avail = STACK_LEN;	/* the program copies a full stack buffer */
	if (tl_rand() % 20 == 0 && c->avail) {
		c->avail -= 1 + tl_rand() % c->avail;	/* truncated packet */
	}
	if (bitmap) {
		/* Sparse bitmaps, so that the first set bit lands anywhere. */
		memset(data, 0, MAX_DATA);
		for (int k = tl_rand() % 4; k > 0; k--) {
			uint32_t bit = tl_rand() % (MAX_DATA * 8);

			data[bit / 8] |= 1 << (bit % 8);
		}
		if (tl_rand() % 10 == 0)
			tl_rand_bytes(data, MAX_DATA);
		c->arg = tl_rand() % 2 ? 0 : (uint32_t)(tl_rand() % (c->len * 8 + 16));
	} else {
		tl_rand_bytes(data, MAX_DATA);
		c->arg = (uint32_t)tl_rand();
	}
	c->want_status = c->avail < c->len || (c->kind == MEM_STACK && c->avail < STACK_LEN) ?
			 STATUS_SHORT : STATUS_OK;
	if (bitmap)
		c->want = ref_bitmap_ffs(data, c->len, c->arg);
	else
		c->want = (int32_t)ref_crc32c(c->arg, data, c->len);
}

static void data_one(struct bpf_program *prog, uint32_t ok_verdict, bool bitmap,
		     const char *name)
{
	static uint8_t in[sizeof(struct data_req) + MAX_DATA], out[sizeof(in) + 64];
	struct data_req *req = (void *)in, *res = (void *)out;
	uint8_t data[MAX_DATA];
	unsigned int per_kind[3] = { 0 }, shorts = 0;
	int fd = bpf_program__fd(prog);
	char label[160];

	tl_errors = 0;
	for (int run = 0; run < DATA_RUNS && tl_errors < 5; run++) {
		struct data_case c;
		uint32_t retval;

		make_case(&c, data, bitmap);
		memset(in, 0, sizeof(*req));
		fill_eth(req->eth);
		req->kind = c.kind;
		req->len = c.len;
		req->arg = c.arg;
		memcpy(req->data, data, c.avail);
		if (!CHECK_EQ("test run", run_prog(fd, in, sizeof(*req) + c.avail, out,
						   sizeof(out), &retval), 0))
			break;
		CHECK_EQ("verdict", retval, ok_verdict);
		per_kind[c.kind]++;
		if (!CHECK(res->status == c.want_status,
			   "kind %u len %u avail %u: status %u, want %u", c.kind, c.len,
			   c.avail, res->status, c.want_status))
			continue;
		if (c.want_status != STATUS_OK) {
			shorts++;
			continue;
		}
		CHECK(res->result == c.want, "kind %u len %u arg %#x: got %d (%#x), want %d (%#x)",
		      c.kind, c.len, c.arg, res->result, res->result, c.want, c.want);
	}
	snprintf(label, sizeof(label),
		 "[%s] %s: %d random requests (packet %u, map %u, stack %u; %u truncated) vs reference",
		 test_mode, name, DATA_RUNS, per_kind[0], per_kind[1], per_kind[2], shorts);
	tl_result("%s", label);
}

static void fixed_crc_vectors(struct bpf_program *prog, uint32_t ok_verdict, const char *name)
{
	static const struct ref_crc32c_vector v[] = REF_CRC32C_VECTORS;
	uint8_t in[sizeof(struct data_req) + 64], out[sizeof(in) + 64];
	struct data_req *req = (void *)in, *res = (void *)out;
	char label[128];

	tl_errors = 0;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint32_t retval;

		memset(in, 0, sizeof(in));
		fill_eth(req->eth);
		req->kind = MEM_MAP;
		req->len = v[i].len;
		req->arg = ~0u;
		memcpy(req->data, v[i].data, v[i].len);
		if (!CHECK_EQ("test run", run_prog(bpf_program__fd(prog), in,
						   sizeof(*req) + v[i].len, out, sizeof(out),
						   &retval), 0))
			break;
		CHECK_EQ("verdict", retval, ok_verdict);
		CHECK(~(uint32_t)res->result == v[i].crc, "%s: got %#x, want %#x",
		      v[i].name, ~(uint32_t)res->result, v[i].crc);
	}
	snprintf(label, sizeof(label), "[%s] %s: published CRC-32C check values", test_mode, name);
	tl_result("%s", label);
}

void test_crc32c(void)
{
	struct kfunc_calls *skel = kfunc_calls__open_and_load();

	if (!skel)
		return;	/* reported by test_bitops */
	fixed_crc_vectors(skel->progs.xdp_crc32c, 2, "crc32c xdp");
	data_one(skel->progs.xdp_crc32c, 2, false, "crc32c xdp");
	data_one(skel->progs.tc_crc32c, 0, false, "crc32c tc");
	kfunc_calls__destroy(skel);
}

void test_bitmap_ffs(void)
{
	struct kfunc_calls *skel = kfunc_calls__open_and_load();

	if (!skel)
		return;
	data_one(skel->progs.xdp_bitmap_ffs, 2, true, "bitmap_ffs xdp");
	data_one(skel->progs.tc_bitmap_ffs, 0, true, "bitmap_ffs tc");
	kfunc_calls__destroy(skel);
}

void test_syscall_prog(void)
{
	struct kfunc_calls *skel = kfunc_calls__open_and_load();
	char label[128];

	if (!skel)
		return;
	tl_errors = 0;
	for (int run = 0; run < 500 && tl_errors < 5; run++) {
		struct syscall_ctx c = { .x = random_word(), .seed = (uint32_t)tl_rand() };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &c, .ctx_size_in = sizeof(c));
		uint64_t w = c.x;
		uint32_t v = (uint32_t)w;

		if (tl_rand() % 2)
			tl_rand_bytes(c.buf, sizeof(c.buf));
		else
			c.buf[tl_rand() % sizeof(c.buf)] = 1 << (tl_rand() % 8);
		c.start = tl_rand() % (STACK_LEN * 8 + 8);
		if (!CHECK_EQ("test run", bpf_prog_test_run_opts(
				bpf_program__fd(skel->progs.syscall_kfuncs), &opts) ? -errno : 0, 0))
			break;
		CHECK_EQ("ffs32", c.ops[OP_FFS32], ref_ffs(v, 32));
		CHECK_EQ("fls32", c.ops[OP_FLS32], ref_fls(v, 32));
		CHECK_EQ("ctz32", c.ops[OP_CTZ32], ref_ctz(v, 32));
		CHECK_EQ("clz32", c.ops[OP_CLZ32], ref_clz(v, 32));
		CHECK_EQ("popcount32", c.ops[OP_POP32], ref_popcount(v));
		CHECK_EQ("ffs64", c.ops[OP_FFS64], ref_ffs(w, 64));
		CHECK_EQ("fls64", c.ops[OP_FLS64], ref_fls(w, 64));
		CHECK_EQ("ctz64", c.ops[OP_CTZ64], ref_ctz(w, 64));
		CHECK_EQ("clz64", c.ops[OP_CLZ64], ref_clz(w, 64));
		CHECK_EQ("popcount64", c.ops[OP_POP64], ref_popcount(w));
		CHECK_EQ("crc32c", c.crc, ref_crc32c(c.seed, c.buf, sizeof(c.buf)));
		CHECK_EQ("bitmap_ffs", c.ffs, ref_bitmap_ffs(c.buf, sizeof(c.buf), c.start));
	}
	snprintf(label, sizeof(label), "[%s] syscall program: 500 random contexts, all kfuncs", test_mode);
	tl_result("%s", label);
	kfunc_calls__destroy(skel);
}

/* A loaded program that calls the kfuncs must keep the module from unloading. */
void test_module_pinned(void)
{
	struct kfunc_calls *skel = kfunc_calls__open_and_load();
	int err;

	tl_errors = 0;
	if (!CHECK(skel, "kfunc_calls load failed"))
		goto out;
	err = mod_unload("enetstl", 0);
	CHECK(err == -EWOULDBLOCK || err == -EBUSY,
	      "rmmod with a program using the kfuncs: got %d (%s), want EBUSY/EWOULDBLOCK",
	      err, strerror(-err));
	kfunc_calls__destroy(skel);
out:
	tl_result("module: rmmod refused while a BPF program uses its kfuncs");
}

/*
 * NULL from an unchecked map lookup reaches the kfuncs: defined results, no
 * crash. From 7.x the verifier refuses the program instead (pointer
 * arguments are trusted by default); that is the other documented outcome.
 */
void test_null_mem(void)
{
	struct kfunc_calls *skel = kfunc_calls__open();
	static const uint8_t zeros[64];
	static char log[16384];
	char label[160];
	int err;

	if (!skel)
		return;
	tl_errors = 0;
	bpf_program__set_autoload(skel->progs.syscall_null_mem, true);
	bpf_program__set_log_buf(skel->progs.syscall_null_mem, log, sizeof(log));
	err = kfunc_calls__load(skel);
	if (err) {
		size_t n = strlen(log);

		if (CHECK(strstr(log, "Possibly NULL pointer passed to trusted R1"),
			  "load failed (%d), and not for the maybe-NULL argument; log ends: %s", err,
			  log + (n > 600 ? n - 600 : 0)))
			snprintf(label, sizeof(label),
				 "[%s] NULL map value as memory: the verifier refuses it (7.x)", test_mode);
		else
			snprintf(label, sizeof(label),
				 "[%s] NULL map value as memory: load failed (%d) for another reason", test_mode, err);
		tl_result("%s", label);
		kfunc_calls__destroy(skel);
		return;
	}
	{	/* valid sketch headers: a NULL key must be refused, not reached past them */
		static uint8_t sk[4096];
		struct enetstl_cm_hdr *h = (void *)sk;
		struct enetstl_cm_crc_hdr *hc = (void *)sk;
		uint32_t i = 0;

		h->rows = 2;
		h->cols = 2;
		CHECK(!bpf_map_update_elem(bpf_map__fd(skel->maps.null_mem_sketch), &i, sk, 0),
		      "sketch 0: %s", strerror(errno));
		memset(sk, 0, sizeof(sk));
		hc->rows = 2;
		hc->cols_log = 1;
		i = 1;
		CHECK(!bpf_map_update_elem(bpf_map__fd(skel->maps.null_mem_sketch), &i, sk, 0),
		      "sketch 1: %s", strerror(errno));
	}
	for (uint32_t key = 0; key < 2; key++) {
		struct null_mem_ctx c = { .key = key ? 7 : 0, .seed = 0xabcdef01 };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &c, .ctx_size_in = sizeof(c));

		if (!CHECK_EQ("test run", bpf_prog_test_run_opts(
				bpf_program__fd(skel->progs.syscall_null_mem), &opts) ? -errno : 0, 0))
			break;
		CHECK_EQ("lookup result was NULL", c.was_null, key);
		CHECK_EQ("crc32c", c.crc, key ? c.seed : ref_crc32c(c.seed, zeros, 64));
		CHECK_EQ("crc32c_flow", c.crc_flow, key ? c.seed : ref_crc32c(c.seed, zeros, 40));
		CHECK_EQ("bitmap_ffs", c.ffs, key ? -EINVAL : -ENOENT);
		if (!key) {	/* the sketches are real: the NULL run below meets the key */
			CHECK_EQ("cm_update of a real key", c.cm_key, 1);
			CHECK_EQ("cm_crc_update of a real key", c.cm_crc_key, 1);
			CHECK_EQ("cm_crc_flow of a real key", c.cm_crc_flow_key, 2);
			CHECK_EQ("cffs_push to a real queue", c.cffs_push, 0);
			CHECK_EQ("cffs_pop_min of a real queue", c.cffs_pop, 5);
			CHECK_EQ("cffs_push_pop_min of an empty real queue", c.cffs_pushpop, 9);
			/* push(tick 0), release(now 0, steps 1), push_release(tick 1, now 1, steps 2) */
			CHECK_EQ("wheel_push to a real wheel", c.wheel_push, 0);
			CHECK_EQ("wheel_release of a real wheel", c.wheel_release, 1);
			CHECK_EQ("wheel_release: out[0]", c.wheel_release_out, 0xabull << 32);
			CHECK_EQ("wheel_push_release of a real wheel", c.wheel_pushrelease, 1);
			CHECK_EQ("wheel_push_release: out[0]", c.wheel_pushrelease_out, 9ull << 32 | 1);
			continue;
		}
		CHECK_EQ("match16", c.match16, -EINVAL);
		CHECK_EQ("find32", c.find32, -EINVAL);
		CHECK_EQ("key_eq", c.key_eq, -EINVAL);
		CHECK_EQ("key_find", c.key_find, -EINVAL);
		CHECK_EQ("hash_multi", c.hash_multi, -EINVAL);
		CHECK_EQ("cm_update, NULL key", c.cm_key, -EINVAL);
		CHECK_EQ("cm_update, NULL sketch", c.cm_sketch, -EINVAL);
		CHECK_EQ("cm_crc_update, NULL key", c.cm_crc_key, -EINVAL);
		CHECK_EQ("cm_crc_update, NULL sketch", c.cm_crc_sketch, -EINVAL);
		CHECK_EQ("cm_crc_flow, NULL key", c.cm_crc_flow_key, -EINVAL);
		CHECK_EQ("cm_crc_flow, NULL sketch", c.cm_crc_flow_sketch, -EINVAL);
		CHECK_EQ("geo_init", c.geo_init, -EINVAL);
		CHECK_EQ("geo_skip", c.geo_skip, -EINVAL);
		CHECK_EQ("geo_sample", c.geo_sample, -EINVAL);
		CHECK_EQ("cuckoo_flow_find, NULL key", c.cuckoo_key, -EINVAL);
		CHECK_EQ("cuckoo_flow_find, NULL table", c.cuckoo_table, -EINVAL);
		CHECK_EQ("cffs_push, NULL queue", c.cffs_push, -EINVAL);
		CHECK_EQ("cffs_pop_min, NULL queue", c.cffs_pop, -EINVAL);
		CHECK_EQ("cffs_push_pop_min, NULL queue", c.cffs_pushpop, -EINVAL);
		CHECK_EQ("wheel_push, NULL wheel", c.wheel_push, -EINVAL);
		CHECK_EQ("wheel_release, NULL wheel", c.wheel_release, -EINVAL);
		CHECK_EQ("wheel_push_release, NULL wheel", c.wheel_pushrelease, -EINVAL);
	}
	snprintf(label, sizeof(label),
		 "[%s] NULL map value as memory: crc32c and crc32c_flow return the seed, the other 23 calls -EINVAL",
		 test_mode);
	tl_result("%s", label);
	kfunc_calls__destroy(skel);
}
