// SPDX-License-Identifier: GPL-2.0
/*
 * test_mem_dtor.c - the kptr destructor where a program puts it: a kprobe
 * on call_rcu() and a perf_event program overwrite the element holding a
 * container while an XDP program on the same CPU is inside
 * enetstl_node_erase() with the container's lock held (mem_dtor.bpf.c).
 * A destructor that took that lock would deadlock there; ours queues the
 * destroy, which must then free everything.
 */
#define _GNU_SOURCE	/* sched_setaffinity() */
#include <errno.h>
#include <sched.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <enetstl/loader.h>
#include "runner.h"
#include "mem_dtor.skel.h"

static struct mem_dtor *dtor_open(void)
{
	struct mem_dtor *skel = mem_dtor__open();
	int err;

	if (!CHECK(skel, "mem_dtor open: %s", strerror(errno)))
		return NULL;
	/* Each case attaches its own hook. */
	bpf_program__set_autoattach(skel->progs.dtor_kprobe, false);
	err = enetstl_fix_kptrs(skel->obj);
	if (CHECK(!err, "enetstl_fix_kptrs: %s", strerror(-err)) &&
	    CHECK(!(err = mem_dtor__load(skel)), "mem_dtor load: %d", err))
		return skel;
	mem_dtor__destroy(skel);
	return NULL;
}

static int dtor_setup(struct mem_dtor *skel)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.dtor_setup), &o))
		return -errno;
	return o.retval;
}

/* One XDP run of @rounds erase + insert pairs; returns the status it left. */
static int dtor_churn(struct mem_dtor *skel, unsigned int rounds)
{
	char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));

	skel->bss->rounds = rounds;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.dtor_churn), &o))
		return -errno;
	return skel->bss->status;
}

/*
 * After the hook fired and was detached, @st being the status of the churn
 * it fired in: did the destructor run there? Newer kernels (7.x) leave a
 * kptr in place when a BPF program overwrites its map value, so the
 * destructor never runs in the hook's context; then the holder still holds
 * the container (released here). Where it ran, the churn must have seen
 * the container go. Either way everything is freed. Returns the reason to
 * skip, or NULL.
 */
static const char *dtor_finish(struct mem_dtor *skel, int st, const char *when)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);
	const char *skip = NULL;

	CHECK_EQ("the hook's map update", skel->bss->fired_ret, 0);
	if (CHECK(!bpf_prog_test_run_opts(bpf_program__fd(skel->progs.dtor_holder_left), &o),
		  "dtor_holder_left: %s", strerror(errno)) && o.retval == 1)
		skip = "this kernel keeps a kptr when a BPF program overwrites its map value: no destructor runs in that context";
	if (!skip)
		CHECK(st == -ENOENT || st == -ENOMEM,
		      "churn after the container's last reference went: %d, want -ENOENT or -ENOMEM", st);
	mem_check_balanced(when);
	return skip;
}

static void dtor_kprobe_test(void)
{
	struct bpf_link *link = NULL;
	const char *skip = NULL;
	struct mem_dtor *skel;
	char label[200];
	int st;

	tl_errors = 0;
	skel = dtor_open();
	if (!skel)
		goto out;
	CHECK_EQ("setup", dtor_setup(skel), 0);
	CHECK_EQ("churn before the hook", dtor_churn(skel, 100), 0);
	link = bpf_program__attach_kprobe(skel->progs.dtor_kprobe, false, "call_rcu");
	if (!CHECK(link, "kprobe on call_rcu: %s", strerror(errno)))
		goto done;
	skel->bss->target_tgid = getpid();
	skel->bss->kprobe_armed = 1;
	st = dtor_churn(skel, 100);
	CHECK_EQ("the kprobe dropped the holder inside an erase", skel->bss->fired_kprobe, 1);
	bpf_link__destroy(link);
	link = NULL;
	skip = dtor_finish(skel, st, "after the kprobe's destructor");
done:
	bpf_link__destroy(link);
	mem_dtor__destroy(skel);
out:
	snprintf(label, sizeof(label),
		 "[%s] mem: destructor from a kprobe inside enetstl_node_erase (container lock held): no deadlock, all freed",
		 test_mode);
	if (skip && !tl_errors)
		tl_skip(skip, "%s", label);
	else
		tl_result("%s", label);
}

/*
 * A CPU-wide event on @cpu, not one following this task: a task event flips
 * the scheduler's perf static key, and patching __schedule() while other
 * vCPUs run it crashed a TCG guest (int3 from a stale translation).
 */
static int perf_open(uint32_t type, uint64_t config, int cpu)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = type,
		.config = config,
		.freq = 1,
		.sample_freq = 20000,
	};

	/* every task on @cpu: the runner is pinned there while it churns */
	return syscall(__NR_perf_event_open, &attr, -1, cpu, -1, 0);
}

static void dtor_perf_test(void)
{
	const char *ctx = "NMI (hardware cycles)";
	struct timespec t0, t;
	struct bpf_link *link = NULL;
	const char *skip = NULL;
	struct mem_dtor *skel;
	char label[200];
	int pfd, st = 0;
	cpu_set_t old, one;
	bool pinned;

	tl_errors = 0;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	pinned = !sched_getaffinity(0, sizeof(old), &old) && !sched_setaffinity(0, sizeof(one), &one);
	CHECK(pinned, "pin to CPU 0: %s", strerror(errno));
	pfd = perf_open(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, 0);
	if (pfd < 0) {
		ctx = "hardirq (software clock: this guest has no PMU for NMIs)";
		pfd = perf_open(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, 0);
	}
	skel = CHECK(pfd >= 0, "perf_event_open: %s", strerror(errno)) ? dtor_open() : NULL;
	if (!skel)
		goto out;
	CHECK_EQ("setup", dtor_setup(skel), 0);
	link = bpf_program__attach_perf_event(skel->progs.dtor_perf, pfd);
	if (!CHECK(link, "attach perf_event: %s", strerror(errno)))
		goto done;
	skel->bss->perf_armed = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		st = dtor_churn(skel, 200);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (!skel->bss->fired_perf && !st && t.tv_sec - t0.tv_sec < 20);
	CHECK_EQ("a sample dropped the holder inside an erase", skel->bss->fired_perf, 1);
	printf("  perf_event: fired after %.2f s, %u erase+insert pairs\n",
	       (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9, skel->bss->churned);
	bpf_link__destroy(link);
	link = NULL;
	/* the sample may have landed in the churn's last erase: one more shows the container gone */
	if (!st)
		st = dtor_churn(skel, 10);
	skip = dtor_finish(skel, st, "after the perf_event destructor");
done:
	bpf_link__destroy(link);
	mem_dtor__destroy(skel);
out:
	if (pfd >= 0)
		close(pfd);
	if (pinned)
		sched_setaffinity(0, sizeof(old), &old);
	snprintf(label, sizeof(label),
		 "[%s] mem: destructor from a perf_event program inside enetstl_node_erase, %s: all freed",
		 test_mode, ctx);
	if (skip && !tl_errors)
		tl_skip(skip, "%s", label);
	else
		tl_result("%s", label);
}

void test_mem_dtor(void)
{
	dtor_kprobe_test();
	dtor_perf_test();
}
