// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_main.c - eNetSTL module: registers the kfunc set for XDP, TC and
 * SYSCALL programs, and refuses to load if the kfuncs are not really there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/bpf.h>
#include <linux/kernfs.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/utsname.h>

#include <enetstl/bitops.h>
#include <enetstl/cffs.h>
#include <enetstl/crc32c.h>
#include <enetstl/cuckoo.h>
#include <enetstl/flow.h>
#include <enetstl/compare.h>
#include <enetstl/hash.h>
#include <enetstl/list.h>
#include <enetstl/mem.h>
#include <enetstl/random.h>
#include <enetstl/simd.h>
#include <enetstl/wheel.h>
#include "enetstl_compat.h"
#include "enetstl_internal.h"

bool enetstl_generic_only;
module_param_named(generic_only, enetstl_generic_only, bool, 0444);
MODULE_PARM_DESC(generic_only, "Use only the generic code paths, no CPU-specific instructions (default: N)");

/*
 * Every kfunc the module registers, in one place (make check's
 * kfunc-registry stage holds it equal to the headers' declarations). A
 * module may register one kfunc set per program type (6.1 WARNs at a
 * second), so the sets are built from these lists: every kfunc of ENETSTL_COMMON_KFUNCS serves XDP,
 * TC and SYSCALL programs; a held SIMD section disables preemption until
 * the program releases it, so ENETSTL_SECTION_KFUNCS serve only the program
 * types that never sleep (XDP and TC, not SYSCALL); ENETSTL_SLEEPABLE_KFUNCS
 * may sleep and serve only (sleepable) SYSCALL programs.
 */
#define ENETSTL_COMMON_KFUNCS					\
	BTF_ID_FLAGS(func, enetstl_ffs32)			\
	BTF_ID_FLAGS(func, enetstl_ffs64)			\
	BTF_ID_FLAGS(func, enetstl_fls32)			\
	BTF_ID_FLAGS(func, enetstl_fls64)			\
	BTF_ID_FLAGS(func, enetstl_ctz32)			\
	BTF_ID_FLAGS(func, enetstl_ctz64)			\
	BTF_ID_FLAGS(func, enetstl_clz32)			\
	BTF_ID_FLAGS(func, enetstl_clz64)			\
	BTF_ID_FLAGS(func, enetstl_popcount32)			\
	BTF_ID_FLAGS(func, enetstl_popcount64)			\
	BTF_ID_FLAGS(func, enetstl_bitmap_ffs)			\
	BTF_ID_FLAGS(func, enetstl_crc32c)			\
	BTF_ID_FLAGS(func, enetstl_crc32c_flow)			\
	BTF_ID_FLAGS(func, enetstl_match16)			\
	BTF_ID_FLAGS(func, enetstl_match32)			\
	BTF_ID_FLAGS(func, enetstl_match64)			\
	BTF_ID_FLAGS(func, enetstl_find16)			\
	BTF_ID_FLAGS(func, enetstl_find32)			\
	BTF_ID_FLAGS(func, enetstl_find64)			\
	BTF_ID_FLAGS(func, enetstl_key_eq)			\
	BTF_ID_FLAGS(func, enetstl_key_find)			\
	BTF_ID_FLAGS(func, enetstl_hash_multi)			\
	BTF_ID_FLAGS(func, enetstl_cm_update)			\
	BTF_ID_FLAGS(func, enetstl_cm_crc_update)		\
	BTF_ID_FLAGS(func, enetstl_cm_crc_flow)			\
	BTF_ID_FLAGS(func, enetstl_cuckoo_flow_find)		\
	BTF_ID_FLAGS(func, enetstl_cffs_push)			\
	BTF_ID_FLAGS(func, enetstl_cffs_pop_min)		\
	BTF_ID_FLAGS(func, enetstl_cffs_push_pop_min)		\
	BTF_ID_FLAGS(func, enetstl_wheel_push)			\
	BTF_ID_FLAGS(func, enetstl_wheel_release)		\
	BTF_ID_FLAGS(func, enetstl_wheel_push_release)	\
	BTF_ID_FLAGS(func, enetstl_random_u32)			\
	BTF_ID_FLAGS(func, enetstl_geo_init)			\
	BTF_ID_FLAGS(func, enetstl_geo_skip)			\
	BTF_ID_FLAGS(func, enetstl_geo_sample)			\
	/* the memory wrapper (mem.h) and list buckets (list.h) */	\
	BTF_ID_FLAGS(func, enetstl_mem_create, KF_ACQUIRE | KF_RET_NULL)	\
	BTF_ID_FLAGS(func, enetstl_mem_handle, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_mem_get, KF_ACQUIRE | KF_RET_NULL)	\
	BTF_ID_FLAGS(func, enetstl_mem_release, KF_RELEASE)	\
	BTF_ID_FLAGS(func, enetstl_node_alloc, KF_ACQUIRE | KF_RET_NULL | KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_node_new, KF_ACQUIRE | KF_RET_NULL)	\
	BTF_ID_FLAGS(func, enetstl_node_lookup, KF_ACQUIRE | KF_RET_NULL)	\
	BTF_ID_FLAGS(func, enetstl_node_handle, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_node_get, KF_ACQUIRE | KF_RET_NULL | KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_node_slot, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_node_link, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_node_unlink, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_node_data, KF_RET_NULL | KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_node_release, KF_RELEASE)	\
	BTF_ID_FLAGS(func, enetstl_node_free, KF_RELEASE)	\
	BTF_ID_FLAGS(func, enetstl_node_search)			\
	BTF_ID_FLAGS(func, enetstl_node_find, KF_ACQUIRE | KF_RET_NULL)	\
	BTF_ID_FLAGS(func, enetstl_node_insert, KF_RELEASE)	\
	BTF_ID_FLAGS(func, enetstl_node_erase)			\
	BTF_ID_FLAGS(func, enetstl_list_create, KF_ACQUIRE | KF_RET_NULL)	\
	BTF_ID_FLAGS(func, enetstl_list_handle, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_list_get, KF_ACQUIRE | KF_RET_NULL)	\
	BTF_ID_FLAGS(func, enetstl_list_release, KF_RELEASE)	\
	BTF_ID_FLAGS(func, enetstl_list_push, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_list_pop, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_list_peek, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_list_pop_due, KF_TRUSTED_ARGS)	\
	BTF_ID_FLAGS(func, enetstl_list_len, KF_TRUSTED_ARGS)

#define ENETSTL_SECTION_KFUNCS					\
	BTF_ID_FLAGS(func, enetstl_simd_enter, KF_ACQUIRE)	\
	BTF_ID_FLAGS(func, enetstl_simd_exit, KF_RELEASE)

/* Pointers that live until the program returns: programs that run under RCU. */
#define ENETSTL_RCU_KFUNCS					\
	BTF_ID_FLAGS(func, enetstl_node_find_data, KF_RET_NULL)

/* Allocations that may sleep: setup from SYSCALL programs. */
#define ENETSTL_SLEEPABLE_KFUNCS				\
	BTF_ID_FLAGS(func, enetstl_node_index, KF_SLEEPABLE)

ENETSTL_KFUNCS_START(enetstl_kfunc_ids)
ENETSTL_COMMON_KFUNCS
ENETSTL_SLEEPABLE_KFUNCS
ENETSTL_KFUNCS_END(enetstl_kfunc_ids)

/*
 * XDP's set is TC's and the frame parse, which takes an XDP context. Each
 * program type gets one set: 6.1 refuses a module's second set for a type.
 */
ENETSTL_KFUNCS_START(enetstl_xdp_kfunc_ids)
ENETSTL_COMMON_KFUNCS
ENETSTL_SECTION_KFUNCS
ENETSTL_RCU_KFUNCS
BTF_ID_FLAGS(func, enetstl_flow_parse)
ENETSTL_KFUNCS_END(enetstl_xdp_kfunc_ids)

ENETSTL_KFUNCS_START(enetstl_tc_kfunc_ids)
ENETSTL_COMMON_KFUNCS
ENETSTL_SECTION_KFUNCS
ENETSTL_RCU_KFUNCS
ENETSTL_KFUNCS_END(enetstl_tc_kfunc_ids)

static const enum bpf_prog_type enetstl_xdp_types[] = {
	BPF_PROG_TYPE_XDP,
};

static const enum bpf_prog_type enetstl_tc_types[] = {
	BPF_PROG_TYPE_SCHED_CLS,
};

static const enum bpf_prog_type enetstl_syscall_types[] = {
	BPF_PROG_TYPE_SYSCALL,
};

/* Each kfunc set and the program types that may call it. */
static const struct enetstl_kfunc_reg {
	const char *name;
	struct btf_kfunc_id_set set;
	const enum bpf_prog_type *types;
	unsigned int ntypes;
} enetstl_kfunc_regs[] = {
	{ "XDP", { THIS_MODULE, &enetstl_xdp_kfunc_ids },
	  enetstl_xdp_types, ARRAY_SIZE(enetstl_xdp_types) },
	{ "TC", { THIS_MODULE, &enetstl_tc_kfunc_ids },
	  enetstl_tc_types, ARRAY_SIZE(enetstl_tc_types) },
	{ "SYSCALL", { THIS_MODULE, &enetstl_kfunc_ids },
	  enetstl_syscall_types, ARRAY_SIZE(enetstl_syscall_types) },
};

/*
 * The build resolved every kfunc's BTF id into the sets. An unresolved set
 * (count or an id of 0) means the BTF step did not run.
 */
static int enetstl_check_ids(const struct enetstl_kfunc_reg *reg)
{
	const struct btf_id_set8 *ids = reg->set.set;
	u32 i;

	if (!ids->cnt) {
		pr_err("%s kfunc ids were not resolved at build time (empty .BTF_ids set); rebuild the module with its BTF step\n",
		       reg->name);
		return -ENOEXEC;
	}
	for (i = 0; i < ids->cnt; i++) {
		if (!ids->pairs[i].id) {
			pr_err("%s kfunc %u has no BTF id; rebuild the module with its BTF step\n",
			       reg->name, i);
			return -ENOEXEC;
		}
	}
	return 0;
}

static int enetstl_register(const struct enetstl_kfunc_reg *reg)
{
	unsigned int i;
	int err;

	for (i = 0; i < reg->ntypes; i++) {
		err = register_btf_kfunc_id_set(reg->types[i], &reg->set);
		if (err) {
			pr_err("registering %s kfuncs for program type %d failed: %d\n",
			       reg->name, reg->types[i], err);
			return err;
		}
	}
	return 0;
}

/*
 * With CONFIG_MODULE_ALLOW_BTF_MISMATCH (Debian), a module whose BTF is
 * missing or does not match the running kernel still loads, and
 * register_btf_kfunc_id_set() returns 0 without registering anything. The
 * kernel publishes /sys/kernel/btf/<module> only for module BTF it accepted,
 * so look for that node (through kernfs: no dependency on /sys being mounted).
 */
static int enetstl_check_module_btf(void)
{
	struct kernfs_node *dir, *node = NULL;

	if (!THIS_MODULE->btf_data_size) {
		pr_err("module has no .BTF section; it was built without its BTF step, kfuncs unavailable\n");
		return -ENOEXEC;
	}
	dir = kernfs_find_and_get(kernel_kobj->sd, "btf");
	if (dir) {
		node = kernfs_find_and_get(dir, THIS_MODULE->name);
		kernfs_put(dir);
	}
	if (!node) {
		pr_err("the kernel rejected the module's BTF (built against another kernel's BTF?); kfuncs unavailable, rebuild for %s\n",
		       init_utsname()->release);
		return -ENOEXEC;
	}
	kernfs_put(node);
	return 0;
}

static ssize_t cpu_paths_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "crc32c %s\npopcount %s\ncompare %s\n",
			  enetstl_crc32c_path(), enetstl_popcnt_path(),
			  enetstl_simd_path());
}

/* /sys/module/enetstl/cpu_paths: which implementation each component uses. */
static struct kobj_attribute enetstl_cpu_paths_attr = __ATTR_RO(cpu_paths);

static int __init enetstl_init(void)
{
	unsigned int i;
	int err;

	err = enetstl_check_module_btf();
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(enetstl_kfunc_regs); i++) {
		err = enetstl_check_ids(&enetstl_kfunc_regs[i]);
		if (err)
			return err;
	}
	if (enetstl_mem_check_ids()) {
		pr_err("kptr destructor ids were not resolved at build time; rebuild the module with its BTF step\n");
		return -ENOEXEC;
	}

	enetstl_crc32c_setup();
	enetstl_simd_setup();
	enetstl_random_setup();

	for (i = 0; i < ARRAY_SIZE(enetstl_kfunc_regs); i++) {
		err = enetstl_register(&enetstl_kfunc_regs[i]);
		if (err)
			return err;
	}

	err = enetstl_mem_init();
	if (err)
		return err;

	err = sysfs_create_file(&THIS_MODULE->mkobj.kobj, &enetstl_cpu_paths_attr.attr);
	if (err) {
		enetstl_mem_exit();
		return err;
	}

	pr_info("version %s loaded: %u XDP kfuncs, crc32c %s, popcount %s, simd %s\n",
		ENETSTL_VERSION, enetstl_xdp_kfunc_ids.cnt, enetstl_crc32c_path(),
		enetstl_popcnt_path(), enetstl_simd_path());
	return 0;
}

static void __exit enetstl_exit(void)
{
	sysfs_remove_file(&THIS_MODULE->mkobj.kobj, &enetstl_cpu_paths_attr.attr);
	enetstl_mem_exit();
}

module_init(enetstl_init);
module_exit(enetstl_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("eNetSTL developers");
MODULE_DESCRIPTION("eNetSTL: in-kernel library of kfuncs for eBPF network functions");
MODULE_VERSION(ENETSTL_VERSION);
