// SPDX-License-Identifier: GPL-2.0
/*
 * test_mem_stats.c - the memory wrapper's registry side (kmod/
 * enetstl_mem_registry.c): the /sys/module/enetstl/mem_stats counters and
 * the balance every test ends with; handles of another container and
 * made-up handles; rmmod refused while a map holds a container; isolation
 * between objects that share no map.
 */
#include <time.h>
#include <unistd.h>
#include "test_mem.h"

/* ---- counters ---- */

static int64_t stat_field(const char *buf, const char *name)
{
	const char *p = strstr(buf, name);

	return p ? strtoll(p + strlen(name) + 1, NULL, 10) : -1;
}

/* The lines of mem_stats, in the order mem.h documents. */
static const char *const stat_names[] = {
	"containers_created", "containers_freed", "nodes_allocated", "nodes_dropped",
	"nodes_freed", "nodes_reused", "lists_created", "lists_freed", "alloc_failed",
	"bytes", "destroys_pending",
};

/* Every line "name value", the documented names in order, nothing else. */
static bool stat_format_ok(const char *buf)
{
	const char *p = buf;
	char *end;

	for (size_t i = 0; i < sizeof(stat_names) / sizeof(stat_names[0]); i++) {
		size_t len = strlen(stat_names[i]);

		if (strncmp(p, stat_names[i], len) || p[len] != ' ')
			return false;
		strtoll(p + len + 1, &end, 10);
		if (end == p + len + 1 || *end != '\n')
			return false;
		p = end + 1;
	}
	return *p == '\0';
}

int mem_stats_read(struct mem_stats *s)
{
	char buf[1024];

	if (read_file("/sys/module/enetstl/mem_stats", buf, sizeof(buf)) <= 0)
		return -1;
	if (!stat_format_ok(buf))
		return -1;
	s->containers_created = stat_field(buf, "containers_created");
	s->containers_freed = stat_field(buf, "containers_freed");
	s->nodes_allocated = stat_field(buf, "nodes_allocated");
	s->nodes_dropped = stat_field(buf, "nodes_dropped");
	s->nodes_freed = stat_field(buf, "nodes_freed");
	s->nodes_reused = stat_field(buf, "nodes_reused");
	s->lists_created = stat_field(buf, "lists_created");
	s->lists_freed = stat_field(buf, "lists_freed");
	s->alloc_failed = stat_field(buf, "alloc_failed");
	s->bytes = stat_field(buf, "bytes");
	s->destroys_pending = stat_field(buf, "destroys_pending");
	return 0;
}

/* Wait (RCU callbacks) until every object and node ever made is freed. */
bool mem_stats_balanced(struct mem_stats *s)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	for (int i = 0; i < 200; i++) {
		if (!mem_stats_read(s) && s->containers_created == s->containers_freed &&
		    s->nodes_allocated == s->nodes_dropped &&
		    s->nodes_allocated == s->nodes_freed && s->lists_created == s->lists_freed &&
		    s->bytes == 0 && s->destroys_pending == 0)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

void mem_check_balanced(const char *when)
{
	struct mem_stats s;

	CHECK(mem_stats_balanced(&s),
	      "%s: counters unbalanced (or mem_stats not in the documented format): containers %lld/%lld nodes %lld/%lld/%lld lists %lld/%lld bytes %lld pending %lld",
	      when, (long long)s.containers_created, (long long)s.containers_freed,
	      (long long)s.nodes_allocated, (long long)s.nodes_dropped, (long long)s.nodes_freed,
	      (long long)s.lists_created, (long long)s.lists_freed, (long long)s.bytes,
	      (long long)s.destroys_pending);
}

/* Handles of another container, made-up handles, bad slots. */
void mem_handles_test(void)
{
	struct mem_calls *skel;
	char label[160];
	uint64_t foreign, h;
	int64_t r;

	tl_errors = 0;
	skel = mem_open_root(0, MEM_PAYLOAD);
	if (!skel)
		goto out;
	CHECK_EQ("setup 1", mem_setup(skel, 1, MEM_PAYLOAD, 0, NULL), 0);
	/* runner 0 -> container 0, runner 1 -> container 1 */
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_ALLOC, .a = 0, .val = 11 }, &r);
	CHECK_EQ("alloc in container 0", r, 0);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_ALLOC, .a = 0, .val = 22 }, &r);
	CHECK_EQ("alloc in container 1", r, 0);
	foreign = table_handle(skel, 1, 0);
	h = table_handle(skel, 0, 0);
	CHECK(foreign && h && foreign != h, "handles %llx %llx", (unsigned long long)h,
	      (unsigned long long)foreign);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 1, .val = foreign }, &r);
	CHECK_EQ("link to a node of another container", r, -EXDEV);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 1, .val = h + 1000 }, &r);
	CHECK_EQ("link to a made-up node id", r, -ENOENT);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 1, .val = h }, &r);
	CHECK_EQ("link to itself", r, 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_READ, .a = 0, .slot = 1 }, &r);
	CHECK_EQ("read through the self link", r, 11);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_SEARCH, .a = 0, .slot = 1, .val = ~0ull }, &r);
	CHECK_EQ("search along a self link", r, -ELOOP);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_SEARCH, .a = 0, .slot = 0, .val = ~0ull }, &r);
	CHECK_EQ("search on an empty slot 0", r, 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_SEARCH, .a = 0, .slot = 16, .val = 1 }, &r);
	CHECK_EQ("search from slot 16", r, -EINVAL);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_SEARCH, .a = 5, .slot = 0, .val = 1 }, &r);
	CHECK_EQ("search from an empty row (handle 0)", r, -ENOENT);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 16, .val = h }, &r);
	CHECK_EQ("link slot 16", r, -EINVAL);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .slot = 255, .val = h }, &r);
	CHECK_EQ("link slot 255", r, -EINVAL);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_BIGDATA, .a = 0 }, &r);
	CHECK_EQ("data(64) on a 32-byte payload is NULL", r, 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_FREE, .a = 0 }, &r);
	CHECK_EQ("free of a node that links to itself", r, -EBUSY);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_UNLINK, .a = 0, .slot = 1 }, &r);
	CHECK_EQ("unlink the self link", r, 0);
	run_one(skel, 0, 0, (struct mem_op){ .code = MOP_FREE, .a = 0 }, &r);
	CHECK_EQ("free", r, 0);
	{
		struct mem_op op = { .code = MOP_LINKH, .a = 1, .slot = 0, .val = h };

		/* row 1 of runner 1 is empty: looking up handle 0 fails */
		run_one(skel, 1, 1, op, &r);
		CHECK_EQ("lookup of an empty row", r, -ENOENT);
	}
	/* A mem_setup SYSCALL handle must not name a node, nor a node handle a container. */
	CHECK_EQ("drop 0", mem_drop(skel, 0), 0);
	CHECK_EQ("drop 1", mem_drop(skel, 1), 0);
	CHECK_EQ("drop again", mem_drop(skel, 1), -ENOENT);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_ALLOC, .a = 3, .val = 1 }, &r);
	CHECK_EQ("alloc in a dropped container", r, -ESRCH);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_NEW, .a = 3, .val = 1 }, &r);
	CHECK_EQ("enetstl_node_new in a dropped container", r, -ESRCH);
	run_one(skel, 1, 1, (struct mem_op){ .code = MOP_VALUE, .a = 0 }, &r);
	CHECK_EQ("lookup of a node of a dropped container", r, -ENOENT);
	mem_check_balanced("after both containers were dropped");
	mem_calls__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: foreign (-EXDEV), made-up and stale handles, bad slots, oversized data refused, search cycles end (-ELOOP)",
		 test_mode);
	tl_result("%s", label);
}

/* A map holding a container pins the module. */
void mem_pin_test(void)
{
	struct mem_calls *skel;
	char label[160];
	int err;

	tl_errors = 0;
	skel = mem_open_root(0, MEM_PAYLOAD);
	if (!skel)
		goto out;
	/* Programs gone, only the map (through its fd) holds the container. */
	{
		int map_fd = dup(bpf_map__fd(skel->maps.roots));

		mem_calls__destroy(skel);
		skel = NULL;
		err = mod_unload("enetstl", 300);
		CHECK(err == -EWOULDBLOCK || err == -EBUSY,
		      "rmmod while a map holds a container: %d (%s), want EBUSY", err, strerror(-err));
		CHECK(path_exists("/sys/kernel/btf/enetstl"), "module gone");
		close(map_fd);
	}
	mem_check_balanced("after the last map reference was closed");
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: rmmod refused while only a map holds a container; closing it frees everything",
		 test_mode);
	tl_result("%s", label);
}

/* ---- isolation, bounded calls, honest charges ---- */

#define ISO_NODES	32
#define ISO_VALUE	0x7e570000ull

/*
 * Probe @n node handles from @att (an object sharing no map with the
 * victim): a lookup, an erase and a search per handle. Returns how many
 * probes did anything but fail with -ENOENT.
 */
static int iso_probe_nodes(struct mem_calls *att, const uint64_t *guess, int n, bool report)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	int hits = 0;

	for (int base = 0; base < n; base += MEM_TABLE) {
		int k = n - base < MEM_TABLE ? n - base : MEM_TABLE;

		o.n = 0;
		for (int i = 0; i < k; i++) {
			table_set(att, 0, i, guess[base + i]);
			o.op[o.n++] = (struct mem_op){ .code = MOP_VALUE, .a = i };
			o.op[o.n++] = (struct mem_op){ .code = MOP_ERASE, .a = i,
						       .val = ISO_VALUE + i };
			o.op[o.n++] = (struct mem_op){ .code = MOP_SEARCH, .a = i };
		}
		if (!CHECK_EQ("probe batch", mem_run(att, 0, 0, &o, &r), (int)o.n))
			return -1;
		for (unsigned int i = 0; i < o.n; i++)
			if (r.res[i] != -ENOENT) {
				if (report && hits < 3)
					printf("#   probe %s of %#llx: %lld\n", op_names[o.op[i].code],
					       (unsigned long long)guess[base + i / 3],
					       (long long)r.res[i]);
				hits++;
			}
	}
	return hits;
}

/* Probe @n container handles with enetstl_mem_get(); returns the hits. */
static int iso_probe_containers(struct mem_calls *att, const uint64_t *guess, int n)
{
	static struct mem_opbuf o;
	static struct mem_results r;
	int hits = 0;

	for (int base = 0; base < n; base += MEM_OPS_MAX) {
		o.n = n - base < MEM_OPS_MAX ? n - base : MEM_OPS_MAX;
		for (unsigned int i = 0; i < o.n; i++)
			o.op[i] = (struct mem_op){ .code = MOP_GETC, .val = guess[base + i] };
		if (!CHECK_EQ("probe batch", mem_run(att, 0, 0, &o, &r), (int)o.n))
			return -1;
		for (unsigned int i = 0; i < o.n; i++)
			hits += r.res[i] != -ESRCH;
	}
	return hits;
}

/*
 * One program must not reach another's objects: a second object (its own
 * maps, as another user's program would have) guesses handles the way
 * the old registry made them (slot and generation), near misses of the
 * real ones (every bit flipped), and random ones. No guess may find,
 * change or erase anything; the victim's nodes read back unchanged. The
 * real handle, handed over, works: the probes would see a hit.
 */
void mem_isolation_test(void)
{
	uint64_t vh[ISO_NODES], vc = 0, ac = 0, seed = 0x150a7e;
	struct mem_calls *victim = NULL, *att = NULL;
	static uint64_t guess[8192];
	static struct mem_opbuf o;
	static struct mem_results r;
	int n = 0, hits;
	char label[200];

	tl_errors = 0;
	victim = mem_open();
	att = victim ? mem_open() : NULL;
	if (!att)
		goto out;
	CHECK_EQ("victim setup", mem_setup(victim, 0, MEM_PAYLOAD, 0, &vc), 0);
	CHECK_EQ("attacker setup", mem_setup(att, 0, MEM_PAYLOAD, 0, &ac), 0);
	o.n = ISO_NODES;
	for (int i = 0; i < ISO_NODES; i++)
		o.op[i] = (struct mem_op){ .code = MOP_ALLOC, .a = i, .val = ISO_VALUE + i };
	CHECK_EQ("victim allocs", mem_run(victim, 0, 0, &o, &r), ISO_NODES);
	for (int i = 0; i < ISO_NODES; i++) {
		vh[i] = table_handle(victim, 0, i);
		CHECK(vh[i] && (int64_t)vh[i] > 0, "node handle %d: %#llx, want positive",
		      i, (unsigned long long)vh[i]);
	}
	CHECK(vc && (int64_t)vc > 0 && vc != ac, "container handles %#llx %#llx",
	      (unsigned long long)vc, (unsigned long long)ac);

	/* Nodes: the old registry's ids, bit flips of the real ones, random. */
	for (uint64_t slot = 1; slot <= 256; slot++)
		guess[n++] = ((1ull << 14 | slot) << 32) | 1;
	for (uint64_t slot = 1; slot <= 64; slot++)
		for (uint64_t idx = 0; idx < 8; idx++)
			guess[n++] = (slot << 32) | idx;
	for (int i = 0; i < 4; i++)
		for (int b = 0; b < 64; b++)
			guess[n++] = vh[i] ^ (1ull << b);
	while (n < 4096)
		guess[n++] = tl_rand64(&seed) >> 1;
	hits = iso_probe_nodes(att, guess, n, true);
	CHECK_EQ("node probes that reached the victim", hits, 0);

	/* Containers: the old ids (slot, generation << 14 | slot), bit flips, random. */
	n = 0;
	for (uint64_t slot = 0; slot < 1024; slot++)
		guess[n++] = slot;
	for (uint64_t gen = 1; gen < 4; gen++)
		for (uint64_t slot = 1; slot < 1024; slot++)
			guess[n++] = gen << 14 | slot;
	for (int b = 0; b < 64; b++)
		guess[n++] = vc ^ (1ull << b);
	guess[n++] = vc & 0x3fff;
	while (n < 8192)
		guess[n++] = (tl_rand64(&seed) >> 1 & ~0x3fffull) | (vc & 0x3fff);
	hits = iso_probe_containers(att, guess, n);
	CHECK_EQ("container probes that reached the victim", hits, 0);

	/* The victim's nodes are all there, unchanged. */
	o.n = ISO_NODES;
	for (int i = 0; i < ISO_NODES; i++)
		o.op[i] = (struct mem_op){ .code = MOP_VALUE, .a = i };
	CHECK_EQ("victim reads", mem_run(victim, 0, 0, &o, &r), ISO_NODES);
	for (int i = 0; i < ISO_NODES; i++)
		CHECK_EQ("victim value", r.res[i], (int64_t)(ISO_VALUE + i));

	/* Handed over, a handle is a capability: the same probes find it (lookup, search). */
	CHECK_EQ("probe with the real node handle", iso_probe_nodes(att, vh, 1, false), 2);
	CHECK_EQ("probe with the real container handle", iso_probe_containers(att, &vc, 1), 1);
	/* ... and the attacker's own nodes cannot link into the victim's container. */
	{
		int64_t res;

		run_one(att, 1, 0, (struct mem_op){ .code = MOP_ALLOC, .a = 0, .val = 1 }, &res);
		CHECK_EQ("attacker alloc", res, 0);
		run_one(att, 1, 0, (struct mem_op){ .code = MOP_LINKH, .a = 0, .val = vh[1] }, &res);
		CHECK_EQ("link to the victim's node", res, -EXDEV);
	}
	CHECK_EQ("victim drop", mem_drop(victim, 0), 0);
	CHECK_EQ("attacker drop", mem_drop(att, 0), 0);
	mem_check_balanced("after the isolation probes");
out:
	if (att)
		mem_calls__destroy(att);
	if (victim)
		mem_calls__destroy(victim);
	snprintf(label, sizeof(label),
		 "[%s] mem: another object's 4096 node and 8192 container handle guesses (old ids, bit flips, random) reach nothing",
		 test_mode);
	tl_result("%s", label);
}
