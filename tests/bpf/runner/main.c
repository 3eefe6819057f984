// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - enetstl-vmtest: runs inside the test VM. Loads the module in each
 * of its modes, runs every kfunc test group against it, checks the refusal
 * paths and the unload, and prints "N passed, N failed, N skipped".
 *
 * usage: enetstl-vmtest --module KO [--nobtf-module KO] [--badbase-module KO]
 *                       [--badbase-distilled]
 *                       [--dkms-module KO] [--seed N]
 *                       [--only SUITE,...] [--filter PATTERN,...]
 */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/libbpf.h>
#include <enetstl/version.h>
#include "runner.h"

const char *test_mode = "-";

/*
 * A module that must not load: finit_module fails and the log says why (one
 * of the '|'-separated messages of @why).
 */
static void expect_refusal(const char *path, const char *what, const char *why)
{
	char label[160];
	int err;

	tl_errors = 0;
	kmsg_mark();
	err = mod_load(path, NULL);
	if (!err)
		mod_unload("enetstl", 1000);
	CHECK(err != 0, "%s loaded, it must refuse", path);
	CHECK(kmsg_contains(why), "kernel log lacks \"%s\"", why);
	CHECK(!path_exists("/sys/module/enetstl"), "/sys/module/enetstl left behind");
	snprintf(label, sizeof(label), "module: %s refuses to load (%s)", what,
		 err ? strerror(-err) : "loaded");
	tl_result("%s", label);
}

/*
 * A module whose BTF carries a distilled base (.BTF.base, pahole 1.28+ or
 * resolve_btfids --distill_base) made on another kernel's BTF: the kernel
 * relocates it onto its own BTF at load, or refuses it. Either is right; a
 * module that loads without its kfuncs is not.
 */
static void expect_relocation(const char *path)
{
	char label[200];
	int err;

	tl_errors = 0;
	kmsg_mark();
	err = mod_load(path, NULL);
	if (!err) {
		CHECK(path_exists("/sys/kernel/btf/enetstl"),
		      "loaded without /sys/kernel/btf/enetstl: no kfuncs");
		CHECK(mod_unload("enetstl", 1000) == 0, "rmmod enetstl failed");
	} else {
		CHECK(kmsg_contains("rejected the module's BTF|failed to validate module [enetstl] BTF"),
		      "refused (%s) without saying why", strerror(-err));
	}
	CHECK(!path_exists("/sys/module/enetstl"), "/sys/module/enetstl left behind");
	snprintf(label, sizeof(label),
		 "module: BTF with a distilled base made on another kernel %s",
		 err ? "is refused" : "is relocated at load: kfuncs registered");
	tl_result("%s", label);
}

static bool load_mode(const char *path, bool generic)
{
	bool hw = !generic && cpu_has_flag("sse4_2");
	bool avx2 = !generic && cpu_has_flag("avx2");
	char buf[256], label[160];
	int err;

	tl_errors = 0;
	kmsg_mark();
	err = mod_load(path, generic ? "generic_only=1" : NULL);
	if (CHECK(!err, "finit_module(%s): %s", path, strerror(-err))) {
		CHECK(path_exists("/sys/kernel/btf/enetstl"), "/sys/kernel/btf/enetstl missing");
		CHECK(read_file("/sys/module/enetstl/version", buf, sizeof(buf)) > 0 &&
		      !strncmp(buf, ENETSTL_VERSION "\n", sizeof(ENETSTL_VERSION)),
		      "version file: \"%s\", want %s", buf, ENETSTL_VERSION);
		CHECK(read_file("/sys/module/enetstl/cpu_paths", buf, sizeof(buf)) > 0 &&
		      strstr(buf, hw ? "crc32c sse4.2\n" : "crc32c table\n"),
		      "cpu_paths: \"%s\", want crc32c %s", buf, hw ? "sse4.2" : "table");
		CHECK(strstr(buf, avx2 ? "compare avx2\n" : "compare generic\n"),
		      "cpu_paths: \"%s\", want compare %s", buf, avx2 ? "avx2" : "generic");
		CHECK(read_file("/sys/module/enetstl/parameters/generic_only", buf, sizeof(buf)) > 0 &&
		      buf[0] == (generic ? 'Y' : 'N'), "generic_only parameter: %s", buf);
		CHECK(kmsg_contains("enetstl: version " ENETSTL_VERSION " loaded"),
		      "no load message in the kernel log");
	}
	snprintf(label, sizeof(label),
		 "[%s] module loads%s: /sys/kernel/btf/enetstl, version %s, crc32c %s, compare %s",
		 test_mode, generic ? " with generic_only=1" : "", ENETSTL_VERSION,
		 hw ? "sse4.2" : "table", avx2 ? "avx2" : "generic");
	tl_result("%s", label);
	return !err;
}

static void unload(void)
{
	int err = mod_unload("enetstl", 5000);

	tl_errors = 0;
	CHECK(!err, "delete_module: %s", strerror(-err));
	CHECK(!path_exists("/sys/module/enetstl"), "/sys/module/enetstl still there");
	CHECK(!path_exists("/sys/kernel/btf/enetstl"), "/sys/kernel/btf/enetstl still there");
	{
		char label[96];

		snprintf(label, sizeof(label), "[%s] module unloads cleanly", test_mode);
		tl_result("%s", label);
	}
}

/* The suites, in the order they run (runner.h). */
static const struct suite {
	const char *name;
	void (*run)(void);
	bool native_only;
} suites[] = {
#define RUNNER_SUITE_ENTRY(name, fn, native_only) { #name, fn, native_only },
	RUNNER_SUITES(RUNNER_SUITE_ENTRY)
#undef RUNNER_SUITE_ENTRY
};

/* @name is in the comma-separated list @only (NULL: every suite). */
static bool suite_selected(const char *only, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = only; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	return !only;
}

/*
 * @name matches one of the comma-separated patterns of @filter (NULL: every
 * suite), as test_progs -t does: a glob (*, ?, [...]) matches the whole
 * name, any other pattern a part of it.
 */
static bool suite_filtered(const char *filter, const char *name)
{
	char pat[128];

	if (!filter)
		return true;
	for (const char *p = filter; *p; ) {
		size_t n = strcspn(p, ",");

		if (n && n < sizeof(pat)) {
			memcpy(pat, p, n);
			pat[n] = '\0';
			if (strpbrk(pat, "*?[") ? !fnmatch(pat, name, 0) : !!strstr(name, pat))
				return true;
		}
		p += n + (p[n] == ',');
	}
	return false;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "module", required_argument, NULL, 'm' },
		{ "nobtf-module", required_argument, NULL, 'n' },
		{ "badbase-module", required_argument, NULL, 'b' },
		{ "badbase-distilled", no_argument, NULL, 'D' },
		{ "dkms-module", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "only", required_argument, NULL, 'o' },
		{ "filter", required_argument, NULL, 'f' },
		{ }
	};
	const char *module = NULL, *nobtf = NULL, *badbase = NULL, *dkms = NULL, *only = NULL;
	const char *filter = NULL;
	bool distilled = false;
	uint64_t seed = 0x5eed;
	struct utsname u;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': module = optarg; break;
		case 'n': nobtf = optarg; break;
		case 'b': badbase = optarg; break;
		case 'D': distilled = true; break;
		case 'd': dkms = optarg; break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'o': only = optarg; break;
		case 'f': filter = optarg; break;
		default:
			fprintf(stderr, "usage: %s --module KO [--nobtf-module KO] [--badbase-module KO [--badbase-distilled]] [--dkms-module KO] [--seed N] [--only SUITE,...] [--filter PATTERN,...]\n", argv[0]);
			return 2;
		}
	}
	if (!module) {
		fprintf(stderr, "enetstl-vmtest: --module is required\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&u);
	tl_srand(seed);
	printf("enetstl-vmtest: kernel %s, seed %#llx, sse4.2 %s, avx2 %s\n", u.release,
	       (unsigned long long)seed, cpu_has_flag("sse4_2") ? "yes" : "no",
	       cpu_has_flag("avx2") ? "yes" : "no");
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	if (only)
		printf("enetstl-vmtest: only the suites %s (--only)\n", only);
	if (filter)
		printf("enetstl-vmtest: only the suites matching %s (--filter)\n", filter);

	if (nobtf)
		expect_refusal(nobtf, "built without BTF", "module has no .BTF section");
	else
		tl_skip("no --nobtf-module given", "module: built without BTF refuses to load");
	if (badbase && distilled)
		expect_relocation(badbase);
	else if (badbase)
		/* Our check (up to 6.x), or the kernel's own: from 7.x module
		 * BTF carries a distilled base, relocated at load or refused.
		 */
		expect_refusal(badbase, "BTF made against another kernel",
			       "rejected the module's BTF|failed to validate module [enetstl] BTF");
	else
		tl_skip("no --badbase-module given", "module: foreign-base BTF refuses to load");

	for (int generic = 1; generic >= 0; generic--) {
		test_mode = generic ? "generic" : "native";
		if (!load_mode(module, generic))
			continue;
		for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
			if (suite_selected(only, suites[i].name) &&
			    suite_filtered(filter, suites[i].name) &&
			    !(generic && suites[i].native_only))
				suites[i].run();
		unload();
	}
	/* The module as DKMS installed it (stripped with strip -g): BTF intact? */
	test_mode = "dkms";
	if (!dkms)
		tl_skip("no --dkms-module given", "[dkms] DKMS-installed module loads and works");
	else if (load_mode(dkms, false)) {
		test_bitops();
		test_crc32c();
		unload();
	}
	printf("kernel %s\n", u.release);
	return tl_summary("vmtest");
}
