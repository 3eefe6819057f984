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
#include "cuckoo/cuckoo_ctl.h"

static struct bpf_object *load(const struct nf_variant *v, const struct nf_trace *t, __u32 hh,
			       __u32 pinv, unsigned int load_pct)
{
	struct bpf_object *obj = nf_open(v);
	int err;

	if (!obj) {
		ex_err("opening %s: %s", v->name, strerror(errno));
		return NULL;
	}
	nf_set_const(obj, "hh_threshold", &hh, 4);
	nf_set_const(obj, "p_inv", &pinv, 4);
	nf_set_const(obj, "qlen", &(__u32){ 64 }, 4);
	err = nf_load(obj);
	if (err) {
		ex_err("loading %s failed: %s", v->name, strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	if (!strcmp(v->nf, "cuckoo")) {	/* three flows in four get a port; filler to load_pct */
		__u32 *ports = calloc(t->nflows, sizeof(*ports));
		struct ck_ctl c;

		err = -ENOMEM;
		if (ports && !ck_ctl_open(&c, nf_obj_fd(obj, "ck_table"), ck_hash_of(v->flavor))) {
			for (unsigned int f = 0; f < t->nflows; f++)
				ports[f] = f % 4 == 3 ? 0 : 1 + f % 200;
			err = ck_ctl_fill(&c, t->flows, ports, t->nflows, load_pct);
			ck_ctl_close(&c);
		}
		free(ports);
		if (err) {
			ex_err("filling the cuckoo table to %u%% failed: %s", load_pct, strerror(-err));
			bpf_object__close(obj);
			return NULL;
		}
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
			return ex_err("test run: %s", strerror(errno));
		if (o.retval != XDP_PASS)
			return ex_err("packet %u: verdict %u", i, o.retval);
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
	unsigned int top = 10, repeat = 20, load_pct = 95, tpk = 1000;
	const struct nf_variant *v, *pair[2];
	struct bpf_object *obj[2] = { NULL, NULL };
	double ns[2] = { 0, 0 }, empty;
	__u32 hh = 0, pinv = 16;
	struct nf_trace t;
	cpu_set_t cpus;
	int c, rc = 1, efd;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': to.packets = strtoul(optarg, NULL, 0); break;
		case 'f': to.flows = strtoul(optarg, NULL, 0); break;
		case 's': to.seed = strtoull(optarg, NULL, 0); break;
		case 't': top = strtoul(optarg, NULL, 0); break;
		case 'r': repeat = strtoul(optarg, NULL, 0); break;
		case 'H': hh = strtoul(optarg, NULL, 0); break;
		case 'P': pinv = strtoul(optarg, NULL, 0); break;
		case 'L': load_pct = strtoul(optarg, NULL, 0); break;
		case 'T': tpk = strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (argc < 2 || optind != argc)
		return ex_err("usage: enetstl-example replay VARIANT [options] (see --help)");
	v = nf_find(argv[1]);
	if (!v)
		return ex_err("unknown NF variant '%s' (see: enetstl-example list)", argv[1]);
	if (to.packets < 1 || to.flows < 1 || !pinv || !repeat || load_pct > 99)
		return ex_err("out-of-range option");
	if (access("/sys/kernel/btf/enetstl", F_OK))
		return ex_err("the enetstl module is not loaded (or loaded without its kfuncs): "
			      "modprobe enetstl");
	if (!hh)
		hh = to.packets / 200 ? to.packets / 200 : 1;	/* 0.5% of the trace */
	pair[0] = v->enetstl ? nf_pair(v) : v;	/* [0] pure eBPF, [1] eNetSTL */
	pair[1] = v->enetstl ? v : nf_pair(v);
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);	/* per-CPU state: one CPU */
	libbpf_set_print(NULL);
	if (nf_trace_gen(&t, &to))
		return ex_err("out of memory");
	printf("trace: %u packets (%llu flow, %llu other, %llu malformed/truncated) from %u flows, "
	       "Zipf s=%.1f, seed %#llx\n", t.n, (unsigned long long)t.count[NF_FLOW],
	       (unsigned long long)t.count[NF_OTHER], (unsigned long long)t.count[NF_BAD],
	       to.flows, to.zipf_s, (unsigned long long)to.seed);
	efd = nf_empty_prog();
	if (efd < 0) {
		ex_err("loading an XDP program failed: %s", strerror(errno));
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		struct ex_maps m = { .v = pair[i], .fd = nf_obj_fd };

		if (!pair[i])
			continue;
		obj[i] = load(pair[i], &t, hh, pinv, load_pct);
		if (!obj[i] || run(obj[i], &t))
			goto out;
		m.ctx = obj[i];
		printf("\n== %s (%s)\n", pair[i]->name, !strcmp(pair[i]->nf, "kvstore") ?
		       (pair[i]->enetstl ? "eNetSTL skip list" : "BPF hash map") :
		       pair[i]->enetstl ? "eNetSTL" : "pure eBPF");
		if (ex_dump(&m, top, t.flows, t.flow_pkts, t.nflows))
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
	if (obj[0] && obj[1] && ns[0] > 0 && ns[1] > 0 && !strcmp(v->nf, "kvstore"))
		printf("speed-up of the eNetSTL skip list over the BPF hash map (two structures): "
		       "%.2fx\n", ns[0] / ns[1]);
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
