/* SPDX-License-Identifier: GPL-2.0 */
/* example.h - enetstl-example: the parts shared by its subcommand files. */
#ifndef _EXAMPLE_H
#define _EXAMPLE_H

#include <stdio.h>
#include <linux/types.h>
#include "nf_common.h"
#include "nf_variants.h"

#define EX_PIN_ROOT "/sys/fs/bpf/enetstl"

/* Print "enetstl-example: <msg>" on stderr; Return: 1 (the exit status). */
int ex_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The maps of a running (pinned) or replayed NF, by name; -1 when absent. */
struct ex_maps {
	const struct nf_variant *v;
	int (*fd)(void *ctx, const char *name);
	void *ctx;
};
int ex_map_fd(const struct ex_maps *m, const char *name);

/* "PROTO SRC SPORT DST DPORT" (IPv4 or IPv6 addresses) -> key; 0 or -1. */
int ex_parse_key(char **argv, struct nf_key *k);

int ex_print_stats(const struct ex_maps *m);
/* dump: list only heavy hitters whose (all-CPU) estimate reaches this; 0: all candidates */
extern unsigned int ex_hh_min;

int ex_dump(const struct ex_maps *m, unsigned int top, const struct nf_key *truth_keys,
	    const __u32 *truth_pkts, unsigned int ntruth);
int ex_query(const struct ex_maps *m, const struct nf_key *k);
/* kvstore: delete a flow; the exit status. */
int ex_kv_delete(const struct ex_maps *m, const struct nf_key *k);

int ex_replay(int argc, char **argv);

#endif
