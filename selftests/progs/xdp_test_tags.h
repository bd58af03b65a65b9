/* SPDX-License-Identifier: GPL-2.0 */
/* Expected outcomes of the xdp_reqs test programs, written next to each
 * program as BTF decl tags ("xdp_test:KEY=VALUE") in the style of
 * selftests/bpf progs/bpf_misc.h, and read by tests/xdp_reqs_derive.c.
 *
 * Action lists are comma separated names in the kernel's order:
 * aborted,drop,pass,tx,redirect,unknown ("none" or "" for the empty set).
 * Feature lists use the netdev genl names: basic,redirect,ndo-xmit,
 * xsk-zerocopy,hw-offload,rx-sg,ndo-xmit-sg.
 *
 * What the loader passes (a struct bpf_xdp_reqs is passed when a
 * declaration is present):
 *   __declare(list)           declared actions
 *   __declare_features(list)  declared features
 *   __strict                  prog_flags BPF_F_XDP_REQS_STRICT
 *   __target(dev)             prog_flags BPF_F_XDP_REQS_TARGET + prog_ifindex of dev:
 *                             "veth" (a veth with its peer, both up),
 *                             "nsim" (a netdevsim port), "none" (ifindex 0),
 *                             "bogus" (an ifindex that does not exist)
 *   __state_freq              BPF_F_TEST_STATE_FREQ (checkpoint at every
 *                             prune point, makes pruning bugs visible)
 *
 * Load outcome (success unless __failure_errno):
 *   __failure_errno(ERR)      load fails with exactly this errno (a name)
 *   __msg(str)                substring of the verifier log; "$DEV" is
 *                             replaced by the target device's name
 *   __not_msg(str)            must not appear in the verifier log
 *
 * bpf_prog_info after a successful load:
 *   __expect_actions(list)    effective actions (info.xdp_reqs.actions)
 *   __expect_derived(list)    derived actions, exactly
 *   __expect_derived_has(list) derived actions include these (or, for a
 *                             list without "unknown", derived has unknown,
 *                             which admits every action)
 *   __expect_features(list)   derived and effective features
 *   __expect_headroom(n)      derived and effective headroom
 *   __expect_headroom_unknown derived and effective headroom are
 *                             BPF_XDP_HEADROOM_UNKNOWN
 *   __expect_headroom_min(n)  derived and effective headroom at least n,
 *                             unless BPF_XDP_HEADROOM_UNKNOWN
 *   __expect_guarded(n)       info.xdp_reqs_guarded
 *
 * BPF_PROG_TEST_RUN over packets with byte 0 in {0..7,255} times vals[0]
 * in {0,1,2,3,4,5,7,0xffffffff} (when the object has a "vals" map); every
 * run's action must be effective, and the bytes it pushed in front of the
 * packet (data_size_out - data_size_in) must fit the effective headroom
 * unless that is unknown:
 *   __observed(list)          the union of returned actions (values above
 *                             XDP_REDIRECT count as "unknown")
 *   __retval_at(b, v, ret)    input byte0 b and vals[0] v return ret
 *   __retval_byte(b, ret)     every input with byte0 b returns ret
 *   __retval_val(v, ret)      every input with vals[0] v returns ret
 * ret may be a number or an action (XDP_PASS).
 */
#ifndef __XDP_TEST_TAGS_H
#define __XDP_TEST_TAGS_H

#define __xt_str(x)		#x
#define __xt_xstr(x)		__xt_str(x)
#define __xt_tag(kv)		__attribute__((btf_decl_tag("xdp_test:" kv)))

#define __declare(list)		__xt_tag("declare=" list)
#define __declare_features(list) __xt_tag("declare_features=" list)
#define __strict		__xt_tag("strict=1")
#define __target(dev)		__xt_tag("target=" dev)
#define __target_veth		__target("veth")
#define __target_nsim		__target("nsim")
#define __state_freq		__xt_tag("state_freq=1")

#define __failure_errno(err)	__xt_tag("errno=" #err)
#define __msg(str)		__xt_tag("msg=" str)
#define __not_msg(str)		__xt_tag("not_msg=" str)

#define __expect_actions(list)	__xt_tag("actions=" list)
#define __expect_derived(list)	__xt_tag("derived=" list)
#define __expect_derived_has(list) __xt_tag("derived_has=" list)
#define __expect_features(list)	__xt_tag("features=" list)
#define __expect_headroom(n)	__xt_tag("headroom=" __xt_xstr(n))
#define __expect_headroom_unknown __xt_tag("headroom=unknown")
#define __expect_headroom_min(n) __xt_tag("headroom_min=" __xt_xstr(n))
#define __expect_guarded(n)	__xt_tag("guarded=" __xt_xstr(n))

#define __observed(list)	__xt_tag("observed=" list)
#define __retval_at(b, v, ret)	\
	__xt_tag("retval=" __xt_xstr(b) ":" __xt_xstr(v) ":" __xt_xstr(ret))
#define __retval_byte(b, ret)	\
	__xt_tag("retval=" __xt_xstr(b) ":any:" __xt_xstr(ret))
#define __retval_val(v, ret)	\
	__xt_tag("retval=any:" __xt_xstr(v) ":" __xt_xstr(ret))

/* For inline asm programs, as in selftests/bpf progs/bpf_misc.h */
#define __naked			__attribute__((naked))
#define __clobber_all		"r0", "r1", "r2", "r3", "r4", "r5", "r6", \
				"r7", "r8", "r9", "memory"
#define __imm(name)		[name]"i"(name)
#define __imm_const(name, expr)	[name]"i"(expr)
#define __imm_addr(name)	[name]"i"(&name)

#endif /* __XDP_TEST_TAGS_H */
