/* SPDX-License-Identifier: GPL-2.0 */
/* example.h - enetstl-example: the parts shared by its subcommand files. */
#ifndef _EXAMPLE_H
#define _EXAMPLE_H

#include <stdio.h>
#include <linux/types.h>
#include "nf_common.h"
#include "nf_ops.h"
#include "nf_variants.h"

#define EX_PIN_ROOT "/sys/fs/bpf/enetstl"

/* "PROTO SRC SPORT DST DPORT" (IPv4 or IPv6 addresses) -> key; 0 or -1. */
int ex_parse_key(char **argv, struct enetstl_flow_key *k);

/* The counters of every NF, then the NF's own (nf_ops.stat_labels); the exit status. */
int ex_print_stats(const struct nf_maps *m);
/* The counters, then what the NF holds (nf_ops.dump); the exit status. */
int ex_dump(const struct nf_maps *m, const struct nf_dump_opts *o);
/* A flow's answer (nf_ops.query); the exit status. */
int ex_query(const struct nf_maps *m, const struct enetstl_flow_key *k);

int ex_replay(int argc, char **argv);

#endif
