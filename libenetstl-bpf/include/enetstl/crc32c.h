/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * enetstl/crc32c.h - CRC-32C hashing with the CPU's crc32 instruction.
 */
#ifndef _ENETSTL_CRC32C_H
#define _ENETSTL_CRC32C_H

#include <enetstl/kfunc.h>

/**
 * enetstl_crc32c() - CRC-32C (Castagnoli) update over a buffer
 * @data: packet (after the data_end check), map value or stack memory the
 *        verifier has checked for @data__sz bytes; any alignment
 * @data__sz: number of bytes to hash (0 returns @seed)
 * @seed: starting CRC value; any value, e.g. a per-table hash seed
 *
 * Uses the SSE4.2 crc32 instruction where the CPU has it and a table
 * otherwise; both give identical results. Like the kernel's crc32c(), there
 * is no pre- or post-inversion: the standard CRC-32C of a buffer is
 * ~enetstl_crc32c(buf, len, ~0), 0xe3069283 for "123456789".
 *
 * @data may be NULL: before Linux 7.x the verifier lets an unchecked map
 * lookup result through as memory, and the call then returns @seed
 * unchanged. From 7.x (kfunc arguments trusted by default) the verifier
 * refuses such a program ("Possibly NULL pointer passed to trusted"):
 * check the lookup result first.
 *
 * Return: the updated CRC.
 */
extern __u32 enetstl_crc32c(const void *data, __u32 data__sz, __u32 seed) ENETSTL_KFUNC;

struct enetstl_flow_key;	/* enetstl/flow.h */

/**
 * enetstl_crc32c_flow() - enetstl_crc32c() of a flow key
 * @key: a struct enetstl_flow_key (enetstl/flow.h): its 40 bytes are the
 *       type's, which the verifier checks (packet, map value or stack)
 * @seed: as for enetstl_crc32c()
 *
 * Exactly enetstl_crc32c(@key, 40, @seed), with no length to pass or test:
 * five crc32 instructions where the CPU has them. For the per-packet hash
 * of a flow table or sketch. @key may be NULL as for enetstl_crc32c() (a
 * map value not checked, let through before Linux 7.x): @seed is returned.
 *
 * Return: the updated CRC.
 */
extern __u32 enetstl_crc32c_flow(const struct enetstl_flow_key *key, __u32 seed) ENETSTL_KFUNC;

#endif /* _ENETSTL_CRC32C_H */
