/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enetstl_mem_kfuncs.h - the memory wrapper's and list buckets' entries of
 * the module's kfunc set. Linux 6.1 accepts one kfunc set per module and
 * program type (a second registration WARNs and fails), so these are
 * spliced into enetstl_kfunc_ids (enetstl_main.c) instead of a set of their own.
 */
#ifndef _ENETSTL_MEM_KFUNCS_H
#define _ENETSTL_MEM_KFUNCS_H

#include <enetstl/mem.h>
#include <enetstl/list.h>

#define ENETSTL_MEM_KFUNCS							\
BTF_ID_FLAGS(func, enetstl_mem_create, KF_ACQUIRE | KF_RET_NULL)		\
BTF_ID_FLAGS(func, enetstl_mem_handle, KF_TRUSTED_ARGS)				\
BTF_ID_FLAGS(func, enetstl_mem_get, KF_ACQUIRE | KF_RET_NULL)			\
BTF_ID_FLAGS(func, enetstl_mem_release, KF_RELEASE)				\
BTF_ID_FLAGS(func, enetstl_node_alloc, KF_ACQUIRE | KF_RET_NULL | KF_TRUSTED_ARGS) \
BTF_ID_FLAGS(func, enetstl_node_new, KF_ACQUIRE | KF_RET_NULL)			\
BTF_ID_FLAGS(func, enetstl_node_lookup, KF_ACQUIRE | KF_RET_NULL)		\
BTF_ID_FLAGS(func, enetstl_node_handle, KF_TRUSTED_ARGS)			\
BTF_ID_FLAGS(func, enetstl_node_get, KF_ACQUIRE | KF_RET_NULL | KF_TRUSTED_ARGS) \
BTF_ID_FLAGS(func, enetstl_node_slot, KF_TRUSTED_ARGS)				\
BTF_ID_FLAGS(func, enetstl_node_link, KF_TRUSTED_ARGS)				\
BTF_ID_FLAGS(func, enetstl_node_unlink, KF_TRUSTED_ARGS)			\
BTF_ID_FLAGS(func, enetstl_node_data, KF_RET_NULL | KF_TRUSTED_ARGS)		\
BTF_ID_FLAGS(func, enetstl_node_release, KF_RELEASE)				\
BTF_ID_FLAGS(func, enetstl_node_free, KF_RELEASE)				\
BTF_ID_FLAGS(func, enetstl_node_search)						\
BTF_ID_FLAGS(func, enetstl_node_find, KF_ACQUIRE | KF_RET_NULL)			\
BTF_ID_FLAGS(func, enetstl_node_insert, KF_RELEASE)				\
BTF_ID_FLAGS(func, enetstl_node_erase)						\
BTF_ID_FLAGS(func, enetstl_list_create, KF_ACQUIRE | KF_RET_NULL)		\
BTF_ID_FLAGS(func, enetstl_list_handle, KF_TRUSTED_ARGS)			\
BTF_ID_FLAGS(func, enetstl_list_get, KF_ACQUIRE | KF_RET_NULL)			\
BTF_ID_FLAGS(func, enetstl_list_release, KF_RELEASE)				\
BTF_ID_FLAGS(func, enetstl_list_push, KF_TRUSTED_ARGS)				\
BTF_ID_FLAGS(func, enetstl_list_pop, KF_TRUSTED_ARGS)				\
BTF_ID_FLAGS(func, enetstl_list_peek, KF_TRUSTED_ARGS)				\
BTF_ID_FLAGS(func, enetstl_list_len, KF_TRUSTED_ARGS)

#endif /* _ENETSTL_MEM_KFUNCS_H */
