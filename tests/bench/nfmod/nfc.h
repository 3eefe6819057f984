/* SPDX-License-Identifier: GPL-2.0 */
/* nfc.h - what the test-only NF module's files share. */
#ifndef _NFC_H
#define _NFC_H

#include <linux/bpf.h>
#include "nf_common.h"

/* nfc_kv.c: the key-value store's kfuncs, and its teardown at module exit. */
int enetstl_nfc_kvstore(struct xdp_md *ctx, struct enetstl_flow_key *k, struct nf_stats *stats);
int enetstl_nfc_kv_setup(u32 max_flows);
int enetstl_nfc_kv_ctl(void *req__mem, u32 req__sz, void *out, u32 out__sz);
void nfc_kv_exit(void);

#endif
