// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl-bench - runs inside the VM: times each bench.bpf.c program with
 * BPF_PROG_TEST_RUN, subtracts the empty loop, and prints ns per operation
 * for the pure-eBPF and the eNetSTL version side by side, with the ratio.
 * Lines starting with "BENCH," are the machine-readable results.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <enetstl/hash.h>
#include "bench.h"
#include "bench.skel.h"

#define SAMPLES	7

static double time_prog(struct bpf_program *p, int repeat)
{
	double s[SAMPLES];
	char pkt[64] = { 0 };

	if (!p) {
		fprintf(stderr, "enetstl-bench: a program of the pairs table is missing from bench.bpf.o\n");
		exit(1);
	}
	for (int i = 0; i < SAMPLES; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt),
			    .repeat = repeat);

		if (bpf_prog_test_run_opts(bpf_program__fd(p), &o)) {
			fprintf(stderr, "enetstl-bench: test run of %s: %s\n",
				bpf_program__name(p), strerror(errno));
			exit(1);
		}
		s[i] = o.duration;
	}
	/* median of SAMPLES */
	for (int i = 0; i < SAMPLES; i++)
		for (int j = i + 1; j < SAMPLES; j++)
			if (s[j] < s[i]) {
				double t = s[i]; s[i] = s[j]; s[j] = t;
			}
	return s[SAMPLES / 2];
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "tcg";
	int repeat = argc > 2 ? atoi(argv[2]) : 500;
	struct bench *skel = bench__open_and_load();
	/* Each pair: the best pure-eBPF program and the kfunc one, same job. */
	static const struct {
		const char *op, *ebpf, *kfunc;
	} pairs[] = {
		{ "match32 (16 slots)", "bench_match32_ebpf", "bench_match32_kfunc" },
		{ "match32, section/op", "bench_match32_ebpf", "bench_match32_section" },
		{ "match32, 32/section", "bench_match32_ebpf", "bench_match32_held" },
		{ "key_eq (32 bytes)", "bench_key_eq32_ebpf", "bench_key_eq32_kfunc" },
		{ "ffs64", "bench_ffs64_ebpf", "bench_ffs64_kfunc" },
		{ "hash x8 (16 bytes)", "bench_hash8_ebpf", "bench_hash8_kfunc" },
		{ "hash x8, 32/section", "bench_hash8_ebpf", "bench_hash8_held" },
		{ "count-min 8x256", "bench_cm8_ebpf", "bench_cm8_kfunc" },
		{ "sample 8 rows, p=1/16", "bench_sample8_ebpf", "bench_sample8_kfunc" },
	};
	char paths[128] = "";
	struct utsname u;
	double empty;
	FILE *f;

	if (!skel) {
		fprintf(stderr, "enetstl-bench: loading bench.bpf.o failed: %s\n", strerror(errno));
		return 1;
	}
	{
		/* the sketch header: 8 rows of 256, default seeds */
		static struct { struct enetstl_cm_hdr hdr; __u32 c[8 * 256]; } cm = {
			.hdr = { .rows = 8, .cols = 256, .seeds = ENETSTL_HASH_SEEDS },
		};
		__u32 zero = 0;

		bpf_map_update_elem(bpf_map__fd(skel->maps.bench_cm), &zero, &cm, BPF_ANY);
	}
	{
		__u32 zero = 0;
		struct { __u32 bucket[16]; __u8 bytes[64]; } d;

		srand(1);
		for (int i = 0; i < 16; i++)
			d.bucket[i] = rand() % 4;	/* several slots match */
		for (int i = 0; i < 32; i++)
			d.bytes[i] = d.bytes[i + 32] = (__u8)rand();
		bpf_map_update_elem(bpf_map__fd(skel->maps.bench_map), &zero, &d, BPF_ANY);
	}
	f = fopen("/sys/module/enetstl/cpu_paths", "r");
	if (f) {
		size_t n = fread(paths, 1, sizeof(paths) - 1, f);

		paths[n] = '\0';
		for (char *p = paths; *p; p++)
			if (*p == '\n')
				*p = p[1] ? ',' : '\0';
		fclose(f);
	}
	uname(&u);
	empty = time_prog(skel->progs.bench_empty, repeat);
	printf("bench: kernel %s, timing %s, %d ops per run, %d runs x %d samples; enetstl %s\n",
	       u.release, mode, BENCH_INNER, repeat, SAMPLES, paths);
	printf("%-20s %12s %12s %8s\n", "operation", "eBPF ns/op", "kfunc ns/op", "ratio");
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct bpf_object *o = skel->obj;
		double e = (time_prog(bpf_object__find_program_by_name(o, pairs[i].ebpf), repeat) -
			    empty) / BENCH_INNER;
		double k = (time_prog(bpf_object__find_program_by_name(o, pairs[i].kfunc), repeat) -
			    empty) / BENCH_INNER;

		printf("%-20s %12.2f %12.2f %7.2fx\n", pairs[i].op, e, k, k > 0 ? e / k : 0);
		printf("BENCH,%s,%s,%s,%.3f,%.3f,%.3f\n", u.release, mode, pairs[i].op, e, k,
		       k > 0 ? e / k : 0);
	}
	bench__destroy(skel);
	return 0;
}
