/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mem_test.h - operation buffers shared by the memory wrapper and list
 * bucket test programs (mem_calls.bpf.c, list_calls.bpf.c, their common part
 * in mem_runner.bpf.h) and the runner (mem_drive.c runs them; the models are
 * in test_mem.c and test_list.c).
 */
#ifndef _ENETSTL_MEM_TEST_H
#define _ENETSTL_MEM_TEST_H

#include <linux/types.h>

#define MEM_OPS_MAX	1024	/* operations per batch */
#define MEM_TABLE	64	/* node handles each runner keeps */
#define MEM_RUNNERS	2	/* concurrent runners on one container */
#define MEM_ROOTS	4	/* containers (or lists) the programs can reach */
#define MEM_PAYLOAD	32	/* payload bytes of the test containers */
#define MEM_FIND_KEY_MAX 48	/* MOP_FIND's longest key */
#define MEM_BIGKEY	1024	/* longest MOP_BIGKEY key (above ENETSTL_MEM_KEY_MAX) */

enum mem_op_code {
	MOP_ALLOC,	/* table[a] = new node with value val       -> 0 | -ENOMEM */
	MOP_FREE,	/* free table[a]                            -> 0 | -ENOENT */
	MOP_LINK,	/* table[a].slot[slot] = table[b]           -> link() result */
	MOP_LINKH,	/* table[a].slot[slot] = handle val         -> link() result */
	MOP_UNLINK,	/* empty table[a].slot[slot]                -> unlink() result */
	MOP_READ,	/* value of table[a]->slot[slot] via get()  -> val | -ENODATA */
	MOP_READH,	/* same via enetstl_node_slot() + lookup    -> val | -ENODATA | -EINVAL */
	MOP_WRITE,	/* value of table[a] = val                  -> 0 | -ENOENT */
	MOP_VALUE,	/* value of table[a]                        -> val | -ENOENT */
	MOP_BIGDATA,	/* enetstl_node_data(table[a], 64) on a 32-byte payload -> 0 if NULL */
	MOP_SEARCH,	/* enetstl_node_search(table[a], 8-byte key val, slot + 1 levels) */
	MOP_INSERT,	/* enetstl_node_insert(table[a], head table[b], val ?: 8 key bytes, slot levels) */
	MOP_FIND,	/* enetstl_node_find() and enetstl_node_find_data() on head table[a],
			 * key val (slot ?: 8 bytes, the rest zero) -> its value | -ENOENT */
	MOP_ERASE,	/* enetstl_node_erase(head table[a], key val of slot ?: 8 bytes) -> erase() result */
	MOP_NEW,	/* table[a] = enetstl_node_new(container handle) with value val -> 0 | -ESRCH */
	MOP_ZEROED,	/* a new node, payload and slots all empty? released -> 0 | -EBADMSG | -ENOMEM */
	MOP_GETC,	/* enetstl_mem_get(handle val), released      -> 0 | -ESRCH */
	MOP_BIGKEY,	/* on head table[a], key of val bytes (zero, last byte 1), one call
			 * timed into bigkey_ns: slot 0 erase, 1 find (-ENOENT if NULL),
			 * 2 search (16 levels)                       -> the call's result */
	MOP_ERASE_HELD,	/* enetstl_node_find_data(head table[a], 8-byte key val), erase the key,
			 * write the payload's second word, allocate a node: the erased one's
			 * memory is not handed out while the program runs
			 *                          -> 0 | -ENOENT | erase() result | -EADDRINUSE */
	MOP_PRED,	/* enetstl_node_search(table[a], 8-byte key val, 16 levels): the row
			 * whose handle is preds[slot]  -> row | -ENOENT | search() error */
	MOP_INDEX,	/* the runner runs mem_index (SYSCALL), not a batch:
			 * enetstl_node_index(head table[a], val key bytes, slot entries)
			 *                                             -> index() result */
	MOP_NR,
};

struct mem_op {
	__u8 code;
	__u8 slot;
	__u8 a;
	__u8 b;
	__u32 pad;
	__u64 val;
};

struct mem_opbuf {
	__u32 n;
	__u32 pad;
	struct mem_op op[MEM_OPS_MAX];
};

struct mem_results {
	__s64 res[MEM_OPS_MAX];
};

struct mem_table {
	__u64 h[MEM_TABLE];
};

/* XDP test packet of mem_run / list_run. */
struct mem_req {
	__u8 eth[14];
	__u8 pad[2];
	__u32 runner;	/* < MEM_RUNNERS: ops, results and table to use */
	__u32 root;	/* < MEM_ROOTS: which container or list */
	__u32 table;	/* mem_run: node table to use (runners may share one);
			 * list_run: 1 borrows the root's kptr for each op
			 * (bpf_kptr_xchg out and back), 0 gets the list by handle */
	__u32 pad2;
	__s32 status;	/* 0, or -ENOENT: the object is gone */
	__u32 done;	/* operations run */
};

/* SYSCALL context of mem_setup / list_setup. */
struct mem_setup_ctx {
	__u32 root;
	__u32 payload;		/* mem: payload bytes; list: element size */
	__u64 max_bytes;	/* mem: container limit; list: max elements */
	__u32 nbuckets;		/* list only; mem_index: entries */
	__s32 result;		/* 0 or -ENOMEM */
	__u64 handle;
};

/* List bucket operations. */
enum list_op_code {
	/*
	 * The element is (val, ~val, bucket), 24 bytes; an op with slot != 0
	 * copies its first slot bytes (val's low 4 bytes for 4).
	 */
	LOP_PUSH,	/* push val into bucket a | b << 8 -> 0 | -ENOSPC */
	LOP_POP,	/* pop from bucket -> val | -ENOENT */
	LOP_PEEK,	/* peek -> val | -ENOENT */
	LOP_LEN,	/* length -> len */
	/*
	 * pop the head if due at now = (u32)val (its time: the low 32 bits of its
	 * val) -> val | (1 << 63) | val when not due | -ENOENT
	 */
	LOP_POP_DUE,
	LOP_POP_DUE_SHORT,	/* pop_due copying 2 bytes -> -EINVAL */
	LOP_NR,
};

#define LIST_ELEM	24	/* element bytes in the tests */

#endif
