/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_macros.h - verifier expectations written next to the program, as in
 * the kernel's selftests: the runner reads these BTF decl tags.
 *
 *   __success                 the program must load
 *   __failure                 the program must be rejected by the verifier
 *   __msg("text")             the verifier log must contain "text"; every
 *                             __msg of a program must (as in the selftests)
 *   __msg_any("text")         alternatives: the log must contain at least
 *                             one __msg_any of the program (the wording
 *                             differs between 6.1, 6.12 and 7.x)
 */
#ifndef _ENETSTL_TEST_MACROS_H
#define _ENETSTL_TEST_MACROS_H

#define __test_tag(x)	__attribute__((btf_decl_tag("comment:enetstl_test=" x)))
#define __success	__test_tag("success")
#define __failure	__test_tag("failure")
#define __msg(m)	__test_tag("msg=" m)
#define __msg_any(m)	__test_tag("msg_any=" m)

#endif
