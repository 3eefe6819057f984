// SPDX-License-Identifier: GPL-2.0
/*
 * nftest.c - enetstl-nftest, run inside the test VM:
 *   enetstl-nftest check [--seed N] [--packets N] [--flows N] [--only VARIANT]
 *       every NF variant against its userspace reference on one synthetic
 *       trace (BPF_PROG_TEST_RUN, pinned to CPU 0); PASS/FAIL lines and
 *       "nf: N passed, N failed"
 *   enetstl-nftest bench LABEL [--packets N] [--repeat R] [--only NF]
 *       ns per packet, pure eBPF vs eNetSTL, "NFBENCH," lines
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include "nftest.h"
#include "nf_list.h"	/* generated from examples/variants.mk: NF_OPS_LIST */

NF_OPS_LIST(NF_OPS_DECLARE)

/* Each NF's oracle test, nft_check_NF() in tests/nf/nft_NF.c. */
#define NFT_CHECK_ENTRY(nf) { &nf##_ops, nft_check_##nf },
static const struct nft_check {
	const struct nf_ops *ops;
	nft_check_fn *check;
} nft_checks[] = { NF_OPS_LIST(NFT_CHECK_ENTRY) };

static nft_check_fn *nft_check_of(const struct nf_ops *ops)
{
	for (unsigned int i = 0; i < sizeof(nft_checks) / sizeof(nft_checks[0]); i++)
		if (nft_checks[i].ops == ops)
			return nft_checks[i].check;
	return NULL;
}

/*
 * The NFs in plain kernel C (tests/bench/nfc_NF.bpf.c with the test-only
 * module tests/bench/nfmod; NF_KC_TABLE in the Makefile): variants of the
 * tests and the bench only, each with the algorithm (and so the reference
 * and control plane) of the eNetSTL variant of its flavor.
 */
#include "nf_kc_skels.h"
#define NFT_KC_ENTRY(n, nf, r, fl) { .name = #n, .ops = &nf##_ops, .rows = r, .enetstl = 1, \
				     .flavor = fl, .elf = n##__elf_bytes },
const struct nf_variant nft_kc_variants[] = { NF_KC_SKEL_LIST(NFT_KC_ENTRY) };
const unsigned int nft_kc_nvariants = sizeof(nft_kc_variants) / sizeof(nft_kc_variants[0]);

int nft_is_kc(const struct nf_variant *v)
{
	return v >= nft_kc_variants && v < nft_kc_variants + nft_kc_nvariants;
}

/* Some variant (or the kernel-C one) is named @name or belongs to NF @name. */
static int nft_known(const char *name)
{
	if (nf_find(name) || nf_ops_find(name))
		return 1;
	for (unsigned int i = 0; i < nft_kc_nvariants; i++)
		if (!strcmp(name, nft_kc_variants[i].name))
			return 1;
	return 0;
}

int nft_kc_loaded(void)
{
	return !access("/sys/module/enetstl_nfc", F_OK);
}

const char *nft_bench_loads = "25,50,75,95";
int nft_bench_ebpf_only;

struct bpf_object *nft_load(const struct nf_variant *v, const struct nf_params *p)
{
	struct bpf_object *obj = nf_open(v);
	int err;

	if (!obj) {
		CHECK(0, "%s: open: %s", v->name, strerror(errno));
		return NULL;
	}
	err = nf_configure(v, obj, p);
	if (err) {
		CHECK(0, "%s: parameters: %s", v->name, strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	err = nf_load(obj);	/* and its nf_setup program, if any */
	if (err) {
		CHECK(0, "%s: load: %s", v->name, strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

void nft_run_trace(struct bpf_object *obj, const struct nf_trace *t)
{
	int fd = bpf_program__fd(nf_prog(obj));
	uint8_t out[NF_TRACE_MAX_PKT + 64];

	for (uint32_t i = 0; i < t->n; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = t->pkt[i], .data_size_in = t->len[i],
			    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);

		if (!CHECK(!bpf_prog_test_run_opts(fd, &o), "packet %u: test run: %s", i,
			   strerror(errno)))
			return;
		CHECK(o.retval == XDP_PASS, "packet %u: verdict %u, want XDP_PASS", i, o.retval);
		CHECK(o.data_size_out == t->len[i] && !memcmp(out, t->pkt[i], t->len[i]),
		      "packet %u: changed by the program", i);
	}
}

int nft_percpu_sum_u32(struct bpf_object *obj, const char *name, uint32_t *out, size_t nwords)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	if (!m)
		return -ENOENT;
	return nf_percpu_sum_u32(bpf_map__fd(m), bpf_map__value_size(m), out, nwords);
}

int nft_stats(struct bpf_object *obj, struct nf_stats *st)
{
	int fd = nf_obj_fd(obj, NF_STATS_MAP);

	if (fd < 0)
		return -ENOENT;
	return nf_percpu_sum_u64(fd, 0, (__u64 *)st, sizeof(*st) / 8);
}

void nft_check_stats(struct bpf_object *obj, const struct nf_trace *t, __u64 *nf_out)
{
	struct nf_stats st;

	if (!CHECK(!nft_stats(obj, &st), "nf_stats unreadable"))
		return;
	CHECK_EQ("packets", st.packets, t->n);
	CHECK_EQ("IPv4 flow packets", st.flows4, t->v4);
	CHECK_EQ("IPv6 flow packets", st.flows6, t->v6);
	CHECK_EQ("other packets", st.other, t->count[NF_OTHER]);
	CHECK_EQ("malformed/truncated packets", st.bad, t->count[NF_BAD]);
	CHECK_EQ("flow bytes", st.bytes, t->flow_bytes);
	if (nf_out)
		memcpy(nf_out, st.nf, sizeof(st.nf));
}

/*
 * send DST PORT FLOWS BASE: UDP datagrams to DST:PORT from source ports
 * 10000 + f, (f + 1) * BASE of them for flow f (the receive-path test).
 */
static int send_flows(char **a)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(atoi(a[1])) };
	struct timespec pause = { 0, 500 * 1000 };
	int flows = atoi(a[2]), base = atoi(a[3]), sent = 0;

	if (inet_pton(AF_INET, a[0], &dst.sin_addr) != 1)
		return 2;
	for (int f = 0; f < flows; f++) {
		struct sockaddr_in src = { .sin_family = AF_INET, .sin_port = htons(10000 + f) };
		int s = socket(AF_INET, SOCK_DGRAM, 0);

		if (s < 0 || bind(s, (void *)&src, sizeof(src))) {
			perror("enetstl-nftest send");
			return 1;
		}
		for (int i = 0; i < (f + 1) * base; i++) {
			sent += sendto(s, "eNetSTL rx test", 15, 0, (void *)&dst, sizeof(dst)) == 15;
			nanosleep(&pause, NULL);
		}
		close(s);
	}
	printf("sent %d datagrams\n", sent);
	return 0;
}

/*
 * The trace holds IPv6 flows whose addresses XOR-fold alike (the first,
 * 16-byte flow key merged them): they must have distinct keys, and packets, so that every
 * NF's oracle meets them.
 */
static void check_key(const struct nf_trace *t)
{
	unsigned int pairs = 0, distinct = 0;

	for (uint32_t f = 0; f < t->nflows; f++) {
		int32_t g = t->fold_twin[f];
		const __u32 *a = t->flows[f].src, *b = t->flows[g < 0 ? 0 : g].src;

		if (g < 0 || !t->flow_pkts[f] || !t->flow_pkts[g])
			continue;
		pairs++;
		distinct += (a[0] ^ a[1] ^ a[2] ^ a[3]) == (b[0] ^ b[1] ^ b[2] ^ b[3]) &&
			    memcmp(&t->flows[f], &t->flows[g], sizeof(struct enetstl_flow_key));
	}
	CHECK(pairs >= 10 && distinct == pairs, "trace: %u IPv6 flow pairs with equal folded "
	      "addresses and packets, %u with distinct keys", pairs, distinct);
	tl_result("flow key: %u IPv6 pairs that shared a folded key are distinct", pairs);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' }, { "packets", required_argument, NULL, 'n' },
		{ "flows", required_argument, NULL, 'f' }, { "repeat", required_argument, NULL, 'r' },
		{ "only", required_argument, NULL, 'o' }, { "loads", required_argument, NULL, 'l' },
		{ "ebpf-only", no_argument, NULL, 'e' }, { }
	};
	struct nf_trace_opts to = { .packets = 20000, .flows = 2000, .zipf_s = 1.1,
				    .noise_pct = 8, .seed = 0x5eed };
	const char *cmd = argc > 1 ? argv[1] : "", *only = NULL, *label = "tcg";
	unsigned int bench_packets = 500, repeat = 10;
	struct nf_trace t;
	cpu_set_t cpus;
	int c;

	if (!strcmp(cmd, "send") && argc == 6)
		return send_flows(argv + 2);
	if (strcmp(cmd, "check") && strcmp(cmd, "bench")) {
		fprintf(stderr, "usage: enetstl-nftest check|bench [LABEL] [--seed N] [--packets N] "
			"[--flows N] [--repeat R] [--only NAME] [--loads L,...] [--ebpf-only]\n"
			"       enetstl-nftest send DST PORT FLOWS BASE\n");
		return 2;
	}
	optind = 2;
	if (!strcmp(cmd, "bench") && argc > 2 && argv[2][0] != '-') {
		label = argv[2];
		optind = 3;
	}
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': to.seed = strtoull(optarg, NULL, 0); break;
		case 'n': to.packets = bench_packets = atoi(optarg); break;
		case 'f': to.flows = atoi(optarg); break;
		case 'r': repeat = atoi(optarg); break;
		case 'o': only = optarg; break;
		case 'l': nft_bench_loads = optarg; break;
		case 'e': nft_bench_ebpf_only = 1; break;
		default: return 2;
		}
	}
	/* per-CPU state: keep every test run on one CPU */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	if (!getenv("NFT_VERBOSE"))
		libbpf_set_print(NULL);
	if (!strcmp(cmd, "bench")) {
		/* the warm-up trace: 4 x the timed packets, at least 400 */
		to.packets = bench_packets * 4 > 400 ? bench_packets * 4 : 400;
		if (nf_trace_gen(&t, &to))
			return 1;
		c = nft_bench(label, &t, bench_packets, repeat, only);
		nf_trace_free(&t);
		return c;
	}
	if (nf_trace_gen(&t, &to)) {
		fprintf(stderr, "enetstl-nftest: out of memory\n");
		return 1;
	}
	printf("nf: trace seed %#llx: %u packets (%llu flow: %llu IPv4, %llu IPv6; %llu other; "
	       "%llu malformed/truncated), %u flows, Zipf s=%.2f\n",
	       (unsigned long long)to.seed, t.n, (unsigned long long)t.count[NF_FLOW],
	       (unsigned long long)t.v4, (unsigned long long)t.v6,
	       (unsigned long long)t.count[NF_OTHER], (unsigned long long)t.count[NF_BAD],
	       to.flows, to.zipf_s);
	check_key(&t);
	if (only && !nft_known(only)) {
		CHECK(0, "--only %s: no such variant or NF", only);
		tl_result("--only %s", only);
	}
	for (unsigned int i = 0; i < nf_nvariants; i++) {
		const struct nf_variant *v = &nf_variants[i];

		if (only && strcmp(only, v->name) && strcmp(only, v->ops->name))
			continue;
		if (nf_unsupported(v))
			tl_skip(nf_unsupported(v), "%s %s", v->ops->name, v->name);
		else
			nft_check_of(v->ops)(v, &t);
	}
	for (unsigned int i = 0; i < nft_kc_nvariants; i++) {
		const struct nf_variant *v = &nft_kc_variants[i];

		if (only && strcmp(only, v->name) && strcmp(only, v->ops->name))
			continue;
		if (nft_kc_loaded())
			nft_check_of(v->ops)(v, &t);
		else
			tl_skip("the kernel-C module enetstl_nfc is not loaded (tests/bench/nfmod)",
				"%s %s", v->ops->name, v->name);
	}
	nf_trace_free(&t);
	return tl_summary("nf");
}
