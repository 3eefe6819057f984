// SPDX-License-Identifier: GPL-2.0
/*
 * test_verifier.c - load each program of verifier_reject.bpf.o on its own and
 * compare the verdict and the verifier log with the program's own
 * __success / __failure / __msg tags (tests/bpf/progs/test_macros.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include <enetstl/loader.h>
#include "runner.h"
#include "verifier_reject.skel.h"

#define TAG_PREFIX	"comment:enetstl_test="
#define MAX_MSGS	16

struct expectation {
	bool failure, success, too_many;
	const char *msgs[MAX_MSGS];
	int nr_msgs;
};

static void read_tags(const struct btf *btf, const char *func, struct expectation *e)
{
	int func_id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	unsigned int n = btf__type_cnt(btf);

	memset(e, 0, sizeof(*e));
	for (unsigned int id = 1; func_id > 0 && id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *tag;

		if (!btf_is_decl_tag(t) || t->type != (unsigned int)func_id ||
		    btf_decl_tag(t)->component_idx != -1)
			continue;
		tag = btf__name_by_offset(btf, t->name_off);
		if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
			continue;
		tag += strlen(TAG_PREFIX);
		if (!strcmp(tag, "failure"))
			e->failure = true;
		else if (!strcmp(tag, "success"))
			e->success = true;
		else if (!strncmp(tag, "msg=", 4) && e->nr_msgs < MAX_MSGS)
			e->msgs[e->nr_msgs++] = tag + 4;
		else if (!strncmp(tag, "msg=", 4))
			e->too_many = true;
	}
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level; (void)fmt; (void)ap;
	return 0;
}

/* Load only @name from a fresh object; returns the load error, log in @log. */
static int load_one(const char *name, char *log, size_t log_size)
{
	struct verifier_reject *skel = verifier_reject__open();
	struct bpf_program *p;
	libbpf_print_fn_t old;
	int err;

	if (!skel)
		return -errno;
	err = enetstl_fix_kptrs(skel->obj);	/* kptr tags for this kernel */
	if (err) {
		verifier_reject__destroy(skel);
		return err;
	}
	bpf_object__for_each_program(p, skel->obj) {
		bool mine = !strcmp(bpf_program__name(p), name);

		bpf_program__set_autoload(p, mine);
		if (mine)
			bpf_program__set_log_buf(p, log, log_size);
	}
	log[0] = '\0';
	old = libbpf_set_print(silent_print);
	err = verifier_reject__load(skel);
	libbpf_set_print(old);
	verifier_reject__destroy(skel);
	return err;
}

/*
 * Where a verifier log says why: its last @n bytes, or from 7.x the @n bytes
 * before the explanation it appends ("Verification failed: ...").
 */
static const char *log_error(char *log, size_t n)
{
	char *end = strstr(log, "\nVerification failed");
	size_t len;

	if (end)
		*end = '\0';
	len = strlen(log);
	return len > n ? log + len - n : log;
}

void test_verifier(void)
{
	static char log[1 << 20];
	struct verifier_reject *skel = verifier_reject__open();
	const struct btf *btf;
	struct bpf_program *p;
	char label[256];
	int rejected = 0, accepted = 0;

	if (!skel) {
		tl_errors = 1;
		tl_result("[verifier] verifier_reject.bpf.o opens");
		return;
	}
	btf = bpf_object__btf(skel->obj);
	bpf_object__for_each_program(p, skel->obj) {
		const char *name = bpf_program__name(p);
		struct expectation e;
		bool matched = false;
		int err;

		read_tags(btf, name, &e);
		tl_errors = 0;
		if (!CHECK(e.failure != e.success, "%s: needs exactly one of __success/__failure", name) ||
		    !CHECK(!e.too_many, "%s: more than %d __msg alternatives", name, MAX_MSGS))
			goto done;
		err = load_one(name, log, sizeof(log));
		if (e.success) {
			CHECK(err == 0, "%s: expected to load, got %d; log tail: %.600s", name, err,
			      strlen(log) > 600 ? log + strlen(log) - 600 : log);
			accepted += !err;
			goto done;
		}
		if (!CHECK(err != 0, "%s: expected the verifier to reject it, but it loaded", name))
			goto done;
		for (int i = 0; i < e.nr_msgs; i++)
			matched |= strstr(log, e.msgs[i]) != NULL;
		CHECK(matched || !e.nr_msgs, "%s: rejected (%d) but no expected message (first: \"%s\"); log: %.600s",
		      name, err, e.msgs[0], log_error(log, 600));
		rejected += matched;
done:
		snprintf(label, sizeof(label), "[verifier] %s %s%s%s", name,
			 e.success ? "loads" : "is rejected",
			 e.nr_msgs ? ": " : "", e.nr_msgs ? e.msgs[0] : "");
		tl_result("%s", label);
	}
	printf("  verifier: %d rejected with the expected message, %d controls loaded\n",
	       rejected, accepted);
	verifier_reject__destroy(skel);
}
