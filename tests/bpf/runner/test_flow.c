// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow.c - enetstl_flow_parse() in the kernel and
 * enetstl_flow_parse_inline() in a program, on frames run through
 * BPF_PROG_TEST_RUN, against the reference of tests/ref/ref_flow.h: the
 * class of every frame and, for flow packets, all 40 key bytes. (Frames
 * below 14 bytes, which BPF_PROG_TEST_RUN refuses, are the unit test's.)
 */
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <enetstl/flow.h>
#include "runner.h"
#include "test_common.h"
#include "ref_flow.h"
#include "ref_crc32c.h"
#include "flow_calls.skel.h"

#define FLOW_FRAMES 3000

static uint32_t rnd32(void)
{
	return (uint32_t)tl_rand();
}

/* Run @p on @len bytes of @f; Return: 0 and *@o, or -errno. */
static int run(struct flow_calls *skel, struct bpf_program *p, const uint8_t *f, size_t len,
	       struct flow_out *o)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = f, .data_size_in = (uint32_t)len);
	uint32_t zero = 0;

	if (bpf_prog_test_run_opts(bpf_program__fd(p), &opts))
		return -errno;
	if (opts.retval != XDP_PASS)
		return -EIO;
	return bpf_map_lookup_elem(bpf_map__fd(skel->maps.flow_out), &zero, o) ? -errno : 0;
}

/* One frame through both programs; Return: the reference class. */
static int check_frame(struct flow_calls *skel, const uint8_t *f, size_t len)
{
	struct bpf_program *progs[] = { skel->progs.xdp_flow_kfunc, skel->progs.xdp_flow_inline };
	static const char *const names[] = { "kfunc", "inline" };
	struct ref_flow_key r;
	int want = ref_flow_parse(f, len, &r);

	for (int i = 0; i < 2; i++) {
		struct flow_out o;
		int err = run(skel, progs[i], f, len, &o);

		if (!CHECK(!err, "%s: test run of %zu bytes: %s", names[i], len, strerror(-err)))
			continue;
		CHECK(o.class == want, "%s: %zu-byte frame: class %d, reference %d", names[i], len,
		      o.class, want);
		if (o.class == want && want == REF_FLOW_L4)
			CHECK(!memcmp(o.key, r.b, sizeof(r.b)),
			      "%s: %zu-byte frame: key differs from the reference", names[i], len);
		/* whatever the class, the key as stored: its CRC-32C both ways */
		CHECK(o.crc_flow == ref_crc32c(FLOW_CRC_SEED, o.key, sizeof(o.key)) &&
		      o.crc_len == o.crc_flow,
		      "%s: %zu-byte frame: crc32c_flow %#x, crc32c %#x, reference %#x", names[i], len,
		      o.crc_flow, o.crc_len, ref_crc32c(FLOW_CRC_SEED, o.key, sizeof(o.key)));
	}
	return want;
}

/*
 * A key that may be NULL (a map lookup): 6.x verifiers let it through
 * and the kfunc must return -EINVAL for NULL, write nothing and read
 * nothing; 7.x refuses the program.
 */
static void test_flow_null_key(void)
{
	struct flow_calls *skel = flow_calls__open();
	static char log[16384];
	char label[160];
	uint8_t f[64];
	int err;

	if (!skel)
		return;
	tl_errors = 0;
	bpf_program__set_autoload(skel->progs.xdp_flow_null_key, true);
	bpf_program__set_log_buf(skel->progs.xdp_flow_null_key, log, sizeof(log));
	err = flow_calls__load(skel);
	if (err) {
		CHECK(strstr(log, "NULL"), "load failed (%d), and not for the maybe-NULL key", err);
		snprintf(label, sizeof(label), "[%s] flow_parse: a maybe-NULL key: %s", test_mode,
			 tl_errors ? "load failed for another reason" : "the verifier refuses it (7.x)");
		tl_result("%s", label);
		flow_calls__destroy(skel);
		return;
	}
	for (int idx = 0; idx < 2; idx++) {
		struct flow_out o;
		struct ref_flow_key r;
		size_t n;

		do	/* a flow packet: class 0 for a key in the map */
			n = ref_flow_random_frame(f, sizeof(f), rnd32);
		while (n < 14 || ref_flow_parse(f, n, &r) != REF_FLOW_L4);
		f[0] = (uint8_t)idx;	/* the destination MAC's first byte: not parsed */
		err = run(skel, skel->progs.xdp_flow_null_key, f, n, &o);
		if (!CHECK(!err, "test run: %s", strerror(-err)))
			break;
		CHECK_EQ(idx ? "NULL key: -EINVAL" : "key in the map: a flow packet", o.class,
			 idx ? -EINVAL : REF_FLOW_L4);
	}
	snprintf(label, sizeof(label), "[%s] flow_parse: a NULL key (6.x loads it) gives -EINVAL",
		 test_mode);
	tl_result("%s", label);
	flow_calls__destroy(skel);
}

/* The verifier's work for @p (bpf_prog_info.verified_insns), or 0. */
static unsigned int verified(struct bpf_program *p)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
		return 0;
	return info.verified_insns;
}

void test_flow(void)
{
	struct flow_calls *skel = flow_calls__open_and_load();
	int seen[3] = { 0 };
	uint8_t f[160];
	char label[160];

	if (!skel) {
		tl_errors = 1;
		tl_result("[load] flow_calls.bpf.o loads");
		return;
	}
	tl_errors = 0;
	for (int i = 0; i < FLOW_FRAMES; i++) {
		size_t n = ref_flow_random_frame(f, sizeof(f), rnd32);

		if (n < 14)	/* BPF_PROG_TEST_RUN's minimum: an Ethernet header */
			n = 14;
		seen[check_frame(skel, f, n)]++;
	}
	/* the mix must cover every class, or the test proves little */
	CHECK(seen[REF_FLOW_L4] > FLOW_FRAMES / 10 && seen[REF_FLOW_OTHER] > FLOW_FRAMES / 10 &&
	      seen[REF_FLOW_BAD] > FLOW_FRAMES / 10, "classes: %d flow, %d other, %d bad",
	      seen[0], seen[1], seen[2]);
	/* what the kfunc saves the verifier: printed, for docs/programming.md */
	printf("  flow_parse: verified instructions: kfunc %u, inline %u\n",
	       verified(skel->progs.xdp_flow_kfunc), verified(skel->progs.xdp_flow_inline));
	snprintf(label, sizeof(label),
		 "[%s] flow_parse: %d random frames (%d flow, %d other, %d bad), kfunc and inline match the reference; each key's crc32c_flow equals crc32c and the reference",
		 test_mode, FLOW_FRAMES, seen[0], seen[1], seen[2]);
	tl_result("%s", label);
	flow_calls__destroy(skel);
	test_flow_null_key();
}
