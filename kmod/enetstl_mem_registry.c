// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_mem_registry.c - what the memory wrapper and the list buckets
 * register with the kernel: the node handle table, the kptr destructors,
 * /sys/module/enetstl/mem_stats; their setup and teardown.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>

#include <enetstl/list.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"
#include "enetstl_mem.h"

struct rhashtable enetstl_names;

BTF_ID_LIST(enetstl_dtor_ids)
BTF_ID(struct, enetstl_mem)
BTF_ID(func, enetstl_mem_release)
BTF_ID(struct, enetstl_list)
BTF_ID(func, enetstl_list_release)

static ssize_t mem_stats_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct enetstl_mem_stats *s = &enetstl_stats;

	return sysfs_emit(buf,
			  "containers_created %lld\ncontainers_freed %lld\n"
			  "nodes_allocated %lld\nnodes_dropped %lld\nnodes_freed %lld\n"
			  "nodes_reused %lld\n"
			  "lists_created %lld\nlists_freed %lld\n"
			  "alloc_failed %lld\nbytes %lld\ndestroys_pending %lld\n",
			  (s64)atomic64_read(&s->containers_created),
			  (s64)atomic64_read(&s->containers_freed),
			  (s64)atomic64_read(&s->nodes_allocated),
			  (s64)atomic64_read(&s->nodes_dropped),
			  (s64)atomic64_read(&s->nodes_freed),
			  (s64)atomic64_read(&s->nodes_reused),
			  (s64)atomic64_read(&s->lists_created),
			  (s64)atomic64_read(&s->lists_freed),
			  (s64)atomic64_read(&s->alloc_failed),
			  (s64)atomic64_read(&s->bytes),
			  (s64)atomic64_read(&s->destroys_pending));
}

/* /sys/module/enetstl/mem_stats: allocation counters, balanced when idle. */
static struct kobj_attribute enetstl_mem_stats_attr = __ATTR_RO(mem_stats);

/*
 * The build resolved the destructor ids (the kfuncs themselves are in the
 * module's one kfunc set, checked by enetstl_check_ids()).
 */
int enetstl_mem_check_ids(void)
{
	u32 i;

	for (i = 0; i < 4; i++)
		if (!enetstl_dtor_ids[i])
			return -ENOEXEC;
	return 0;
}

int enetstl_mem_init(void)
{
	const struct btf_id_dtor_kfunc dtors[] = {
		{ .btf_id = enetstl_dtor_ids[0], .kfunc_btf_id = enetstl_dtor_ids[1] },
		{ .btf_id = enetstl_dtor_ids[2], .kfunc_btf_id = enetstl_dtor_ids[3] },
	};
	int err;

	err = enetstl_obj_setup();
	if (err)
		return err;
	err = rhashtable_init(&enetstl_names, &enetstl_name_params);
	if (err)
		goto fail_names;
	err = enetstl_node_caches_create();
	if (err)
		goto fail_caches;
	err = register_btf_id_dtor_kfuncs(dtors, ARRAY_SIZE(dtors), THIS_MODULE);
	if (err) {
		pr_err("registering kptr destructors failed: %d\n", err);
		goto fail;
	}
	err = sysfs_create_file(&THIS_MODULE->mkobj.kobj, &enetstl_mem_stats_attr.attr);
	if (!err)
		return 0;
fail:
	enetstl_node_caches_destroy();
fail_caches:
	rhashtable_destroy(&enetstl_names);
fail_names:
	enetstl_obj_exit();
	return err;
}

/*
 * No container or list has users here (a map holding one pins the module,
 * programs hold references only while they run), but destroys may still be
 * queued: enetstl_obj_exit() waits for them and for the RCU callbacks they
 * queued (a node's may queue its container's).
 */
void enetstl_mem_exit(void)
{
	sysfs_remove_file(&THIS_MODULE->mkobj.kobj, &enetstl_mem_stats_attr.attr);
	enetstl_obj_exit();
	rhashtable_destroy(&enetstl_names);
	enetstl_node_caches_destroy();
	if (atomic64_read(&enetstl_stats.bytes))
		pr_err("memory counters unbalanced at exit: %lld bytes\n",
		       (s64)atomic64_read(&enetstl_stats.bytes));
}
