/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/mem.h - the memory wrapper: pointer-linked nodes for XDP and TC.
 *
 * A container (struct enetstl_mem) owns every node allocated through it; a
 * program keeps it as a referenced kptr in a map value, so one map entry
 * holds a variable number of nodes. Each node has ENETSTL_MEM_SLOTS outgoing
 * pointer slots and a payload of the size chosen when the container was
 * created. Deleting the map entry (or freeing the map) destroys the
 * container and frees its nodes, after an RCU grace period.
 *
 * Names. Containers and nodes have 64-bit handles (scalars a program may
 * keep anywhere); a program turns a handle into a referenced pointer with
 * enetstl_mem_get() / enetstl_node_lookup() and must release that pointer
 * before it exits (the verifier enforces it). A node handle also names the
 * node's container: a node of another container is refused (-EXDEV).
 * Handles name live nodes only; a freed node's handle looks up nothing.
 *
 * Handles are capabilities. Every handle (container, node, list bucket) is
 * 63 random bits, positive as an __s64, drawn when it is given, never
 * derived from an address, a counter or a slot, and it dies with its
 * object (a new object never gets an old handle back). So a program
 * reaches a container or node only when some program or loader that holds
 * its handle hands it over (a shared map, a pinned map); a guess names
 * some live object with probability (live objects) / 2^63. Nor is there a
 * pool of handles one program could exhaust: how many containers and
 * buckets exist is bounded only by the memory limits (a container or
 * bucket costs its kmalloc() size plus 24 bytes of handle table).
 *
 * Why handles: Linux 6.1 lets a kfunc take only one referenced argument, and
 * a kptr loaded from a map is untrusted on 6.1 and 6.12, so "link a to b"
 * takes b as a handle and XDP programs reach the container by its handle.
 *
 * Safety rules, enforced by the module and the verifier:
 *  - every node pointer a program holds is a counted reference (acquired);
 *    payload pointers from enetstl_node_data() die with that reference;
 *    those from enetstl_node_find_data() (XDP and TC) when the program
 *    returns;
 *  - node and container structs are read-only to programs (writes through
 *    them are rejected); the payload is the writable part;
 *  - a slot holds a reference on its target, and a node that a slot still
 *    points at cannot be freed (enetstl_node_free() and
 *    enetstl_node_erase() refuse with -EBUSY): unlink it first. So no free
 *    ever cuts a path and loses the nodes behind it. A freed node is no
 *    longer found by handle and cannot be linked from or to; references
 *    programs still hold keep it readable until released;
 *  - memory: each container has a byte limit set at creation, the module
 *    a global one (module parameter mem_limit_kb), both on all the memory
 *    held; allocation beyond either returns NULL, nothing stored is lost.
 *    What is charged is what the kernel really allocates: a node costs
 *    the object size of its slab cache: 184 bytes of node plus the
 *    payload size rounded up to 8, rounded up to the next of 192, 256,
 *    512, 1024, 2048, 4096 and 8192 (caches enetstl_node_<size> in
 *    /proc/slabinfo); a node's handle costs 24 bytes more (its share of
 *    the handle table), a container its kmalloc() size. A freed node's memory is
 *    kept by its container (and counted) for its next nodes until the
 *    container is destroyed, so a container holds the memory of its peak.
 *    Node memory is also charged to a memory cgroup (__GFP_ACCOUNT): that
 *    of the task that created the container (the loader running a SYSCALL
 *    program), whichever CPU or context allocates later; a container
 *    created from XDP or TC is charged to no cgroup;
 *  - concurrency: any CPU may use a container at any time; each container
 *    has one spinlock, taken with bottom halves off and interrupts on
 *    (naming, link, unlink, insert, erase, free; allocation takes none);
 *    walks (enetstl_node_get, enetstl_node_slot, enetstl_node_search,
 *    enetstl_node_find, enetstl_node_find_data) take no lock. No call holds the lock for more than
 *    a bounded amount of work, whatever its arguments: descents stop after
 *    ENETSTL_MEM_WALK_BUDGET bytes compared. The container keeps memory
 *    safe, not the program's own invariants: two CPUs editing the same
 *    structure must agree on who edits what (e.g. per-CPU roots, or one
 *    writer);
 *  - destruction: the kptr destructor (the map entry deleted or the map
 *    freed, from any program type or context, NMI included) takes no lock:
 *    it drops the last reference and queues the destroy, which runs in
 *    process context, unlinks and frees the nodes in batches, and frees
 *    their memory after an RCU grace period. The container's handle names
 *    nothing from the moment its last reference goes.
 *
 * Counters: /sys/module/enetstl/mem_stats, one "name value" line each, in
 * this order: containers_created, containers_freed, nodes_allocated
 * (enetstl_node_alloc/new successes), nodes_dropped (nodes whose last
 * reference went: queued for freeing after a grace period), nodes_freed
 * (those whose grace period passed), nodes_reused (allocations served by a
 * container's kept memory), lists_created, lists_freed, alloc_failed (any
 * allocation refused: a limit, the registry or memory short), bytes (held
 * now, as charged), destroys_pending (containers and lists whose last
 * reference went and whose destroy has not finished). When nothing is
 * alive and the module is idle: containers_created == containers_freed,
 * nodes_allocated == nodes_dropped == nodes_freed, lists_created ==
 * lists_freed, bytes == 0 and destroys_pending == 0.
 *
 * Usage, loader side: map values declare the kptr with ENETSTL_KPTR() and
 * the loader calls enetstl_fix_kptrs() (enetstl/loader.h) between open and
 * load, so one object loads on 6.1 and 6.12 whatever clang built it.
 *
 * Usage, program side (releasing on every path):
 *
 *	struct enetstl_mem *c = enetstl_mem_get(v->handle);
 *	struct enetstl_node *n;
 *
 *	if (!c)
 *		return XDP_PASS;
 *	n = enetstl_node_alloc(c);
 *	enetstl_mem_release(c);
 *	if (!n)
 *		return XDP_PASS;
 *	p = (void *)enetstl_node_data(n, 16);	// PTR_TO_MEM, 16 writable bytes
 *	if (p)
 *		p[0] = key;
 *	enetstl_node_link(n, 0, head_handle);
 *	v->first = enetstl_node_handle(n);
 *	enetstl_node_release(n);	// p is dead from here on
 *
 * Walking many steps: use bpf_loop() and keep the current position as a
 * handle in the loop context (references cannot cross iterations); each
 * iteration looks the handle up, reads, moves on with enetstl_node_slot()
 * or enetstl_node_get(), and releases what it acquired.
 */
#ifndef _ENETSTL_MEM_H
#define _ENETSTL_MEM_H

#include <enetstl/kfunc.h>

/** ENETSTL_MEM_SLOTS - outgoing pointer slots per node (a skip list of height 16). */
#define ENETSTL_MEM_SLOTS 16
/** ENETSTL_MEM_PAYLOAD_MIN/MAX - payload sizes a container may choose (bytes). */
#define ENETSTL_MEM_PAYLOAD_MIN 8
#define ENETSTL_MEM_PAYLOAD_MAX 4096

struct enetstl_mem;
struct enetstl_node;

#ifndef __KERNEL__
/*
 * Opaque on the BPF side: the kernel's layout is not part of the API and
 * programs cannot read or write it. Named, complete structs so that map
 * kptr fields and kfunc prototypes match the module's BTF by name.
 */
struct enetstl_mem {
};
struct enetstl_node {
};

/**
 * ENETSTL_KPTR() - declare a referenced kptr member of a map value
 * @type: the struct name (enetstl_mem, enetstl_list)
 * @name: the member name
 *
 * The kernel wants a type tag on the pointer: "kptr" from Linux 6.4 on,
 * "kptr_ref" on 6.1-6.3. The member gets the "kptr" tag (as libbpf's
 * __kptr), so that with clang 15 or newer (Debian: clang-19) the object
 * loads as it is with standard tools (bpftool, ip, xdp-loader) on 6.4+.
 * clang 14 drops type tags on such members, and 6.1 wants the other tag:
 * the decl tag "enetstl_kptr" lets the loader helper enetstl_fix_kptrs()
 * write the right type tag for the running kernel in those cases.
 */
#define ENETSTL_KPTR(type, name) \
	struct type __attribute__((btf_type_tag("kptr"))) *name \
		__attribute__((btf_decl_tag("enetstl_kptr")))
#endif

/**
 * enetstl_mem_create() - create a container
 * @payload_size: payload bytes of each node, ENETSTL_MEM_PAYLOAD_MIN ..
 *                ENETSTL_MEM_PAYLOAD_MAX (rounded up to 8)
 * @max_bytes: memory limit of the container (its nodes, with their
 *             payload, also the freed ones it keeps for reuse); 0 means
 *             only the module-wide limit applies
 *
 * Any program type that may call the kfuncs may create (allocation is
 * GFP_ATOMIC); a SYSCALL program run once by the loader is the usual place.
 * Store the result in a map with bpf_kptr_xchg() or release it.
 *
 * Return: an acquired container, or NULL (bad size, out of memory).
 */
extern struct enetstl_mem *enetstl_mem_create(__u32 payload_size, __u64 max_bytes) ENETSTL_KFUNC;

/**
 * enetstl_mem_handle() - the handle of a container, for enetstl_mem_get()
 * @c: an acquired container
 *
 * Return: a non-zero handle.
 */
extern __u64 enetstl_mem_handle(struct enetstl_mem *c) ENETSTL_KFUNC;

/**
 * enetstl_mem_get() - acquire a container by handle
 * @handle: from enetstl_mem_handle()
 *
 * Return: an acquired container, or NULL when it no longer exists.
 */
extern struct enetstl_mem *enetstl_mem_get(__u64 handle) ENETSTL_KFUNC;

/**
 * enetstl_mem_release() - release a container reference
 * @c: an acquired container
 *
 * The container is destroyed, with every node, when its last reference (the
 * map's kptr included) goes. Nodes a program still holds stay valid until
 * released.
 */
extern void enetstl_mem_release(struct enetstl_mem *c) ENETSTL_KFUNC;

/**
 * enetstl_node_alloc() - allocate a zeroed node in a container
 * @c: an acquired container
 *
 * The node is new: only this program reaches it. It joins the container
 * when it is first linked (either end), inserted or given a handle; a new
 * node released before that is freed.
 *
 * Return: an acquired node, or NULL when a memory limit is reached or
 * memory is short.
 */
extern struct enetstl_node *enetstl_node_alloc(struct enetstl_mem *c) ENETSTL_KFUNC;

/**
 * enetstl_node_new() - allocate a zeroed node in a container named by handle
 * @mem: the container's handle, from enetstl_mem_handle()
 *
 * enetstl_mem_get(), enetstl_node_alloc() and enetstl_mem_release() in one
 * call: what a program that keeps its container by handle does per insert.
 *
 * Return: the node, acquired; NULL when @mem names no live container or a
 * memory limit is reached.
 */
extern struct enetstl_node *enetstl_node_new(__u64 mem) ENETSTL_KFUNC;

/**
 * enetstl_node_lookup() - acquire a live node by handle
 * @handle: from enetstl_node_handle() or enetstl_node_slot()
 *
 * Return: an acquired node, or NULL (no such node, freed, container gone).
 */
extern struct enetstl_node *enetstl_node_lookup(__u64 handle) ENETSTL_KFUNC;

/**
 * enetstl_node_handle() - the handle of a node
 * @n: an acquired node
 *
 * A node is given its handle the first time one is asked for (here, or by
 * enetstl_node_slot() and enetstl_node_search()): nodes only ever reached
 * through ordered-list calls never need one, and naming costs a hash
 * table insertion and 24 charged bytes. The handle is 63 random bits (see
 * "Names" above).
 *
 * Return: its handle; 0 once the node has been freed, or when no handle
 * could be allocated (memory short).
 */
extern __u64 enetstl_node_handle(struct enetstl_node *n) ENETSTL_KFUNC;

/**
 * enetstl_node_get() - acquire the node in slot @slot of @n (a->b)
 * @n: an acquired node
 * @slot: 0 .. ENETSTL_MEM_SLOTS - 1
 *
 * Return: an acquired node, or NULL for an empty slot or a bad index.
 */
extern struct enetstl_node *enetstl_node_get(struct enetstl_node *n, __u32 slot) ENETSTL_KFUNC;

/**
 * enetstl_node_slot() - the handle of the node in slot @slot of @n
 * @n: an acquired node
 * @slot: 0 .. ENETSTL_MEM_SLOTS - 1
 *
 * Cheaper than enetstl_node_get() when only the handle is wanted.
 *
 * Return: its handle, 0 for an empty slot or a freed target, -EINVAL (-22)
 * for a bad index.
 */
extern __s64 enetstl_node_slot(struct enetstl_node *n, __u32 slot) ENETSTL_KFUNC;

/**
 * enetstl_node_link() - point slot @slot of @n at the node named by @target
 * @n: an acquired node
 * @slot: 0 .. ENETSTL_MEM_SLOTS - 1
 * @target: a node handle; 0 empties the slot
 *
 * Whatever the slot pointed at before is unlinked.
 *
 * Return: 0, -EINVAL (-22) for a bad index, -EXDEV (-18) when @target
 * belongs to another container, -ENOENT (-2) when @target or @n was freed,
 * -EPERM (-1) when @n is the head or a member of an indexed list
 * (enetstl_node_index(): such a list changes by insert and erase only).
 */
extern int enetstl_node_link(struct enetstl_node *n, __u32 slot, __u64 target) ENETSTL_KFUNC;

/**
 * enetstl_node_unlink() - empty slot @slot of @n
 * @n: an acquired node
 * @slot: 0 .. ENETSTL_MEM_SLOTS - 1
 *
 * Return: 0, -EINVAL (-22) for a bad index, or -EPERM (-1) when @n is the
 * head or a member of an indexed list (enetstl_node_index()).
 */
extern int enetstl_node_unlink(struct enetstl_node *n, __u32 slot) ENETSTL_KFUNC;

/**
 * enetstl_node_data() - the node's payload, readable and writable
 * @n: an acquired node
 * @rdwr_buf_size: how many bytes the program will access; a constant,
 *                 at most the container's payload size
 *
 * The pointer is valid until @n is released (the verifier invalidates it).
 * It is a byte pointer, not void *: 6.12 treats a kfunc's void * result as
 * a plain number. Cast it: struct foo *f = (void *)enetstl_node_data(n, sizeof(*f));
 *
 * Return: the payload, or NULL when @rdwr_buf_size is 0 or too large.
 */
extern __u8 *enetstl_node_data(struct enetstl_node *n, __u32 rdwr_buf_size) ENETSTL_KFUNC;

/**
 * enetstl_node_release() - release a node reference
 * @n: an acquired node
 *
 * The node stays in its container; a new node that never joined it (see
 * enetstl_node_alloc()) is freed.
 */
extern void enetstl_node_release(struct enetstl_node *n) ENETSTL_KFUNC;

/**
 * enetstl_node_free() - free a node and release the reference
 * @n: an acquired node
 *
 * Empties its slots and removes it from its container (its handle stops
 * working), unless a slot of some node still points at it: then nothing
 * changes (unlink it first: enetstl_node_unlink(), or enetstl_node_erase()
 * for a node of an ordered list). The reference is released either way.
 *
 * Return: 0 (also for a new node that never joined its container: it is
 * simply freed); -EBUSY (-16) when a slot still points at @n, or @n heads
 * an indexed list that is not empty (enetstl_node_index(); freeing the
 * head of an empty one frees its index too); -ENOENT (-2)
 * when it was freed already (by another reference, or its container's
 * destruction).
 */
extern int enetstl_node_free(struct enetstl_node *n) ENETSTL_KFUNC;

/** ENETSTL_MEM_KEY_MAX - longest key of the ordered-list calls (bytes). */
#define ENETSTL_MEM_KEY_MAX 512
/**
 * ENETSTL_MEM_WALK_BUDGET - work one descent may do (search, find, insert,
 * erase): a move along a level costs 64 + the key's bytes, so a call
 * compares at most this many key bytes whatever the key size, cycles
 * included (it runs with preemption off, and insert and erase under the
 * container lock).
 */
#define ENETSTL_MEM_WALK_BUDGET (1u << 16)
/**
 * ENETSTL_MEM_WALK_MOVES() - moves a descent with @key_bytes-byte keys
 * makes before it stops with -ELOOP: 819 for 16-byte keys, 113 for 512.
 * A skip list of a million nodes with random heights (p = 1/2) needs
 * about 40; a list kept on level 0 only is searchable to about this length.
 */
#define ENETSTL_MEM_WALK_MOVES(key_bytes) (ENETSTL_MEM_WALK_BUDGET / (64 + (key_bytes)))

/**
 * enetstl_node_search() - ordered search down the slots (skip lists)
 * @start: handle of the node to start from (a head sentinel)
 * @key: the key: compared with memcmp() to the first @key__sz payload
 *       bytes of each node (store integers big-endian for numeric order)
 * @key__sz: key bytes, 1 .. the payload size and ENETSTL_MEM_KEY_MAX
 * @preds: one handle per level searched: preds[l] is the last node on
 *         level l whose key is below @key
 * @preds__sz: bytes of @preds: 8 times the number of levels (1 ..
 *             ENETSTL_MEM_SLOTS); the search starts at the top one
 *
 * For slot l from the top down to 0: follow slot l while the next node's
 * key is below @key. This is a skip list's whole search in one call,
 * without references: it reads under RCU, so with concurrent writers the
 * answer is a snapshot (never a dangling pointer). A handle in @preds is 0
 * for a node freed meanwhile.
 *
 * Return: the handle of the slot-0 successor of preds[0] if its key equals
 * @key, 0 if not, -ENOENT (-2) when @start names no live node, -EINVAL
 * (-22) for bad sizes (@key__sz 0, above the payload size or
 * ENETSTL_MEM_KEY_MAX; @preds__sz not 8 .. 128 in steps of 8), -ELOOP (-40)
 * after ENETSTL_MEM_WALK_MOVES(@key__sz) moves (a cycle, or a list too
 * long for its levels).
 */
extern __s64 enetstl_node_search(__u64 start, const void *key, __u32 key__sz,
				 __u64 *preds, __u32 preds__sz) ENETSTL_KFUNC;

/*
 * Ordered lists. Nodes linked through slots 0 .. levels-1 in ascending order
 * of a key, the first @key__sz bytes of each node's payload compared with
 * memcmp() (store integers big-endian for numeric order), starting from a
 * head node whose own key is never compared: a skip list whose level l is
 * slot l. The calls below do a whole operation in one kfunc, the descent
 * included; enetstl_node_search() exposes the descent itself.
 *
 * Concurrency: enetstl_node_insert() and enetstl_node_erase() run under
 * the container's lock, so several CPUs may insert and erase in one list at
 * once; enetstl_node_find() takes no lock and sees each node either before
 * or after a concurrent insert, never half linked. An erased node's slots
 * are emptied at once (so that freed nodes never hold memory), so a find
 * that stands on a node while it is erased may miss a key; a program that
 * inserts when find misses sees -EEXIST and finds again.
 */

/**
 * enetstl_node_find() - the node with a key, acquired
 * @head: handle of the list's head node
 * @key: the key
 * @key__sz: key bytes, 1 .. the payload size and ENETSTL_MEM_KEY_MAX
 *
 * Descends from @head's highest non-empty slot down to slot 0 (the module
 * keeps each node's highest non-empty slot, so the empty levels above it,
 * where the walk could only stay on @head, cost nothing): the same walk as
 * from slot ENETSTL_MEM_SLOTS - 1. enetstl_node_find_data(),
 * enetstl_node_search() (from the top of its @preds__sz levels),
 * enetstl_node_insert() and enetstl_node_erase() descend the same way.
 * A list with an index (enetstl_node_index()) is looked up there first,
 * with the same answer.
 *
 * Return: the live node whose key equals @key, with a reference the
 * program must release; NULL when there is none, @head names no live node,
 * the size is wrong, or the walk exceeds ENETSTL_MEM_WALK_MOVES(@key__sz)
 * moves.
 */
extern struct enetstl_node *enetstl_node_find(__u64 head, const void *key,
					      __u32 key__sz) ENETSTL_KFUNC;

/**
 * enetstl_node_find_data() - the payload of the node with a key, no reference
 * @head: handle of the list's head node
 * @key: the key
 * @key__sz: key bytes, 1 .. the payload size and ENETSTL_MEM_KEY_MAX
 * @rdwr_buf_size: payload bytes the program reads and writes: a constant,
 *                 1 .. the container's payload size
 *
 * enetstl_node_find(), enetstl_node_data() and enetstl_node_release() in
 * one call, for the per-packet lookup of a flow table: the same descent,
 * the same answer, no reference to count or release. XDP and TC programs
 * only (the verifier refuses it elsewhere): the pointer stays valid until
 * the program returns, because a node's memory is freed or reused only an
 * RCU grace period after its last reference goes, and these programs run
 * inside an RCU read-side section. If another CPU erases the node
 * meanwhile, writes through the pointer land in a node that is leaving
 * the list and are lost, as with a BPF hash map element deleted under a
 * program; never in another node or freed memory.
 *
 * Return: @rdwr_buf_size writable payload bytes of the live node whose key
 * equals @key; NULL when there is none, @head names no live node, a size
 * is wrong, or the walk exceeds ENETSTL_MEM_WALK_MOVES(@key__sz) moves.
 */
extern __u8 *enetstl_node_find_data(__u64 head, const void *key, __u32 key__sz,
				    __u32 rdwr_buf_size) ENETSTL_KFUNC;

/**
 * enetstl_node_insert() - link a node into an ordered list by its key
 * @n: an acquired node of the list's container (typically new from
 *     enetstl_node_new()), its slots 0 .. @levels - 1 empty; its key
 *     already written to its payload. The call takes the reference.
 * @head: handle of the list's head node
 * @key_len: key bytes, 1 .. the payload size and ENETSTL_MEM_KEY_MAX (a
 *           plain count: the key is in the node, so no __sz suffix,
 *           which would tie it to @head)
 * @levels: how many levels the node joins, 1 .. ENETSTL_MEM_SLOTS (for a
 *          skip list, a random height)
 *
 * Like bpf_rbtree_add(), the call takes the program's reference to @n:
 * after it the program cannot touch @n (find it again to update it). On
 * any error @n goes as enetstl_node_release() would: a new node that was
 * never linked or named is freed, one already in its container stays
 * there.
 *
 * Return: 0; -EEXIST when a node with the same key is in the list (nothing
 * changes); -EINVAL for bad sizes or levels, or @n being @head; -EXDEV when
 * @head is in another container; -ENOENT when @head is not live, or @n was
 * freed or its container destroyed; -EBUSY when one of @n's slots 0 ..
 * @levels - 1 is in use; -ELOOP after ENETSTL_MEM_WALK_MOVES(@key_len)
 * moves. (-ESTALE, "would follow a freed node", is no longer returned:
 * linked nodes cannot be freed.)
 */
extern int enetstl_node_insert(struct enetstl_node *n, __u64 head, __u32 key_len,
			       __u32 levels) ENETSTL_KFUNC;

/**
 * enetstl_node_erase() - unlink the node with a key and free it
 * @head: handle of the list's head node
 * @key: the key
 * @key__sz: key bytes, 1 .. the payload size and ENETSTL_MEM_KEY_MAX
 *
 * Unlinks the node from every level it is on and frees it as
 * enetstl_node_free() would (its handle stops working; references programs
 * still hold keep it readable).
 *
 * Return: 0; -ENOENT when no node has @key or @head names no live node;
 * -EBUSY (-16) when some slot outside the list's levels (enetstl_node_link())
 * also points at the node (nothing changes); -EINVAL for a bad size; -ELOOP
 * after ENETSTL_MEM_WALK_MOVES(@key__sz) moves.
 */
extern int enetstl_node_erase(__u64 head, const void *key, __u32 key__sz) ENETSTL_KFUNC;

/** ENETSTL_MEM_INDEX_MAX - most entries an index may be sized for (2^20). */
#define ENETSTL_MEM_INDEX_MAX (1u << 20)
/**
 * ENETSTL_MEM_INDEX_BYTES() - the most an index sized for @entries charges
 * to its container: 64 bytes, and 56 bytes per bucket, with @entries
 * rounded up to a power of 2 buckets (at most twice @entries). Add it to
 * the container's max_bytes.
 */
#define ENETSTL_MEM_INDEX_BYTES(entries) (64ull + 2ull * 56 * (entries))

/**
 * enetstl_node_index() - give an ordered list a hashed index
 * @head: handle of the list's head node; the list must be empty
 * @key_len: the list's key bytes, 1 .. the payload size and
 *           ENETSTL_MEM_KEY_MAX: the index serves finds of exactly
 *           this size, and every insert into the list must use it
 * @entries: the members expected, 1 .. ENETSTL_MEM_INDEX_MAX (more
 *           fit: they cost a descent each)
 *
 * SYSCALL programs only (it allocates, and may sleep; the verifier refuses
 * it elsewhere). One index per container. Afterwards
 * enetstl_node_find() and enetstl_node_find_data() with @head and a
 * @key_len-byte key look the key up in the index first: a bucket, chosen by
 * the key's CRC-32C (enetstl_crc32c() with seed 0, masked to a power of 2
 * of at least @entries buckets), holds up to 4 members; a key found there
 * is the answer; a key not found there is absent, unless the bucket counts
 * members it had no way for (it was full when they were inserted, and
 * they are still in the list): then the find descends as without an
 * index. The answers are those of the descent: the index only saves its
 * work. Its members are exactly the nodes enetstl_node_insert() put into
 * the list and that were not erased since; so that this stays true, the
 * head and the members refuse enetstl_node_link() and
 * enetstl_node_unlink() (-EPERM), inserts into the list with another key
 * length are refused (-EINVAL), a member cannot be inserted elsewhere
 * (-EBUSY), nor can a member stand as the head of an insert (-EPERM).
 * enetstl_node_search() and enetstl_node_erase() descend as before.
 * Do not change a member's key bytes: the order and the index would both
 * be wrong for it. The index goes with the head (enetstl_node_free() of an
 * empty list's head) or with the container.
 *
 * CRC-32C is unkeyed and linear: keys that share a bucket are easy to
 * make. A flood of them fills buckets, and finds of keys there cost a
 * descent, as without an index; the answers stay exact.
 *
 * Return: 0; -EINVAL (-22) for a bad @key_len or @entries; -ENOENT (-2)
 * when @head names no live node; -EEXIST (-17) when the container has an
 * index already; -EBUSY (-16) when the list is not empty (@head has a
 * slot in use); -ENOMEM (-12) when the
 * bucket array does not fit the container's max_bytes or memory is short
 * (ENETSTL_MEM_INDEX_BYTES()).
 */
extern int enetstl_node_index(__u64 head, __u32 key_len, __u32 entries) ENETSTL_KFUNC;

#endif /* _ENETSTL_MEM_H */
