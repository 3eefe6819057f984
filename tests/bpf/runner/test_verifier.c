// SPDX-License-Identifier: GPL-2.0
/*
 * test_verifier.c - load each program of every verifier_<group>.bpf.o on its
 * own and compare the verdict and the verifier log with the program's own
 * __success / __failure / __msg / __msg_any tags (tests/bpf/progs/
 * test_macros.h): every __msg must be in the log, and one __msg_any at least.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include <enetstl/loader.h>
#include "runner.h"
#include "verifier_progs.h"	/* the objects, from the Makefile's VERIFIER_PROGS */

#define TAG_PREFIX	"comment:enetstl_test="
#define MAX_MSGS	16

/* An object's bytes, as its skeleton embeds them. */
static const struct verifier_obj {
	const char *name;
	const void *(*elf_bytes)(size_t *sz);
} objs[] = {
#define VERIFIER_OBJ(x) { #x, x##__elf_bytes },
	VERIFIER_PROGS(VERIFIER_OBJ)
#undef VERIFIER_OBJ
};

struct expectation {
	bool failure, success, too_many;
	const char *msgs[MAX_MSGS];	/* __msg: every one */
	const char *any[MAX_MSGS];	/* __msg_any: one at least */
	int nr_msgs, nr_any;
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
		else if (!strncmp(tag, "msg_any=", 8) && e->nr_any < MAX_MSGS)
			e->any[e->nr_any++] = tag + 8;
		else if (!strncmp(tag, "msg=", 4) || !strncmp(tag, "msg_any=", 8))
			e->too_many = true;
	}
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level; (void)fmt; (void)ap;
	return 0;
}

static struct bpf_object *obj_open(const struct verifier_obj *o)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = o->name);
	const void *bytes;
	size_t sz;

	bytes = o->elf_bytes(&sz);
	return bpf_object__open_mem(bytes, sz, &opts);
}

/* Load only @name from a fresh @o; returns the load error, log in @log. */
static int load_one(const struct verifier_obj *o, const char *name, char *log, size_t log_size)
{
	struct bpf_object *obj = obj_open(o);
	struct bpf_program *p;
	libbpf_print_fn_t old;
	int err;

	if (!obj)
		return -errno;
	err = enetstl_fix_kptrs(obj);	/* kptr tags for this kernel */
	if (err) {
		bpf_object__close(obj);
		return err;
	}
	bpf_object__for_each_program(p, obj) {
		bool mine = !strcmp(bpf_program__name(p), name);

		bpf_program__set_autoload(p, mine);
		if (mine)
			bpf_program__set_log_buf(p, log, log_size);
	}
	log[0] = '\0';
	old = libbpf_set_print(silent_print);
	err = bpf_object__load(obj);
	libbpf_set_print(old);
	bpf_object__close(obj);
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

/* Every program of @o against its tags; counts into @rejected, @accepted. */
static void test_object(const struct verifier_obj *o, int *rejected, int *accepted)
{
	static char log[1 << 20];
	struct bpf_object *obj = obj_open(o);
	const struct btf *btf;
	struct bpf_program *p;
	char label[256];

	if (!obj) {
		tl_errors = 1;
		tl_result("[verifier] %s.bpf.o opens", o->name);
		return;
	}
	btf = bpf_object__btf(obj);
	bpf_object__for_each_program(p, obj) {
		const char *name = bpf_program__name(p);
		struct expectation e;
		bool any = false;
		int err;

		read_tags(btf, name, &e);
		tl_errors = 0;
		if (!CHECK(e.failure != e.success, "%s: needs exactly one of __success/__failure", name) ||
		    !CHECK(!e.too_many, "%s: more than %d __msg or __msg_any", name, MAX_MSGS) ||
		    !CHECK(e.failure || !(e.nr_msgs + e.nr_any), "%s: __msg on a __success program",
			   name))
			goto done;
		err = load_one(o, name, log, sizeof(log));
		if (e.success) {
			CHECK(err == 0, "%s: expected to load, got %d; log tail: %.600s", name, err,
			      strlen(log) > 600 ? log + strlen(log) - 600 : log);
			*accepted += !err;
			goto done;
		}
		if (!CHECK(err != 0, "%s: expected the verifier to reject it, but it loaded", name))
			goto done;
		for (int i = 0; i < e.nr_msgs; i++)
			CHECK(strstr(log, e.msgs[i]), "%s: rejected (%d) without \"%s\"; log: %.600s",
			      name, err, e.msgs[i], log_error(log, 600));
		for (int i = 0; i < e.nr_any; i++)
			any |= strstr(log, e.any[i]) != NULL;
		CHECK(any || !e.nr_any, "%s: rejected (%d) with none of its __msg_any (first: \"%s\"); log: %.600s",
		      name, err, e.any[0], log_error(log, 600));
		*rejected += !tl_errors && (e.nr_msgs || e.nr_any);
done:
		{
			const char *first = e.nr_msgs ? e.msgs[0] : e.nr_any ? e.any[0] : NULL;

			snprintf(label, sizeof(label), "[verifier] %s %s%s%s", name,
				 e.success ? "loads" : "is rejected", first ? ": " : "",
				 first ? first : "");
		}
		tl_result("%s", label);
	}
	bpf_object__close(obj);
}

void test_verifier(void)
{
	int rejected = 0, accepted = 0;

	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		test_object(&objs[i], &rejected, &accepted);
	printf("  verifier: %d rejected with the expected message, %d controls loaded\n",
	       rejected, accepted);
}
