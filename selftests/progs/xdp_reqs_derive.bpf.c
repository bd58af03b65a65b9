// SPDX-License-Identifier: GPL-2.0
/* What the verifier derives for programs that declare nothing: the
 * derived set is reported and is the effective set, nothing is guarded.
 * (The map key programs at the end compare a declared program with a
 * legacy one.)
 */
#include <stddef.h>
#include "xdp_reqs_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} jmp_table SEC(".maps");

const volatile __u32 cfg_action = XDP_PASS;

/* ---- constants and ranges ---- */

SEC("xdp")
__expect_derived("pass") __expect_actions("pass") __expect_guarded(0)
__msg("xdp reqs: actions=pass headroom=0 guarded=0")
__observed("pass")
int const_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
__expect_derived("drop,pass") __expect_actions("drop,pass")
__msg("xdp reqs: actions=drop,pass headroom=0 guarded=0")
__observed("drop,pass") __retval_byte(0, XDP_PASS) __retval_byte(1, XDP_DROP)
int byte_drop_pass(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	if (b == 0)
		return XDP_PASS;
	return XDP_DROP;
}

/* Range [0,3]: every value in it. */
SEC("xdp")
__expect_derived("aborted,drop,pass,tx")
__observed("aborted,drop,pass,tx") __retval_byte(3, XDP_TX)
int range_0_3(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	return b & 3;
}

/* tnum {0,2}: only the values the tnum allows, drop (1) is not one. */
SEC("xdp")
__expect_derived("aborted,pass")
__observed("aborted,pass") __retval_byte(1, XDP_PASS) __retval_byte(2, XDP_ABORTED)
int tnum_0_2(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_PASS;
	return (b & 1) << 1;
}

/* Range [0,7]: a value that may be above XDP_REDIRECT is UNKNOWN, and
 * none of the actions below it is counted as reachable.
 */
SEC("xdp")
__expect_derived("drop,unknown")
__expect_actions("drop,unknown")
__msg("xdp reqs: actions=drop,unknown headroom=0 guarded=0")
__observed("aborted,drop,pass,tx,redirect,unknown") __retval_byte(7, 7)
int range_0_7(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	return b & 7;
}

/* ---- precision: pruning must not hide a path's constant ----
 * The fall-through path (byte 0 != 0) reaches l_join first with r6 = DROP
 * and leaves a checkpoint there; the other path arrives with r6 = PASS.
 * Unless r6 was marked precise from the exit, the second path is pruned
 * at l_join and PASS is never seen at the exit.
 */
#define PRECISE_PATHS_BODY						\
	asm volatile (							\
	"r2 = *(u32 *)(r1 + %[xdp_data]);"				\
	"r3 = *(u32 *)(r1 + %[xdp_data_end]);"				\
	"r4 = r2;"							\
	"r4 += 1;"							\
	"if r4 > r3 goto l_short_%=;"					\
	"r5 = *(u8 *)(r2 + 0);"						\
	"r7 = 0;"							\
	"r8 = 0;"							\
	"r9 = 0;"							\
	"if r5 == 0 goto l_pass_%=;"					\
	"r6 = %[drop];"							\
	"goto l_join_%=;"						\
"l_pass_%=:"								\
	"r6 = %[pass];"							\
"l_join_%=:"								\
	"r7 += 1;"							\
	"r8 += r7;"							\
	"r9 += r8;"							\
	"if r9 > 100 goto l_short_%=;"					\
	"r0 = r6;"							\
	"exit;"								\
"l_short_%=:"								\
	"r0 = %[drop];"							\
	"exit;"								\
	:								\
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),	\
	  __imm_const(xdp_data_end, offsetof(struct xdp_md, data_end)), \
	  __imm_const(drop, XDP_DROP),					\
	  __imm_const(pass, XDP_PASS)					\
	: __clobber_all)

SEC("xdp")
__expect_derived("drop,pass") __expect_actions("drop,pass")
__observed("drop,pass") __retval_byte(0, XDP_PASS) __retval_byte(1, XDP_DROP)
__naked int precise_paths(void)
{
	PRECISE_PATHS_BODY;
}

SEC("xdp")
__state_freq
__expect_derived("drop,pass") __expect_actions("drop,pass")
__observed("drop,pass") __retval_byte(0, XDP_PASS) __retval_byte(1, XDP_DROP)
__naked int precise_paths_freq(void)
{
	PRECISE_PATHS_BODY;
}

/* ---- maps ---- */

/* A frozen .rodata value is a constant to the verifier: exact. */
SEC("xdp")
__expect_derived("pass") __expect_actions("pass")
__observed("pass")
int rodata_action(struct xdp_md *ctx)
{
	return cfg_action;
}

/* A writable map value is unbounded, and the log says where it came from. */
SEC("xdp")
__expect_derived("unknown")
__expect_actions("unknown")
__expect_guarded(0)
__msg("returns a map value (loaded at insn")
__msg("), unknown unless bounded")
__observed("aborted,drop,pass,tx,redirect,unknown")
__retval_val(3, XDP_TX) __retval_val(0xffffffff, 0xffffffff)
int map_unbounded(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

/* ... unless the program bounds it. */
SEC("xdp")
__expect_derived("aborted,drop,pass") __expect_actions("aborted,drop,pass")
__not_msg("returns a map value")
__observed("aborted,drop,pass")
__retval_val(0, XDP_ABORTED) __retval_val(2, XDP_PASS) __retval_val(3, XDP_DROP)
int map_bounded(struct xdp_md *ctx)
{
	__u32 *v = val0();
	__u32 r;

	if (!v)
		return XDP_DROP;
	r = *v;
	if (r > XDP_PASS)
		return XDP_DROP;
	return r;
}

/* ---- helpers ---- */

SEC("xdp")
__expect_derived("redirect") __expect_actions("redirect")
__msg("xdp reqs: actions=redirect headroom=0 guarded=0")
__observed("redirect")
int redirect_const(struct xdp_md *ctx)
{
	return bpf_redirect(1, 0);
}

SEC("xdp")
__expect_derived("aborted")
__observed("aborted")
int redirect_bad_flag(struct xdp_md *ctx)
{
	return bpf_redirect(1, 1);
}

SEC("xdp")
__expect_derived("aborted,redirect")
__observed("aborted,redirect")
__retval_byte(0, XDP_REDIRECT) __retval_byte(1, XDP_ABORTED)
int redirect_var_flags(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_ABORTED;
	return bpf_redirect(1, b);
}

SEC("xdp")
__expect_derived("pass,redirect") __expect_actions("pass,redirect")
__msg("xdp reqs: actions=pass,redirect headroom=0 guarded=0")
__observed("pass,redirect")
__retval_byte(1, XDP_REDIRECT) __retval_byte(2, XDP_PASS)
int redirect_map_pass(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_PASS;
	return bpf_redirect_map(&tx_ports, b, XDP_PASS);
}

SEC("xdp")
__expect_derived("drop,redirect")
__observed("drop,redirect")
__retval_byte(1, XDP_REDIRECT) __retval_byte(2, XDP_DROP)
int redirect_map_drop(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	return bpf_redirect_map(&tx_ports, b, XDP_DROP);
}

/* Non-constant flags: the fallback action is unbounded. */
SEC("xdp")
__expect_derived("unknown")
__observed("aborted,pass,tx,redirect")
__retval_byte(1, XDP_REDIRECT) __retval_byte(3, XDP_TX) __retval_byte(5, XDP_ABORTED)
int redirect_map_var_flags(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_PASS;
	return bpf_redirect_map(&tx_ports, b, b);
}

/* ---- calls ---- */

static __noinline int pick_action(int b)
{
	if (b == 0)
		return XDP_PASS;
	return XDP_DROP;
}

SEC("xdp")
__expect_derived("drop,pass") __expect_actions("drop,pass")
__observed("drop,pass") __retval_byte(0, XDP_PASS) __retval_byte(4, XDP_DROP)
int subprog_action(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	return pick_action(b);
}

/* An empty prog array: falls through to XDP_PASS at run time, but the
 * callee's actions are unknown to the verifier.
 */
SEC("xdp")
__expect_derived_has("pass,unknown")
__observed("pass")
int tail_call(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp_table, 0);
	return XDP_PASS;
}

/* ---- headroom ---- */

SEC("xdp")
__expect_headroom(14) __expect_derived("drop,pass")
__msg("xdp reqs: actions=drop,pass headroom=14 guarded=0")
__observed("pass")
int head_push14(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, -14))
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp")
__expect_headroom(22)
__msg("headroom=22 ")
__observed("pass")
int head_meta22(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, -14))
		return XDP_DROP;
	if (bpf_xdp_adjust_meta(ctx, -8))
		return XDP_DROP;
	return XDP_PASS;
}

/* A pull may fail at run time and give nothing back: still 14 */
SEC("xdp")
__expect_headroom(14)
__observed("pass")
int head_pull_then_push(struct xdp_md *ctx)
{
	bpf_xdp_adjust_head(ctx, 14);
	if (bpf_xdp_adjust_head(ctx, -14))
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp")
__expect_headroom(34)
__observed("pass")
int head_push_twice(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, -14))
		return XDP_DROP;
	if (bpf_xdp_adjust_head(ctx, -20))
		return XDP_DROP;
	return XDP_PASS;
}

/* Two paths pushing 14 and 20 bytes join before one exit: the maximum,
 * 20, must survive state pruning at l_join.
 */
#define HEAD_MAX_PATHS_BODY						\
	asm volatile (							\
	"r6 = r1;"							\
	"r2 = *(u32 *)(r1 + %[xdp_data]);"				\
	"r3 = *(u32 *)(r1 + %[xdp_data_end]);"				\
	"r4 = r2;"							\
	"r4 += 1;"							\
	"if r4 > r3 goto l_join_%=;"					\
	"r5 = *(u8 *)(r2 + 0);"						\
	"if r5 == 0 goto l_b_%=;"					\
	"r1 = r6;"							\
	"r2 = -14;"							\
	"call %[bpf_xdp_adjust_head];"					\
	"goto l_join_%=;"						\
"l_b_%=:"								\
	"r1 = r6;"							\
	"r2 = -20;"							\
	"call %[bpf_xdp_adjust_head];"					\
"l_join_%=:"								\
	"r0 = %[pass];"							\
	"exit;"								\
	:								\
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),	\
	  __imm_const(xdp_data_end, offsetof(struct xdp_md, data_end)), \
	  __imm_const(pass, XDP_PASS),					\
	  __imm(bpf_xdp_adjust_head)					\
	: __clobber_all)

SEC("xdp")
__expect_headroom(20) __expect_derived("pass")
__msg("xdp reqs: actions=pass headroom=20 guarded=0")
__observed("pass")
__naked int head_max_paths(void)
{
	HEAD_MAX_PATHS_BODY;
}

SEC("xdp")
__state_freq
__expect_headroom(20) __expect_derived("pass")
__observed("pass")
__naked int head_max_paths_freq(void)
{
	HEAD_MAX_PATHS_BODY;
}

SEC("xdp")
__expect_headroom_unknown
__msg("headroom=unknown")
__observed("pass")
int head_var(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_PASS;
	bpf_xdp_adjust_head(ctx, -(b & 15));
	return XDP_PASS;
}

/* ---- frags ---- */

SEC("xdp.frags")
__expect_features("rx-sg")
__msg("xdp reqs: actions=drop,pass features=rx-sg headroom=0 guarded=0")
__observed("pass")
int frags_load_bytes(struct xdp_md *ctx)
{
	__u8 buf[4];

	if (bpf_xdp_load_bytes(ctx, 0, buf, sizeof(buf)))
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp.frags")
__expect_features("rx-sg")
__observed("pass")
int frags_store_bytes(struct xdp_md *ctx)
{
	__u8 buf[4] = {};

	if (bpf_xdp_store_bytes(ctx, 4, buf, sizeof(buf)))
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp.frags")
__expect_features("rx-sg")
__observed("pass")
int frags_buff_len(struct xdp_md *ctx)
{
	if (bpf_xdp_get_buff_len(ctx) < 14)
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp.frags")
__expect_features("rx-sg")
__observed("pass")
int frags_adjust_tail(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_tail(ctx, -4))
		return XDP_DROP;
	return XDP_PASS;
}

/* Frags-aware but no frag helper: nothing needed. */
SEC("xdp.frags")
__expect_features("none")
__observed("pass")
int frags_no_helper(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* A frag helper without BPF_F_XDP_HAS_FRAGS: linear only. */
SEC("xdp")
__expect_features("none")
__observed("pass")
int nofrags_load_bytes(struct xdp_md *ctx)
{
	__u8 buf[4];

	if (bpf_xdp_load_bytes(ctx, 0, buf, sizeof(buf)))
		return XDP_DROP;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";

/* ---- values kept in a map key ---- */

/* The action is kept in the stack slot that is also a map key, as
 * xdp-tools' xdp_stats_record_action() does. A declared program keeps the
 * spilled value across the lookup and derives it exactly; a legacy one
 * keeps stock 6.12's cost and model (the helper may have written the
 * slot), so its exit is unknown, which is no misfit at attach.
 */
#define KEY_SLOT_BODY							\
	asm volatile (							\
	"r2 = *(u32 *)(r1 + %[xdp_data]);"				\
	"r3 = *(u32 *)(r1 + %[xdp_data_end]);"				\
	"r4 = r2;"							\
	"r4 += 1;"							\
	"r1 = %[pass];"							\
	"if r4 > r3 goto l_store_%=;"					\
	"r7 = *(u8 *)(r2 + 0);"						\
	"if r7 != 1 goto l_store_%=;"					\
	"r1 = %[drop];"							\
"l_store_%=:"								\
	"*(u32 *)(r10 - 8) = r1;"					\
	"r2 = r10;"							\
	"r2 += -8;"							\
	"r1 = %[vals] ll;"						\
	"call %[bpf_map_lookup_elem];"					\
	"r0 = *(u32 *)(r10 - 8);"					\
	"exit;"								\
	:								\
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),	\
	  __imm_const(xdp_data_end, offsetof(struct xdp_md, data_end)), \
	  __imm_const(drop, XDP_DROP),					\
	  __imm_const(pass, XDP_PASS),					\
	  __imm_addr(vals),						\
	  __imm(bpf_map_lookup_elem)					\
	: __clobber_all)

SEC("xdp")
__declare("drop,pass") __strict
__expect_derived("drop,pass") __expect_guarded(0)
__observed("drop,pass") __retval_byte(1, XDP_DROP) __retval_byte(0, XDP_PASS)
__naked int map_key_slot_declared(void)
{
	KEY_SLOT_BODY;
}

SEC("xdp")
__declare("drop,pass") __strict __state_freq
__expect_derived("drop,pass") __expect_guarded(0)
__observed("drop,pass") __retval_byte(1, XDP_DROP)
__naked int map_key_slot_declared_freq(void)
{
	KEY_SLOT_BODY;
}

SEC("xdp")
__expect_derived("unknown")
__observed("drop,pass") __retval_byte(1, XDP_DROP)
__naked int map_key_slot_legacy(void)
{
	KEY_SLOT_BODY;
}
