// SPDX-License-Identifier: GPL-2.0
/*
 * test_random.c - the sampling kfuncs in the kernel: skip draws against the
 * geometric law (chi-square at p = 0.001), the sampled fraction, refused
 * probabilities, and the uniformity of enetstl_random_u32().
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <enetstl/random.h>
#include "runner.h"
#include "random_calls.skel.h"

#define DRAWS 8192

struct geo_state {
	struct enetstl_geo geo;
	__u64 p_q32;
	__s64 init_result;
	__u32 next, sampled, calls, pad;
};

static int run(struct bpf_program *p, int repeat)
{
	char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = repeat);

	return bpf_prog_test_run_opts(bpf_program__fd(p), &o) ? -errno : (int)o.retval;
}

static void set_state(struct random_calls *skel, uint64_t p_q32, struct geo_state *s)
{
	uint32_t zero = 0;
	int64_t clear = 0;

	memset(s, 0, sizeof(*s));
	s->p_q32 = p_q32;
	bpf_map_update_elem(bpf_map__fd(skel->maps.geo_state), &zero, s, BPF_ANY);
	for (uint32_t i = 0; i < DRAWS; i++)
		bpf_map_update_elem(bpf_map__fd(skel->maps.draws), &i, &clear, BPF_ANY);
}

static void get_state(struct random_calls *skel, struct geo_state *s)
{
	uint32_t zero = 0;

	bpf_map_lookup_elem(bpf_map__fd(skel->maps.geo_state), &zero, s);
}

/* Wilson-Hilferty: chi-square critical value for @dof at p = 0.001. */
static double chi_crit(double dof)
{
	return dof * pow(1 - 2 / (9 * dof) + 3.0902 * sqrt(2 / (9 * dof)), 3);
}

/*
 * The in-kernel generator is seeded from the kernel's RNG, so these draws
 * differ on every run, and a chi-square test at p = 0.001 rejects a good
 * generator once in a thousand runs. A failing test draws once more: a
 * biased generator fails both times, a good one fails both once in a million.
 */
#define CHI_ATTEMPTS	2

static void geo_distribution(struct random_calls *skel, double p)
{
	static int64_t d[DRAWS];
	uint64_t p_q32 = (uint64_t)llround(p * 4294967296.0);
	double width = fmax(1, ceil(1 / p / 10)), chi = 0;
	struct geo_state s;
	char label[160];
	int bins = 0;

	tl_errors = 0;
	for (int attempt = 0; attempt < CHI_ATTEMPTS; attempt++) {
		uint32_t counts[256] = { 0 };
		double left = DRAWS;

		chi = 0;
		bins = 0;
		set_state(skel, p_q32, &s);
		CHECK_EQ("test run", run(skel->progs.xdp_geo_skip, DRAWS), XDP_PASS);
		get_state(skel, &s);
		CHECK_EQ("enetstl_geo_init", s.init_result, 0);
		for (uint32_t i = 0; i < DRAWS; i++) {
			bpf_map_lookup_elem(bpf_map__fd(skel->maps.draws), &i, &d[i]);
			if (!CHECK(d[i] >= 0, "draw %u: %lld", i, (long long)d[i]))
				break;
			counts[(uint64_t)(d[i] / width) < 255 ? (uint64_t)(d[i] / width) : 255]++;
		}
		if (p == 1.0) {
			for (uint32_t i = 0; i < DRAWS; i++)
				if (!CHECK(d[i] == 0, "p = 1: draw %u is %lld", i, (long long)d[i]))
					break;
			break;
		}
		for (int b = 0; b < 255; b++) {
			double e = DRAWS * (pow(1 - p, b * width) - pow(1 - p, (b + 1) * width));
			double rest = 0;

			if (left - e < 5) {
				for (int r = b; r < 256; r++)
					rest += counts[r];
				chi += (rest - left) * (rest - left) / left;
				bins++;
				break;
			}
			chi += (counts[b] - e) * (counts[b] - e) / e;
			left -= e;
			bins++;
		}
		if (chi < chi_crit(bins - 1) || attempt == CHI_ATTEMPTS - 1) {
			CHECK(chi < chi_crit(bins - 1), "p = %g: chi-square %.1f >= %.1f (%d bins), twice",
			      p, chi, chi_crit(bins - 1), bins);
			break;
		}
		printf("  p = %g: chi-square %.1f >= %.1f (%d bins): drawing once more\n", p, chi,
		       chi_crit(bins - 1), bins);
	}
	snprintf(label, sizeof(label),
		 "[%s] geo_skip p = %g: %d in-kernel draws fit the geometric law (chi-square %.1f, %d bins)",
		 test_mode, p, DRAWS, chi, bins);
	tl_result("%s", label);
}

static void geo_sampling(struct random_calls *skel)
{
	const int calls = 20000;
	const double p = 0.1, sd = sqrt(calls * p * (1 - p));
	struct geo_state s;
	char label[160];

	tl_errors = 0;
	set_state(skel, (uint64_t)llround(p * 4294967296.0), &s);
	CHECK_EQ("test run", run(skel->progs.xdp_geo_sample, calls), XDP_PASS);
	get_state(skel, &s);
	CHECK_EQ("calls", s.calls, calls);
	CHECK(fabs(s.sampled - calls * p) < 5 * sd, "sampled %u of %d, want %.0f +- %.0f",
	      s.sampled, calls, calls * p, 5 * sd);
	snprintf(label, sizeof(label), "[%s] geo_sample p = 0.1: %u of %d packets sampled",
		 test_mode, s.sampled, calls);
	tl_result("%s", label);
}

static void geo_refused(struct random_calls *skel)
{
	static const uint64_t bad[] = { ENETSTL_P_ONE + 1, 1ull << 40 };
	struct geo_state s;
	char label[128];

	tl_errors = 0;
	for (size_t i = 0; i < 2; i++) {
		set_state(skel, bad[i], &s);
		run(skel->progs.xdp_geo_skip, 1);
		get_state(skel, &s);
		CHECK_EQ("bad p: -EINVAL", s.init_result, -22);
		CHECK_EQ("sampler left uninitialized", s.geo.magic, 0);
		{
			uint32_t zero = 0;
			int64_t d;

			bpf_map_lookup_elem(bpf_map__fd(skel->maps.draws), &zero, &d);
			CHECK_EQ("skip on an uninitialized sampler: -EINVAL", d, -22);
		}
	}
	snprintf(label, sizeof(label), "[%s] geo_init refuses p > 1; an unset sampler gives -EINVAL",
		 test_mode);
	tl_result("%s", label);
}

static void random_uniform(struct random_calls *skel)
{
	const int n = DRAWS * 20;
	double chi = 0, e = (double)n / DRAWS;
	struct geo_state s;
	char label[128];

	tl_errors = 0;
	for (int attempt = 0; attempt < CHI_ATTEMPTS; attempt++) {
		chi = 0;
		set_state(skel, 0, &s);
		CHECK_EQ("test run", run(skel->progs.xdp_random_u32, n), XDP_PASS);
		for (uint32_t i = 0; i < DRAWS; i++) {
			int64_t c = 0;

			bpf_map_lookup_elem(bpf_map__fd(skel->maps.draws), &i, &c);
			chi += (c - e) * (c - e) / e;
		}
		if (chi < chi_crit(DRAWS - 1) || attempt == CHI_ATTEMPTS - 1)
			break;
		printf("  random_u32: chi-square %.1f >= %.1f: drawing once more\n", chi,
		       chi_crit(DRAWS - 1));
	}
	CHECK(chi < chi_crit(DRAWS - 1), "chi-square %.1f >= %.1f, twice", chi, chi_crit(DRAWS - 1));
	snprintf(label, sizeof(label), "[%s] random_u32: %d draws uniform over %d buckets (chi-square %.0f)",
		 test_mode, n, DRAWS, chi);
	tl_result("%s", label);
}

void test_random(void)
{
	struct random_calls *skel = random_calls__open_and_load();

	if (!skel) {
		tl_errors = 1;
		tl_result("[load] random_calls.bpf.o loads");
		return;
	}
	geo_distribution(skel, 0.5);
	geo_distribution(skel, 0.1);
	geo_distribution(skel, 0.01);
	geo_distribution(skel, 1.0);
	geo_sampling(skel);
	geo_refused(skel);
	random_uniform(skel);
	random_calls__destroy(skel);
}
