// SPDX-License-Identifier: GPL-2.0
/*
 * nfc.c - test-only module for the NF bench and oracle tests (never
 * shipped): network functions as plain in-kernel C behind one kfunc each,
 * the limit a kfunc library can approach. Each runs the examples' own
 * parser and packet counters (examples/common/nf_parse.h) and the algorithm
 * of one eNetSTL variant; its XDP program (tests/bench/nfc.bpf.c) only looks
 * up the per-CPU map values and makes the call.
 *
 * enetstl_nfc_countmin(): count-min whose rows come from one CRC-32C of the
 * flow key, multiply-add-shift per row: enetstl_cm_crc_update()'s
 * definition (cm_k*_crc_enetstl), the same core code.
 *
 * enetstl_nfc_cuckoo(): the cuckoo switch of cuckoo.h with the CRC-32C hash
 * (the table of cuckoo_enetstl, cuckoo_crc_enetstl and cuckoo_table_enetstl,
 * filled by the same control plane), the key in the program's memory (as count-min's), the
 * signatures compared slot by slot.
 *
 * nfc_kv.c: the key-value store's skip list (enetstl_nfc_kvstore() and its
 * control plane).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>
#include <net/xdp.h>
#include <asm/cpufeature.h>

#include "enetstl_compat.h"
#include "core/crc32c_core.h"
#include "core/cm_crc_core.h"
#include "nf_parse.h"
#include "cuckoo/cuckoo.h"
#include "nfc.h"

static u32 nfc_crc_table[256] __read_mostly;
static bool nfc_crc_hw __read_mostly;

static __always_inline u32 nfc_crc_key(const struct enetstl_flow_key *k, u32 seed)
{
#ifdef ENETSTL_HAVE_CRC32C_HW
	if (likely(nfc_crc_hw))
		return enetstl_crc32c_hw40(seed, (const u8 *)k);
#endif
	return enetstl_crc32c_sw(nfc_crc_table, seed, (const u8 *)k, NF_KEY_SIZE);
}

static __always_inline s64 nfc_cm_rows(struct enetstl_cm_crc_hdr *hdr,
				       const struct enetstl_flow_key *k,
				       u32 cols_log, u32 rows)
{
	return enetstl_cm_crc_add(hdr, (u8 *)(hdr + 1), nfc_crc_key(k, hdr->seed), rows,
				  cols_log, 1);
}

/* As enetstl_cm_crc_update() does: 2 rows inline, 4, 6 and 8 tail-called. */
#define NFC_CM_ROWS_FN(rows)							\
static noinline notrace s64 nfc_cm_rows##rows(struct enetstl_cm_crc_hdr *hdr,	\
					      const struct enetstl_flow_key *k,	\
					      u32 cols_log)			\
{										\
	return nfc_cm_rows(hdr, k, cols_log, rows);				\
}
NFC_CM_ROWS_FN(4)
NFC_CM_ROWS_FN(6)
NFC_CM_ROWS_FN(8)

__bpf_kfunc_start_defs();

/*
 * The count-min NF on one packet: parse into @k (for the program's
 * heavy-hitter table), count in @stats, add 1
 * to the flow's counter in each row of @sketch (a struct
 * enetstl_cm_crc_hdr, plain adds, 2/4/6/8 rows).
 * Return: the estimate, -ENOENT for a packet that is not a flow's, -EINVAL.
 */
__bpf_kfunc s64 enetstl_nfc_countmin(struct xdp_md *ctx, struct enetstl_flow_key *k,
				     struct nf_stats *stats,
				     void *sketch, u32 sketch__sz)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	struct enetstl_cm_crc_hdr *hdr = sketch;
	u32 rows, cols_log;

	/*
	 * Up to 6.x the verifier lets a map value that may be NULL through
	 * with its size, as for enetstl_cm_crc_update(): the same tests.
	 */
	if (unlikely(!k || !stats || !sketch || sketch__sz < sizeof(*hdr)))
		return -EINVAL;
	if (!nf_count(stats, enetstl_flow_parse_inline(xdp->data, xdp->data_end, k), k,
		      xdp->data_end - xdp->data))
		return -ENOENT;
	/* after the parse, as in cm_k*_crc_enetstl: a refused sketch is a flow packet's error */
	rows = READ_ONCE(hdr->rows);
	cols_log = READ_ONCE(hdr->cols_log);
	/* the switch below refuses the row counts that are not 2, 4, 6, 8 */
	if (enetstl_cm_crc_check_usual(rows, cols_log, sketch__sz) < 0)
		return -EINVAL;
	switch (rows) {
	case 2:
		return nfc_cm_rows(hdr, k, cols_log, 2);
	case 4:
		return nfc_cm_rows4(hdr, k, cols_log);
	case 6:
		return nfc_cm_rows6(hdr, k, cols_log);
	case 8:
		return nfc_cm_rows8(hdr, k, cols_log);
	}
	return -EINVAL;
}

/*
 * The cuckoo switch on one packet: parse into @k (the program's memory: a
 * key on this stack would cost a stack canary and its zeroing), count in
 * @stats, look the flow up in the table, count the hit or miss (the program
 * counts the hit's port: BPF calls take five arguments). @table is bucket 0
 * of the NF's ck_table array map: an array map's values lie back to back (a
 * struct ck_bucket is a multiple of 8 bytes), so this indexes all
 * CK_BUCKETS of them as the C array they are, beyond the one bucket the
 * verifier sized. A test-only module may; a shipped kfunc must not.
 * Return: the hit's port, -ENOENT for a packet that is not a flow's,
 * -ESRCH for a miss, -EINVAL.
 */
__bpf_kfunc s64 enetstl_nfc_cuckoo(struct xdp_md *ctx, struct enetstl_flow_key *k,
				   struct nf_stats *stats, void *table, u32 table__sz)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	const struct ck_bucket *tab = table, *b;
	u32 h, idx, port;
	int slot;
	u16 sig;

	static_assert(sizeof(struct ck_bucket) % 8 == 0);
	if (!k || !stats || !table || table__sz != sizeof(*b))
		return -EINVAL;
	if (!nf_count(stats, enetstl_flow_parse_inline(xdp->data, xdp->data_end, k), k,
		      xdp->data_end - xdp->data))
		return -ENOENT;
	h = nfc_crc_key(k, CK_SEED);
	sig = ck_sig(h);
	idx = h & (CK_BUCKETS - 1);
	b = &tab[idx];
	slot = ck_bucket_find(b, k, sig);
	if (slot < 0) {
		b = &tab[ck_alt(idx, sig)];
		slot = ck_bucket_find(b, k, sig);
		if (slot < 0) {
			stats->nf[CK_STAT_MISS]++;
			return -ESRCH;
		}
	}
	port = b->port[slot];
	stats->nf[CK_STAT_HIT]++;
	return port;
}

__bpf_kfunc_end_defs();

ENETSTL_KFUNCS_START(nfc_ids)
BTF_ID_FLAGS(func, enetstl_nfc_countmin)
BTF_ID_FLAGS(func, enetstl_nfc_cuckoo)
BTF_ID_FLAGS(func, enetstl_nfc_kvstore)
BTF_ID_FLAGS(func, enetstl_nfc_kv_setup)
BTF_ID_FLAGS(func, enetstl_nfc_kv_ctl)
ENETSTL_KFUNCS_END(nfc_ids)

static const struct btf_kfunc_id_set nfc_set = {
	.owner = THIS_MODULE,
	.set = &nfc_ids,
};

static int __init nfc_init(void)
{
	enetstl_crc32c_table_init(nfc_crc_table);
#ifdef ENETSTL_HAVE_CRC32C_HW
	nfc_crc_hw = boot_cpu_has(X86_FEATURE_XMM4_2);
#endif
	/* SYSCALL: the key-value store's setup and control plane */
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &nfc_set) ?:
	       register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &nfc_set);
}

static void __exit nfc_exit(void)
{
	nfc_kv_exit();
}

module_init(nfc_init);
module_exit(nfc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("eNetSTL tests only: network functions as plain in-kernel C behind one kfunc");
