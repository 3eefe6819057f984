// SPDX-License-Identifier: GPL-2.0
/*
 * test_cm.c - enetstl_cm_update() and enetstl_cm_crc_update() from XDP
 * against userspace count-min models written from hash.h: returned
 * estimates and the whole counter matrix, for several shapes, atomic or
 * not; refused headers change nothing; and two threads updating one atomic
 * sketch on two CPUs lose no count.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <enetstl/hash.h>
#include "runner.h"
#include "test_common.h"
#include "ref_hash.h"
#include "ref_crc32c.h"
#include "cm_calls.skel.h"

struct sketch {
	struct enetstl_cm_hdr hdr;
	uint32_t counters[CM_MAX_COUNTERS];
};

static struct sketch model, got;

struct crc_sketch {
	struct enetstl_cm_crc_hdr hdr;
	uint32_t counters[CM_MAX_COUNTERS];
};

static struct crc_sketch cmodel, cgot;

static int write_sketch(struct cm_calls *skel, const struct sketch *s)
{
	uint32_t zero = 0;

	return bpf_map_update_elem(bpf_map__fd(skel->maps.cm_sketch), &zero, s, BPF_ANY);
}

static int read_sketch(struct cm_calls *skel, struct sketch *s)
{
	uint32_t zero = 0;

	return bpf_map_lookup_elem(bpf_map__fd(skel->maps.cm_sketch), &zero, s);
}

/* @repeat updates through the program; returns the kfunc's last result. */
static int64_t update_n(int fd, const uint8_t *key, uint32_t len, uint32_t delta, int repeat)
{
	uint8_t in[sizeof(struct cm_req) + 40] = { 0 }, out[sizeof(in) + 64];

	if (len > 40)
		return INT64_MIN;
	struct cm_req *req = (void *)in, *res = (void *)out;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = sizeof(*req) + len,
		    .data_out = out, .data_size_out = sizeof(out), .repeat = repeat);

	req->eth[12] = 0x88;
	req->len = len;
	req->delta = delta;
	memcpy(req->data, key, len);
	if (bpf_prog_test_run_opts(fd, &o) || o.retval != XDP_PASS)
		return INT64_MIN;
	return res->result;
}

static int64_t update(int fd, const uint8_t *key, uint32_t len, uint32_t delta)
{
	return update_n(fd, key, len, delta, 1);
}

static int64_t model_update(const uint8_t *key, uint32_t len, uint32_t delta)
{
	uint32_t min = UINT32_MAX;

	for (uint32_t r = 0; r < model.hdr.rows; r++) {
		uint32_t h = ref_hash_lane(key, len, model.hdr.seeds[r]);
		uint32_t c = (uint32_t)(((uint64_t)h * model.hdr.cols) >> 32);
		uint32_t *ctr = &model.counters[r * model.hdr.cols + c];

		*ctr += delta;
		if (*ctr < min)
			min = *ctr;
	}
	return min;
}

static void shapes(struct cm_calls *skel)
{
	static const uint32_t rows[] = { 1, 2, 4, 6, 8, 9, 16 }, cols[] = { 1, 100, 256 };
	int fd = bpf_program__fd(skel->progs.xdp_cm_update);
	uint8_t keys[64][37];
	char label[160];
	unsigned int updates = 0;

	tl_errors = 0;
	tl_rand_bytes(keys, sizeof(keys));
	for (size_t a = 0; a < sizeof(rows) / sizeof(rows[0]); a++)
		for (size_t b = 0; b < sizeof(cols) / sizeof(cols[0]); b++) {
			uint32_t atomic = (a + b) % 2;

			memset(&model, 0, sizeof(model));
			model.hdr.rows = rows[a];
			model.hdr.cols = cols[b];
			model.hdr.flags = atomic ? ENETSTL_CM_ATOMIC : 0;
			for (int r = 0; r < 16; r++)
				model.hdr.seeds[r] = (uint32_t)tl_rand();
			if (!CHECK(!write_sketch(skel, &model), "map update: %s", strerror(errno)))
				return;
			for (int i = 0; i < 300; i++) {
				uint32_t len = tl_rand() % 2 ? 13 : 37, delta = tl_rand() % 4 ? 1 : (uint32_t)tl_rand();
				const uint8_t *k = keys[tl_rand() % 64];
				int64_t want = model_update(k, len, delta);

				CHECK(update(fd, k, len, delta) == want, "rows %u cols %u: estimate differs",
				      rows[a], cols[b]);
				updates++;
			}
			read_sketch(skel, &got);
			CHECK(!memcmp(&got, &model, sizeof(model)),
			      "rows %u cols %u atomic %u: counter matrix differs from the model",
			      rows[a], cols[b], atomic);
		}
	snprintf(label, sizeof(label),
		 "[%s] cm_update: %u updates over 21 sketch shapes (1-16 rows), estimates and matrices vs model",
		 test_mode, updates);
	tl_result("%s", label);
}

static void bad_headers(struct cm_calls *skel)
{
	static const uint32_t bad[][2] = { { 0, 10 }, { 17, 10 }, { 4, 0 }, { 16, 257 }, { 1, CM_MAX_COUNTERS + 1 } };
	int fd = bpf_program__fd(skel->progs.xdp_cm_update);
	uint8_t key[13] = { 1, 2, 3 };

	tl_errors = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&model, 0, sizeof(model));
		model.hdr.rows = bad[i][0];
		model.hdr.cols = bad[i][1];
		write_sketch(skel, &model);
		CHECK_EQ("bad header: -EINVAL", update(fd, key, 13, 1), -22);
		read_sketch(skel, &got);
		CHECK(!memcmp(&got, &model, sizeof(model)), "refused update changed the sketch");
	}
	{
		char label[128];

		snprintf(label, sizeof(label), "[%s] cm_update: 5 invalid headers refused, sketch unchanged",
			 test_mode);
		tl_result("%s", label);
	}
}

struct cm_thread {
	int fd;
	unsigned int id, done;
};

/*
 * Calls per thread, each running the program CM_REPEAT times back to back in
 * the kernel, so that both CPUs really hit the same counters together (with
 * the atomic flag removed, this loses counts).
 */
#define CM_THREAD_CALLS	100
#define CM_REPEAT	200
#define CM_THREAD_UPDATES (CM_THREAD_CALLS * CM_REPEAT)

static void *cm_thread_fn(void *arg)
{
	struct cm_thread *t = arg;
	uint8_t key[13];

	for (int i = 0; i < CM_THREAD_CALLS; i++) {
		memset(key, 0, sizeof(key));
		key[0] = (uint8_t)(i % 7);	/* a few hot keys: the same counters */
		if (update_n(t->fd, key, 13, 1, CM_REPEAT) != INT64_MIN)
			t->done += CM_REPEAT;
	}
	return NULL;
}

static void concurrent(struct cm_calls *skel)
{
	struct cm_thread th[2] = { { .fd = bpf_program__fd(skel->progs.xdp_cm_update) },
				   { .fd = bpf_program__fd(skel->progs.xdp_cm_update) } };
	pthread_t tid[2];
	char label[160];
	uint64_t sum;

	tl_errors = 0;
	memset(&model, 0, sizeof(model));
	model.hdr.rows = 8;
	model.hdr.cols = 64;
	model.hdr.flags = ENETSTL_CM_ATOMIC;
	for (int r = 0; r < 16; r++)
		model.hdr.seeds[r] = (uint32_t)tl_rand();
	write_sketch(skel, &model);
	for (int i = 0; i < 2; i++)
		pthread_create(&tid[i], NULL, cm_thread_fn, &th[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);
	read_sketch(skel, &got);
	CHECK_EQ("updates done", th[0].done + th[1].done, 2 * CM_THREAD_UPDATES);
	for (uint32_t r = 0; r < 8; r++) {
		sum = 0;
		for (uint32_t c = 0; c < 64; c++)
			sum += got.counters[r * 64 + c];
		CHECK(sum == 2 * CM_THREAD_UPDATES, "row %u holds %llu counts, want %d", r,
		      (unsigned long long)sum, 2 * CM_THREAD_UPDATES);
	}
	snprintf(label, sizeof(label),
		 "[%s] cm_update: 2 threads x %d atomic updates of 7 hot keys, no count lost in any of 8 rows",
		 test_mode, CM_THREAD_UPDATES);
	tl_result("%s", label);
}

/* The CRC count-min of hash.h, written from its definition. */
static int64_t crc_model_update(const uint8_t *key, uint32_t len, uint32_t delta)
{
	uint32_t c = ref_crc32c(cmodel.hdr.seed, key, len), min = UINT32_MAX;

	for (uint32_t r = 0; r < cmodel.hdr.rows; r++) {
		uint64_t x = cmodel.hdr.mul[r] * (uint64_t)c + cmodel.hdr.add[r];
		uint32_t j = (uint32_t)(x >> (64 - cmodel.hdr.cols_log));
		uint32_t *ctr = &cmodel.counters[((size_t)r << cmodel.hdr.cols_log) + j];

		*ctr += delta;
		if (*ctr < min)
			min = *ctr;
	}
	return min;
}

static int crc_write(struct cm_calls *skel, const struct crc_sketch *s)
{
	uint32_t zero = 0;

	return bpf_map_update_elem(bpf_map__fd(skel->maps.cm_crc_sketch), &zero, s, BPF_ANY);
}

static int crc_read(struct cm_calls *skel, struct crc_sketch *s)
{
	uint32_t zero = 0;

	return bpf_map_lookup_elem(bpf_map__fd(skel->maps.cm_crc_sketch), &zero, s);
}

static void crc_random_header(uint32_t rows, uint32_t cols_log, uint32_t flags)
{
	memset(&cmodel, 0, sizeof(cmodel));
	cmodel.hdr.rows = rows;
	cmodel.hdr.cols_log = cols_log;
	cmodel.hdr.seed = (uint32_t)tl_rand();
	cmodel.hdr.flags = flags;
	for (int r = 0; r < ENETSTL_CM_CRC_MAX_ROWS; r++) {
		cmodel.hdr.mul[r] = tl_rand();
		cmodel.hdr.add[r] = tl_rand();
	}
}

static void crc_shapes(struct cm_calls *skel)
{
	/* rows x cols_log; 8 x 9 is the NF's shape, 1 x 12 fills CM_MAX_COUNTERS */
	static const uint32_t shape[][2] = { { 1, 1 }, { 1, 12 }, { 2, 9 }, { 3, 5 }, { 4, 9 },
					     { 6, 9 }, { 8, 9 }, { 8, 1 } };
	static const uint32_t lens[] = { 13, 37, 40 };
	int fd = bpf_program__fd(skel->progs.xdp_cm_crc_update);
	int flow_fd = bpf_program__fd(skel->progs.xdp_cm_crc_flow);
	uint8_t keys[64][40];
	unsigned int updates = 0, flows = 0;
	char label[192];

	tl_errors = 0;
	tl_rand_bytes(keys, sizeof(keys));
	for (size_t a = 0; a < sizeof(shape) / sizeof(shape[0]); a++) {
		uint32_t atomic = a % 2;

		crc_random_header(shape[a][0], shape[a][1], atomic ? ENETSTL_CM_ATOMIC : 0);
		if (!CHECK(!crc_write(skel, &cmodel), "map update: %s", strerror(errno)))
			return;
		for (int i = 0; i < 300; i++) {
			uint32_t len = lens[tl_rand() % 3], delta = tl_rand() % 4 ? 1 : (uint32_t)tl_rand();
			const uint8_t *k = keys[tl_rand() % 64];
			int64_t want = crc_model_update(k, len, delta);

			/* 40-byte keys go through enetstl_cm_crc_flow() half the time */
			int use_flow = len == 40 && tl_rand() % 2;

			CHECK(update(use_flow ? flow_fd : fd, k, len, delta) == want,
			      "rows %u cols_log %u len %u%s: estimate differs", shape[a][0],
			      shape[a][1], len, use_flow ? " (cm_crc_flow)" : "");
			updates++;
			flows += use_flow;
		}
		crc_read(skel, &cgot);
		CHECK(!memcmp(&cgot, &cmodel, sizeof(cmodel)),
		      "rows %u cols_log %u atomic %u: counter matrix differs from the model",
		      shape[a][0], shape[a][1], atomic);
	}
	snprintf(label, sizeof(label), "[%s] cm_crc_update: %u updates (%u by cm_crc_flow) over 8 "
		 "sketch shapes (1-8 rows, 2-4096 columns, keys of 13/37/40 bytes), estimates and "
		 "matrices vs model", test_mode, updates, flows);
	tl_result("%s", label);
}

static void crc_bad_headers(struct cm_calls *skel)
{
	/* rows, cols_log: 0 rows, 9 rows, 0 and 25 columns, more counters than the value holds */
	static const uint32_t bad[][2] = { { 0, 9 }, { 9, 9 }, { 4, 0 }, { 1, 25 }, { 2, 12 } };
	int fd = bpf_program__fd(skel->progs.xdp_cm_crc_update);
	uint8_t key[40] = { 1, 2, 3 };
	char label[128];

	tl_errors = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		crc_random_header(bad[i][0], bad[i][1], 0);
		crc_write(skel, &cmodel);
		CHECK_EQ("bad header: -EINVAL", update(fd, key, 40, 1), -22);
		CHECK_EQ("bad header, cm_crc_flow: -EINVAL",
			 update(bpf_program__fd(skel->progs.xdp_cm_crc_flow), key, 40, 1), -22);
		crc_read(skel, &cgot);
		CHECK(!memcmp(&cgot, &cmodel, sizeof(cmodel)), "refused update changed the sketch");
	}
	snprintf(label, sizeof(label), "[%s] cm_crc_update, cm_crc_flow: 5 invalid headers "
		 "refused, sketch unchanged", test_mode);
	tl_result("%s", label);
}

void test_cm(void)
{
	struct cm_calls *skel = cm_calls__open_and_load();

	if (!skel) {
		tl_errors = 1;
		tl_result("[load] cm_calls.bpf.o loads");
		return;
	}
	shapes(skel);
	bad_headers(skel);
	concurrent(skel);
	crc_shapes(skel);
	crc_bad_headers(skel);
	cm_calls__destroy(skel);
}
