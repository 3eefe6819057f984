// SPDX-License-Identifier: GPL-2.0
/*
 * ex_replay.c - enetstl-example replay: a generated trace (nf_trace.h) run
 * through an NF variant and its pure-eBPF/eNetSTL twin with
 * BPF_PROG_TEST_RUN, on one CPU; prints what each computed (heavy hitters
 * against the trace's true counts, table contents) and the ns per packet of
 * both, as the kernel's test-run timer measures them (minus an empty XDP
 * program's time), with the ratio.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "example.h"
#include "nf_trace.h"

static struct bpf_object *load(const struct nf_variant *v, const struct nf_trace *t,
			       const struct nf_params *p)
{
	struct bpf_object *obj = nf_open(v);
	int err;

	if (!obj) {
		nf_err("opening %s: %s", v->name, strerror(errno));
		return NULL;
	}
	err = nf_configure(v, obj, p);
	if (!err)
		err = nf_load(obj);
	if (err) {
		nf_err("loading %s failed: %s", v->name, strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	/* cuckoo: three flows in four get a port; filler to the load factor */
	err = nf_prepare(v, obj, t, p);
	if (err) {
		nf_err("preparing %s (load factor %u%%) failed: %s", v->name, p->load_pct,
		       strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static int run(struct bpf_object *obj, const struct nf_trace *t)
{
	int fd = bpf_program__fd(nf_prog(obj));

	for (unsigned int i = 0; i < t->n; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = t->pkt[i], .data_size_in = t->len[i],
			    .repeat = 1);

		if (bpf_prog_test_run_opts(fd, &o))
			return nf_err("test run: %s", strerror(errno));
		if (o.retval != XDP_PASS)
			return nf_err("packet %u: verdict %u", i, o.retval);
	}
	return 0;
}

int ex_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "packets", required_argument, NULL, 'n' }, { "flows", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' }, { "top", required_argument, NULL, 't' },
		{ "repeat", required_argument, NULL, 'r' }, { "hh-threshold", required_argument, NULL, 'H' },
		{ "p-inv", required_argument, NULL, 'P' }, { "load", required_argument, NULL, 'L' },
		{ "timing-packets", required_argument, NULL, 'T' }, { }
	};
	struct nf_trace_opts to = { .packets = 20000, .flows = 2000, .zipf_s = 1.1,
				    .noise_pct = 8, .seed = 0x5eed };
	struct nf_dump_opts dump = { .top = 10 };
	unsigned int repeat = 20, tpk = 1000;
	const struct nf_variant *v, *pair[2];
	struct bpf_object *obj[2] = { NULL, NULL };
	double ns[2] = { 0, 0 }, empty;
	struct nf_params p;
	struct nf_trace t;
	cpu_set_t cpus;
	int c, rc = 1, efd;

	nf_params_defaults(&p);
	p.hh_threshold = 0;	/* unless given: 0.5% of the trace */
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': to.packets = strtoul(optarg, NULL, 0); break;
		case 'f': to.flows = strtoul(optarg, NULL, 0); break;
		case 's': to.seed = strtoull(optarg, NULL, 0); break;
		case 't': dump.top = strtoul(optarg, NULL, 0); break;
		case 'r': repeat = strtoul(optarg, NULL, 0); break;
		case 'H': p.hh_threshold = strtoul(optarg, NULL, 0); break;
		case 'P': p.p_inv = strtoul(optarg, NULL, 0); break;
		case 'L': p.load_pct = strtoul(optarg, NULL, 0); break;
		case 'T': tpk = strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (argc < 2 || optind != argc)
		return nf_err("usage: enetstl-example replay VARIANT [options] (see --help)");
	v = nf_find(argv[1]);
	if (!v)
		return nf_err("unknown NF variant '%s' (see: enetstl-example list)", argv[1]);
	if (to.packets < 1 || to.flows < 1 || !p.p_inv || !repeat || p.load_pct > 99)
		return nf_err("out-of-range option");
	if (access("/sys/kernel/btf/enetstl", F_OK))
		return nf_err("the enetstl module is not loaded (or loaded without its kfuncs): "
			      "modprobe enetstl");
	if (nf_unsupported(v))
		return nf_err("%s: %s", v->name, nf_unsupported(v));
	if (!p.hh_threshold)
		p.hh_threshold = to.packets / 200 ? to.packets / 200 : 1;	/* 0.5% of the trace */
	pair[0] = v->enetstl ? nf_pair(v) : v;	/* [0] pure eBPF, [1] eNetSTL */
	pair[1] = v->enetstl ? v : nf_pair(v);
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);	/* per-CPU state: one CPU */
	libbpf_set_print(NULL);
	if (nf_trace_gen(&t, &to))
		return nf_err("out of memory");
	dump.keys = t.flows;	/* the truth beside what the NF computed */
	dump.pkts = t.flow_pkts;
	dump.nkeys = t.nflows;
	printf("trace: %u packets (%llu flow, %llu other, %llu malformed/truncated) from %u flows, "
	       "Zipf s=%.1f, seed %#llx\n", t.n, (unsigned long long)t.count[NF_FLOW],
	       (unsigned long long)t.count[NF_OTHER], (unsigned long long)t.count[NF_BAD],
	       to.flows, to.zipf_s, (unsigned long long)to.seed);
	efd = nf_empty_prog();
	if (efd < 0) {
		nf_err("loading an XDP program failed: %s", strerror(errno));
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		struct nf_maps m = { .v = pair[i], .fd = nf_obj_fd };
		const char *const *kinds;

		if (!pair[i])
			continue;
		kinds = pair[i]->ops->kinds;
		obj[i] = load(pair[i], &t, &p);
		if (!obj[i] || run(obj[i], &t))
			goto out;
		m.ctx = obj[i];
		printf("\n== %s (%s)\n", pair[i]->name, kinds[0] ? kinds[pair[i]->enetstl] :
		       pair[i]->enetstl ? "eNetSTL" : "pure eBPF");
		if (ex_dump(&m, &dump))
			goto out;
	}
	empty = nf_time_packets(efd, &t, tpk, repeat);
	for (int j = 0; j < 3; j++)	/* alternate, keep the best of three */
		for (int i = 0; i < 2; i++) {
			double x;

			if (!obj[i])
				continue;
			x = nf_time_packets(bpf_program__fd(nf_prog(obj[i])), &t, tpk, repeat) - empty;
			if (j == 0 || x < ns[i])
				ns[i] = x;
		}
	printf("\nns per packet (first %u flow packets x %u runs, test-run loop subtracted):\n", tpk,
	       repeat);
	for (int i = 0; i < 2; i++)
		if (obj[i] && ns[i] > 0)
			printf("  %-20s %8.1f\n", pair[i]->name, ns[i]);
		else if (obj[i])
			printf("  %-20s not measurable (below the empty program's time: more "
			       "--timing-packets or --repeat)\n", pair[i]->name);
	if (obj[0] && obj[1] && ns[0] > 0 && ns[1] > 0 && v->ops->kinds[0])
		printf("speed-up of the %s over the %s (two structures): %.2fx\n", v->ops->kinds[1],
		       v->ops->kinds[0], ns[0] / ns[1]);
	else if (obj[0] && obj[1] && ns[0] > 0 && ns[1] > 0)
		printf("eNetSTL speed-up over its pure-eBPF twin %s: %.2fx (against the best pure "
		       "eBPF: make bench-nf)\n", pair[0]->name, ns[0] / ns[1]);
	rc = 0;
out:
	for (int i = 0; i < 2; i++)
		if (obj[i])
			bpf_object__close(obj[i]);
	nf_trace_free(&t);
	return rc;
}
