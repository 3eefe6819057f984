// SPDX-License-Identifier: GPL-2.0
/*
 * btfids - resolve and check the .BTF_ids section of a kernel module.
 *
 *   btfids resolve -b BASE MODULE.ko
 *   btfids check MODULE.ko
 *
 * The kernel's btf_ids.h macros leave one symbol per entry in .BTF_ids:
 * __BTF_ID__<kind>__<name>__<N> (kind func, struct, union or typedef) for a
 * u32 that must hold the BTF id of <name>, and __BTF_ID__set__<name> or
 * __BTF_ID__set8__<name> for a set: a u32 cnt (set8: u32 cnt, u32 flags)
 * followed by u32 ids (set8: u32 id, u32 flags pairs) that the kernel
 * bsearches, so they must be sorted by id.
 *
 * "resolve" does for a module what the kernel's resolve_btfids does, with
 * the same result byte for byte, for kernels whose headers do not ship that
 * tool. It changes only the bytes of .BTF_ids, in place. Unlike
 * resolve_btfids, a name missing from BTF is an error, not a warning.
 * "check" verifies that a module went through the whole BTF step.
 *
 * Build: cc -O2 -Wall -Wextra -o btfids btfids.c -lbpf -lelf -lz
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define BTF_ID_PREFIX	"__BTF_ID__"

/**
 * struct ko - a module file and the sections btfids works on
 * @path: file name, for messages
 * @fd: open file
 * @elf: libelf handle (read only: changes go through pwrite())
 * @ids_ndx: section index of .BTF_ids, 0 when absent
 * @ids_sh: section header of .BTF_ids
 * @ids: copy of the .BTF_ids bytes, written back by resolve
 * @btf_size: size of .BTF, 0 when absent
 * @distilled: has .BTF.base, a distilled base BTF (pahole 1.26+)
 * @syms: symbol table data
 * @nsyms: number of symbols
 * @strndx: index of the symbol string table
 */
struct ko {
	const char *path;
	int fd;
	Elf *elf;
	size_t ids_ndx;
	GElf_Shdr ids_sh;
	uint8_t *ids;
	size_t btf_size;
	bool distilled;
	Elf_Data *syms;
	int nsyms;
	size_t strndx;
};

/**
 * struct btf_id_sym - one __BTF_ID__ symbol, decoded
 * @kind: BTF kind to look up, or 0 for a set
 * @what: "func", "struct", "union", "typedef", "set" or "set8"
 * @set8: the symbol heads a set8
 * @cnt: for a set, the entry count derived from the symbol size
 * @off: offset of the symbol within .BTF_ids
 * @name: the type, function or set name (points into @buf)
 * @buf: storage for @name
 */
struct btf_id_sym {
	int kind;
	const char *what;
	bool set8;
	long cnt;
	size_t off;
	const char *name;
	char buf[256];
};

static const struct {
	const char *what;
	int kind;
} kinds[] = {
	{ "func", BTF_KIND_FUNC },
	{ "struct", BTF_KIND_STRUCT },
	{ "union", BTF_KIND_UNION },
	{ "typedef", BTF_KIND_TYPEDEF },
};

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("enetstl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

/**
 * ko_open() - open a module and locate .BTF, .BTF_ids and the symbol table
 * @ko: zeroed struct to fill in
 * @path: module file
 * @rw: open for writing too
 *
 * Return: 0, or -1 after printing why.
 */
static int ko_open(struct ko *ko, const char *path, bool rw)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Ehdr eh;

	ko->path = path;
	ko->fd = open(path, rw ? O_RDWR : O_RDONLY);
	if (ko->fd < 0)
		return fail("%s: %s", path, strerror(errno));
	elf_version(EV_CURRENT);
	ko->elf = elf_begin(ko->fd, ELF_C_READ, NULL);
	if (!ko->elf || !gelf_getehdr(ko->elf, &eh) ||
	    elf_getshdrstrndx(ko->elf, &shstrndx))
		return fail("%s: not an ELF file: %s", path, elf_errmsg(-1));
	if (eh.e_ident[EI_DATA] != (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ?
				    ELFDATA2LSB : ELFDATA2MSB))
		return fail("%s: byte order differs from this machine's", path);

	while ((scn = elf_nextscn(ko->elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			return fail("%s: bad section header", path);
		name = elf_strptr(ko->elf, shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_SYMTAB && sh.sh_entsize) {
			ko->syms = elf_getdata(scn, NULL);
			ko->nsyms = sh.sh_size / sh.sh_entsize;
			ko->strndx = sh.sh_link;
		} else if (name && !strcmp(name, ".BTF")) {
			ko->btf_size = sh.sh_size;
		} else if (name && !strcmp(name, ".BTF.base")) {
			ko->distilled = true;
		} else if (name && !strcmp(name, ".BTF_ids") &&
			   sh.sh_type != SHT_NOBITS) {
			ko->ids_ndx = elf_ndxscn(scn);
			ko->ids_sh = sh;
		}
	}
	if (!ko->btf_size)
		return fail("%s: no .BTF section (module BTF was not generated)", path);
	if (!ko->ids_ndx)
		return fail("%s: no .BTF_ids section (no kfunc sets?)", path);
	if (!ko->syms)
		return fail("%s: no symbol table", path);

	ko->ids = malloc(ko->ids_sh.sh_size ?: 1);
	if (!ko->ids)
		return fail("%s: out of memory", path);
	if (pread(ko->fd, ko->ids, ko->ids_sh.sh_size, ko->ids_sh.sh_offset) !=
	    (ssize_t)ko->ids_sh.sh_size)
		return fail("%s: cannot read .BTF_ids", path);
	return 0;
}

static void ko_close(struct ko *ko)
{
	free(ko->ids);
	if (ko->elf)
		elf_end(ko->elf);
	if (ko->fd >= 0)
		close(ko->fd);
}

/**
 * btf_id_sym_parse() - decode symbol @i if it is a __BTF_ID__ in .BTF_ids
 * @ko: the module
 * @i: symbol index
 * @s: filled in on success
 *
 * Sizes follow resolve_btfids: a set's cnt is st_size / 4 - 1 (the cnt
 * word, then u32 ids), a set8's is st_size / 8 - 1 (cnt and flags words,
 * then 8-byte pairs).
 *
 * Return: 1 for a __BTF_ID__ symbol, 0 for any other, -1 after printing why.
 */
static int btf_id_sym_parse(struct ko *ko, int i, struct btf_id_sym *s)
{
	const char *name, *rest;
	GElf_Sym sym;
	size_t k, len;
	char *cut;

	if (!gelf_getsym(ko->syms, i, &sym) || sym.st_shndx != ko->ids_ndx)
		return 0;
	name = elf_strptr(ko->elf, ko->strndx, sym.st_name);
	if (!name || strncmp(name, BTF_ID_PREFIX, strlen(BTF_ID_PREFIX)))
		return 0;
	rest = name + strlen(BTF_ID_PREFIX);

	memset(s, 0, sizeof(*s));
	s->off = sym.st_value - ko->ids_sh.sh_addr;
	if (!strncmp(rest, "set8__", 6) || !strncmp(rest, "set__", 5)) {
		s->set8 = rest[3] == '8';
		s->what = s->set8 ? "set8" : "set";
		s->name = rest + (s->set8 ? 6 : 5);
		s->cnt = (long)sym.st_size / (s->set8 ? 8 : 4) - 1;
		if (s->cnt < 0 || s->off + sym.st_size > ko->ids_sh.sh_size)
			return fail("%s: malformed set %s", ko->path, name);
		return 1;
	}
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		len = strlen(kinds[k].what);
		if (!strncmp(rest, kinds[k].what, len) &&
		    !strncmp(rest + len, "__", 2))
			break;
	}
	/* <name>__<N>: the name ends at the last "__" */
	if (k == sizeof(kinds) / sizeof(kinds[0]) ||
	    strlen(rest + len + 2) >= sizeof(s->buf))
		return fail("%s: unsupported symbol %s", ko->path, name);
	strcpy(s->buf, rest + len + 2);
	cut = strrchr(s->buf, '_');
	if (!cut || cut == s->buf || cut[-1] != '_' ||
	    s->off + 4 > ko->ids_sh.sh_size)
		return fail("%s: malformed symbol %s", ko->path, name);
	cut[-1] = '\0';
	s->kind = kinds[k].kind;
	s->what = kinds[k].what;
	s->name = s->buf;
	return 1;
}

static int cmp_id(const void *a, const void *b)
{
	uint32_t x = get_u32(a), y = get_u32(b);

	return (x > y) - (x < y);
}

/**
 * cmd_resolve() - write BTF ids, set counts and sorted sets into .BTF_ids
 * @base_path: BTF of the kernel the module is built for (ELF or raw)
 * @path: module with split BTF in .BTF
 *
 * Return: 0, or 1 after printing why.
 */
static int cmd_resolve(const char *base_path, const char *path)
{
	struct btf *base = NULL, *btf = NULL;
	struct btf_id_sym s;
	struct ko ko = {};
	int i, ret, err = 1;
	uint8_t *set;
	__s32 id;

	if (ko_open(&ko, path, true))
		goto out;
	if (ko.distilled) {
		/* libbpf 1.1 ignores .BTF.base: ids would not match the kernel's */
		fail("%s: has .BTF.base (distilled base BTF): use the kernel's resolve_btfids",
		     path);
		goto out;
	}
	base = btf__parse(base_path, NULL);
	if (libbpf_get_error(base)) {
		fail("%s: cannot load base BTF: %s", base_path,
		     strerror(-libbpf_get_error(base)));
		base = NULL;
		goto out;
	}
	btf = btf__parse_split(path, base);
	if (libbpf_get_error(btf)) {
		fail("%s: cannot load module BTF: %s", path,
		     strerror(-libbpf_get_error(btf)));
		btf = NULL;
		goto out;
	}

	/* ids and set counts first, then sort: as resolve_btfids does */
	for (i = 0; i < ko.nsyms; i++) {
		ret = btf_id_sym_parse(&ko, i, &s);
		if (ret < 0)
			goto out;
		if (!ret)
			continue;
		if (!s.kind) {
			put_u32(ko.ids + s.off, s.cnt);
			continue;
		}
		id = btf__find_by_name_kind(btf, s.name, s.kind);
		if (id <= 0) {
			fail("%s: %s '%s' not found in BTF (base %s)", path,
			     s.what, s.name, base_path);
			goto out;
		}
		put_u32(ko.ids + s.off, id);
	}
	for (i = 0; i < ko.nsyms; i++) {
		if (btf_id_sym_parse(&ko, i, &s) <= 0 || s.kind)
			continue;
		set = ko.ids + s.off + (s.set8 ? 8 : 4);
		qsort(set, s.cnt, s.set8 ? 8 : 4, cmp_id);
	}

	if (pwrite(ko.fd, ko.ids, ko.ids_sh.sh_size, ko.ids_sh.sh_offset) !=
	    (ssize_t)ko.ids_sh.sh_size) {
		fail("%s: cannot write .BTF_ids: %s", path, strerror(errno));
		goto out;
	}
	err = 0;
out:
	btf__free(btf);
	btf__free(base);
	ko_close(&ko);
	return err;
}

/**
 * cmd_check() - verify that .BTF is there, that every set has its (non-zero)
 * count and that every id is set
 * @path: module file
 *
 * Return: 0, or 1 after printing why.
 */
static int cmd_check(const char *path)
{
	int i, ret, sets = 0, ids = 0, err = 1;
	struct btf_id_sym s;
	struct ko ko = {};
	uint32_t v;

	if (ko_open(&ko, path, false))
		goto out;
	for (i = 0; i < ko.nsyms; i++) {
		ret = btf_id_sym_parse(&ko, i, &s);
		if (ret < 0)
			goto out;
		if (!ret)
			continue;
		v = get_u32(ko.ids + s.off);
		if (s.kind) {
			if (!v) {
				fail("%s: BTF id of %s '%s' is 0 (.BTF_ids not resolved?)",
				     path, s.what, s.name);
				goto out;
			}
			ids++;
		} else {
			if (!v || v != s.cnt) {
				fail("%s: %s '%s' has cnt %u, expected %ld (.BTF_ids not resolved?)",
				     path, s.what, s.name, v, s.cnt);
				goto out;
			}
			sets++;
		}
	}
	printf("enetstl: %s: .BTF %zu bytes, %d sets, %d ids resolved\n",
	       path, ko.btf_size, sets, ids);
	err = 0;
out:
	ko_close(&ko);
	return err;
}

int main(int argc, char **argv)
{
	libbpf_set_print(NULL);
	if (argc == 5 && !strcmp(argv[1], "resolve") && !strcmp(argv[2], "-b"))
		return cmd_resolve(argv[3], argv[4]);
	if (argc == 3 && !strcmp(argv[1], "check"))
		return cmd_check(argv[2]);
	fprintf(stderr, "usage: btfids resolve -b BASE MODULE.ko\n"
			"       btfids check MODULE.ko\n");
	return 2;
}
