// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl-example - attach the eNetSTL example network functions to an
 * interface, read them, drive their control plane, or replay a generated
 * trace through both variants of one. See usage() and examples/README.md.
 *
 * An attached NF keeps its maps and program pinned under
 * /sys/fs/bpf/enetstl/IFACE/VARIANT/, so later calls find it.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "example.h"
#include "nf_trace.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: enetstl-example COMMAND [ARGS] [OPTIONS]\n"
"  list                            the NF variants built in\n"
"  attach VARIANT IFACE            load VARIANT, attach it to IFACE (generic XDP)\n"
"         [--native] [--hh-threshold N] [--p-inv N] [--forward] [--qlen N]\n"
"         [--max-flows N]\n"
"         count-min: flows reaching N packets become heavy-hitter candidates\n"
"         (default 100); NitroSketch: sample 1 in --p-inv (16); cuckoo: --forward\n"
"         redirects hits to their port's ifindex; cFFS: --qlen packets kept queued;\n"
"         kvstore: store at most --max-flows flows (65536)\n"
"  detach IFACE                    detach the NF from IFACE, remove its pins\n"
"  stats IFACE [--interval S] [--count N]   packet counters (live with --interval)\n"
"  dump IFACE [--top K] [--hh-threshold N]\n"
"                                  heavy hitters (estimate >= N), sketch summary,\n"
"                                  table contents\n"
"  query IFACE KEY                 a sketch's estimate, the cuckoo entry or the\n"
"                                  kvstore state of a flow\n"
"  insert IFACE KEY PORT           cuckoo: add or update a flow -> port entry\n"
"  delete IFACE KEY                cuckoo, kvstore: remove a flow's entry\n"
"  replay VARIANT [--packets N] [--flows N] [--seed N] [--top K] [--repeat R]\n"
"                                  run a generated trace through VARIANT and its\n"
"                                  pure-eBPF/eNetSTL twin (BPF_PROG_TEST_RUN): results\n"
"                                  and ns per packet of both\n"
"KEY is PROTO SRC SPORT DST DPORT, e.g. udp 10.0.0.1 5000 10.0.0.2 53 or\n"
"tcp 2001:db8::1 40000 2001:db8::2 443 (both addresses of one family).\n"
"VARIANT is an object name from `list`, e.g. cm_k8_enetstl, ns_k4_ebpf, cuckoo_enetstl,\n"
"htss_ebpf, cffs_enetstl, kv_enetstl.\n");
}

static int check_kernel(const struct nf_variant *v)
{
	struct utsname u;
	int major = 0, minor = 0;

	uname(&u);
	if (sscanf(u.release, "%d.%d", &major, &minor) != 2 || major < 6 || (major == 6 && minor < 1))
		return nf_err("kernel %s is too old: the examples need Linux 6.1 or later",
			      u.release);
	if (v && v->enetstl && access("/sys/kernel/btf/enetstl", F_OK))
		return nf_err("the enetstl module is not loaded (or loaded without its kfuncs): "
			      "modprobe enetstl");
	if (v && nf_unsupported(v))
		return nf_err("%s: %s", v->name, nf_unsupported(v));
	return 0;
}

static int ifindex_of(const char *ifname)
{
	int i = if_nametoindex(ifname);

	if (!i)
		nf_err("no such interface: %s", ifname);
	return i;
}

int ex_parse_key(char **a, struct enetstl_flow_key *k)
{
	const char *addr[2] = { a[1], a[3] };
	__u32 *out[2] = { k->src, k->dst };
	char *end;
	long p1 = strtol(a[2], &end, 10), p2;

	memset(k, 0, sizeof(*k));
	if (*end || p1 < 0 || p1 > 65535)
		return -1;
	p2 = strtol(a[4], &end, 10);
	if (*end || p2 < 0 || p2 > 65535)
		return -1;
	if (!strcmp(a[0], "tcp"))
		k->proto = 6;
	else if (!strcmp(a[0], "udp"))
		k->proto = 17;
	else
		return -1;
	for (int i = 0; i < 2; i++) {
		int fam = inet_pton(AF_INET, addr[i], out[i]) == 1 ? 4 :
			  inet_pton(AF_INET6, addr[i], out[i]) == 1 ? 6 : 0;

		/* both addresses of one family */
		if (!fam || (i && fam != k->family))
			return -1;
		k->family = fam;
	}
	k->sport = htons(p1);
	k->dport = htons(p2);
	return 0;
}

/* --- pinned state: /sys/fs/bpf/enetstl/IFACE/VARIANT/{prog,MAP...} --- */

struct pinned {
	char dir[384];
	const struct nf_variant *v;
};

/*
 * The path of map or program @name in @dir: bpffs refuses dots in names, so
 * a custom data section's map (".data.ck_table") is pinned as
 * "_data_ck_table".
 */
static void pin_path(char *path, size_t size, const char *dir, const char *name)
{
	int n = snprintf(path, size, "%s/", dir);

	for (; *name && n >= 0 && (size_t)n + 1 < size; name++)
		path[n++] = *name == '.' ? '_' : *name;
	if (n >= 0 && (size_t)n < size)
		path[n] = '\0';
}

static int pinned_fd(void *ctx, const char *name)
{
	struct pinned *p = ctx;
	char path[512];

	pin_path(path, sizeof(path), p->dir, name);
	return bpf_obj_get(path);
}

/* Find the NF attached through us to @ifname. */
static int find_pinned(const char *ifname, struct pinned *p, int quiet)
{
	char dir[96];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), EX_PIN_ROOT "/%.16s", ifname);
	d = opendir(dir);
	if (!d && quiet)
		return 1;
	if (!d)
		return nf_err("no NF attached to %s by enetstl-example (nothing in %s)", ifname, dir);
	p->v = NULL;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && nf_find(e->d_name)) {
			p->v = nf_find(e->d_name);
			snprintf(p->dir, sizeof(p->dir), "%s/%s", dir, e->d_name);
			break;
		}
	closedir(d);
	if (!p->v && quiet)
		return 1;
	if (!p->v)
		return nf_err("no NF attached to %s by enetstl-example", ifname);
	return 0;
}

static void unpin_all(const char *dir)
{
	char path[512], parent[512];
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	snprintf(parent, sizeof(parent), "%s", dir);
	*strrchr(parent, '/') = '\0';
	rmdir(parent);
}

static int cmd_attach(const char *name, const char *ifname, int native, struct nf_params p)
{
	const struct nf_variant *v = nf_find(name);
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	struct pinned pin;
	__u32 flags = native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
	int ifindex, err;
	char path[512];

	if (!v)
		return nf_err("unknown NF variant '%s' (see: enetstl-example list)", name);
	if (check_kernel(v))
		return 1;
	ifindex = ifindex_of(ifname);
	if (!ifindex)
		return 1;
	if (!find_pinned(ifname, &pin, 1))
		return nf_err("%s already runs %s: detach it first", ifname, pin.v->name);
	obj = nf_open(v);
	if (!obj)
		return nf_err("opening %s: %s", name, strerror(errno));
	/*
	 * The sketch is per CPU, and so is the estimate a packet sees. A flow
	 * with N packets in all has at least N / CPUs on some CPU: a per-CPU
	 * threshold of hh / CPUs misses no flow that reaches hh (dump then
	 * sorts the candidates by their all-CPU estimate).
	 */
	if (p.hh_threshold)
		p.hh_threshold = (p.hh_threshold + nf_ncpus() - 1) / nf_ncpus();
	err = nf_configure(v, obj, &p);
	if (err) {
		bpf_object__close(obj);
		/* -ERANGE: configure() said which parameter */
		return err == -ERANGE ? 1 : nf_err("setting the parameters of %s failed: %s", name,
						   strerror(-err));
	}
	err = nf_load(obj);	/* and its setup program (kv_enetstl: the skip list) */
	if (err) {
		bpf_object__close(obj);
		return nf_err("loading %s failed: %s", name, strerror(-err));
	}
	snprintf(pin.dir, sizeof(pin.dir), EX_PIN_ROOT "/%.16s/%.64s", ifname, name);
	mkdir(EX_PIN_ROOT, 0700);
	snprintf(path, sizeof(path), EX_PIN_ROOT "/%s", ifname);
	mkdir(path, 0700);
	if (mkdir(pin.dir, 0700) && errno != EEXIST) {
		bpf_object__close(obj);
		return nf_err("cannot create %s: %s (is bpffs mounted on /sys/fs/bpf?)", pin.dir,
			      strerror(errno));
	}
	bpf_object__for_each_map(map, obj) {
		/*
		 * Not .rodata and friends (named after the object), but custom
		 * data sections: state the control plane writes (the cuckoo
		 * table flavor's .data.ck_table).
		 */
		if (strchr(bpf_map__name(map), '.') &&
		    strncmp(bpf_map__name(map), ".data.", 6))
			continue;
		pin_path(path, sizeof(path), pin.dir, bpf_map__name(map));
		err = bpf_map__pin(map, path);
		if (err)
			break;
	}
	/* the XDP program as "prog", control-plane programs by their names */
	bpf_object__for_each_program(prog, obj) {
		if (err)
			break;
		snprintf(path, sizeof(path), "%s/%s", pin.dir,
			 prog == nf_prog(obj) ? "prog" : bpf_program__name(prog));
		err = bpf_program__pin(prog, path);
	}
	if (!err)
		err = bpf_xdp_attach(ifindex, bpf_program__fd(nf_prog(obj)), flags, NULL);
	if (err) {
		unpin_all(pin.dir);
		bpf_object__close(obj);
		return nf_err("attaching %s to %s (%s mode) failed: %s", name, ifname,
			      native ? "native" : "generic", strerror(-err));
	}
	printf("%s attached to %s (%s XDP); state pinned in %s\n", name, ifname,
	       native ? "native" : "generic", pin.dir);
	bpf_object__close(obj);
	return 0;
}

static int cmd_detach(const char *ifname)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct pinned p;
	int ifindex = ifindex_of(ifname), fd, err;

	if (!ifindex || find_pinned(ifname, &p, 0))
		return 1;
	fd = pinned_fd(&p, "prog");
	if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len) &&
	    !bpf_xdp_query(ifindex, 0, &q) && q.prog_id == info.id) {
		err = bpf_xdp_detach(ifindex, q.attach_mode == XDP_ATTACHED_DRV ?
				     XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE, NULL);
		if (err)
			return nf_err("detaching from %s failed: %s", ifname, strerror(-err));
		printf("%s detached from %s\n", p.v->name, ifname);
	} else {
		printf("%s was no longer attached to %s; removing its pins\n", p.v->name, ifname);
	}
	unpin_all(p.dir);
	return 0;
}

static int cmd_stats(const char *ifname, int interval, int count)
{
	struct pinned p;
	struct nf_maps m = { .fd = pinned_fd, .ctx = &p };

	if (find_pinned(ifname, &p, 0))
		return 1;
	m.v = p.v;
	for (int i = 0; ; i++) {
		if (ex_print_stats(&m))
			return 1;
		fflush(stdout);
		if (!interval || (count && i + 1 >= count))
			return 0;
		sleep(interval);
	}
}

static int cmd_table(const char *cmd, const char *ifname, char **keyargv, const char *port)
{
	struct pinned p;
	struct nf_maps m = { .fd = pinned_fd, .ctx = &p };
	struct enetstl_flow_key k;
	unsigned long v;
	char *end;

	if (find_pinned(ifname, &p, 0))
		return 1;
	m.v = p.v;
	if (ex_parse_key(keyargv, &k))
		return nf_err("bad flow key: want PROTO SRC SPORT DST DPORT (proto tcp or udp)");
	if (!strcmp(cmd, "query"))
		return ex_query(&m, &k);
	if (!strcmp(cmd, "delete") && p.v->ops->remove)
		return p.v->ops->remove(&m, &k);
	if (!strcmp(cmd, "delete") || !p.v->ops->insert)
		return nf_err("%s: only the cuckoo switch%s has a table (this is %s)", cmd,
			      strcmp(cmd, "delete") ? "" : " and the kvstore", p.v->name);
	v = strtoul(port, &end, 0);
	if (*end || v > 0xffffffffu)
		return nf_err("bad port: %s", port);
	return p.v->ops->insert(&m, &k, v);
}

static int cmd_dump(const char *ifname, const struct nf_dump_opts *o)
{
	struct pinned p;
	struct nf_maps m = { .fd = pinned_fd, .ctx = &p };

	if (find_pinned(ifname, &p, 0))
		return 1;
	m.v = p.v;
	return ex_dump(&m, o);
}
int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "native", no_argument, NULL, 'N' }, { "hh-threshold", required_argument, NULL, 'H' },
		{ "p-inv", required_argument, NULL, 'P' }, { "forward", no_argument, NULL, 'F' },
		{ "interval", required_argument, NULL, 'i' }, { "count", required_argument, NULL, 'c' },
		{ "top", required_argument, NULL, 't' }, { "qlen", required_argument, NULL, 'Q' },
		{ "max-flows", required_argument, NULL, 'M' }, { "help", no_argument, NULL, 'h' }, { }
	};
	const char *cmd = argc > 1 ? argv[1] : "";
	int native = 0, interval = 0, count = 0, c, nargs;
	struct nf_dump_opts dump = { .top = 10 };
	struct nf_params p;
	char **args;

	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "replay"))
		return ex_replay(argc - 1, argv + 1);
	nf_params_defaults(&p);	/* each NF's own */
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'N': native = 1; break;
		case 'H': p.hh_threshold = dump.hh_min = strtoul(optarg, NULL, 0); break;
		case 'P': p.p_inv = strtoul(optarg, NULL, 0); break;
		case 'F': p.forward = 1; break;
		case 'i': interval = atoi(optarg); break;
		case 'c': count = atoi(optarg); break;
		case 't': dump.top = strtoul(optarg, NULL, 0); break;
		case 'Q': p.qlen = strtoul(optarg, NULL, 0); break;
		case 'M': p.max_flows = strtoul(optarg, NULL, 0); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!p.p_inv || !p.qlen)
		return nf_err("--p-inv and --qlen must be at least 1");
	args = argv + optind;
	nargs = argc - optind;
	libbpf_set_print(NULL);
	if (!strcmp(cmd, "list") && nargs == 0) {
		for (unsigned int i = 0; i < nf_nvariants; i++)
			printf("%-20s %-12s %-8s %s\n", nf_variants[i].name, nf_variants[i].ops->name,
			       nf_variants[i].enetstl ? "eNetSTL" : "eBPF",
			       nf_variants[i].rows ? (char[8]){ 'k', '=', '0' + nf_variants[i].rows } : "");
		return 0;
	}
	if (!strcmp(cmd, "attach") && nargs == 2)
		return cmd_attach(args[0], args[1], native, p);
	if (!strcmp(cmd, "detach") && nargs == 1)
		return cmd_detach(args[0]);
	if (!strcmp(cmd, "stats") && nargs == 1)
		return cmd_stats(args[0], interval, count);
	if (!strcmp(cmd, "dump") && nargs == 1)
		return cmd_dump(args[0], &dump);
	if ((!strcmp(cmd, "query") || !strcmp(cmd, "delete")) && nargs == 6)
		return cmd_table(cmd, args[0], args + 1, NULL);
	if (!strcmp(cmd, "insert") && nargs == 7)
		return cmd_table(cmd, args[0], args + 1, args[6]);
	if (!*cmd)
		nf_err("a command is needed");
	else
		nf_err("bad command line for '%s'", cmd);
	usage(stderr);
	return 2;
}
