// SPDX-License-Identifier: GPL-2.0
/* Declared requirements: BPF_F_XDP_REQS_STRICT rejects, otherwise guards
 * turn undeclared return values into XDP_ABORTED; devmap and cpumap
 * programs that declare requirements are held to their attach point.
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

static __noinline int pick_action(int b)
{
	if (b == 0)
		return XDP_PASS;
	return XDP_DROP;
}

/* ---- strict ---- */

SEC("xdp")
__declare("drop,pass") __strict
__expect_actions("drop,pass") __expect_derived("drop,pass") __expect_guarded(0)
__msg("xdp reqs: actions=drop,pass headroom=0 guarded=0")
__observed("drop,pass")
int strict_ok(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0 || b)
		return XDP_DROP;
	return XDP_PASS;
}

/* Declared actions beyond the derived ones are kept. */
SEC("xdp")
__declare("drop,pass,tx") __strict
__expect_actions("drop,pass,tx") __expect_derived("pass") __expect_guarded(0)
__observed("pass")
int strict_declared_more(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
__declare("drop,pass") __strict
__failure_errno(EINVAL)
__msg("xdp reqs: exit at insn ")
__msg(" may return tx (R0=3); declared drop,pass")
int strict_const_tx(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	if (b == 3)
		return XDP_TX;
	return XDP_PASS;
}

SEC("xdp")
__declare("redirect") __strict
__failure_errno(EINVAL)
__msg("xdp reqs: exit at insn ")
__msg(" may return aborted,drop (R0 in [0,1]); declared redirect")
int strict_range(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_REDIRECT;
	return b & 1;
}

SEC("xdp")
__declare("drop,pass") __strict
__failure_errno(EINVAL)
__msg("xdp reqs: exit at insn ")
__msg("(R0 in [0,4294967295]); declared drop,pass")
int strict_map_value(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

SEC("xdp")
__declare("aborted,drop,pass") __strict
__expect_actions("aborted,drop,pass") __expect_guarded(0)
__observed("aborted,drop,pass")
int strict_map_bounded(struct xdp_md *ctx)
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

SEC("xdp")
__declare("pass") __strict
__expect_actions("pass") __expect_guarded(0)
__observed("pass")
int strict_rodata(struct xdp_md *ctx)
{
	return cfg_action;
}

SEC("xdp")
__declare("pass,redirect") __strict
__expect_actions("pass,redirect") __expect_guarded(0)
__observed("pass,redirect")
int strict_redirect_map(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_PASS;
	return bpf_redirect_map(&tx_ports, b, XDP_PASS);
}

SEC("xdp")
__declare("drop,pass") __strict
__expect_actions("drop,pass") __expect_guarded(0)
__observed("drop,pass")
int strict_subprog(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	return pick_action(b);
}

SEC("xdp")
__state_freq
__declare("drop,pass") __strict
__expect_actions("drop,pass") __expect_guarded(0)
__observed("drop,pass")
__naked int strict_precise_paths(void)
{
	asm volatile (
	"r2 = *(u32 *)(r1 + %[xdp_data]);"
	"r3 = *(u32 *)(r1 + %[xdp_data_end]);"
	"r4 = r2;"
	"r4 += 1;"
	"if r4 > r3 goto l_short_%=;"
	"r5 = *(u8 *)(r2 + 0);"
	"if r5 == 0 goto l_pass_%=;"
	"r6 = %[drop];"
	"goto l_join_%=;"
"l_pass_%=:"
	"r6 = %[pass];"
"l_join_%=:"
	"r0 = r6;"
	"exit;"
"l_short_%=:"
	"r0 = %[drop];"
	"exit;"
	:
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),
	  __imm_const(xdp_data_end, offsetof(struct xdp_md, data_end)),
	  __imm_const(drop, XDP_DROP),
	  __imm_const(pass, XDP_PASS)
	: __clobber_all);
}

/* The same shape, but the pruned path returns an undeclared action:
 * strict must see it (it is the second path explored).
 */
SEC("xdp")
__state_freq
__declare("drop,pass") __strict
__failure_errno(EINVAL)
__msg(" may return tx (R0=3); declared drop,pass")
__naked int strict_precise_paths_tx(void)
{
	asm volatile (
	"r2 = *(u32 *)(r1 + %[xdp_data]);"
	"r3 = *(u32 *)(r1 + %[xdp_data_end]);"
	"r4 = r2;"
	"r4 += 1;"
	"if r4 > r3 goto l_short_%=;"
	"r5 = *(u8 *)(r2 + 0);"
	"if r5 == 0 goto l_tx_%=;"
	"r6 = %[drop];"
	"goto l_join_%=;"
"l_tx_%=:"
	"r6 = %[tx];"
"l_join_%=:"
	"r0 = r6;"
	"exit;"
"l_short_%=:"
	"r0 = %[drop];"
	"exit;"
	:
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),
	  __imm_const(xdp_data_end, offsetof(struct xdp_md, data_end)),
	  __imm_const(drop, XDP_DROP),
	  __imm_const(tx, XDP_TX)
	: __clobber_all);
}

/* The first declared owner of a prog array sets its budget: a strict
 * caller that owns the map derives its own declaration for the tail call.
 */
SEC("xdp")
__declare("pass") __strict
__expect_derived("pass")
int strict_tail_call(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp_table, 0);
	return XDP_PASS;
}

/* STRICT needs declared actions. */
SEC("xdp")
__strict
__failure_errno(EINVAL)
int strict_undeclared(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* ---- guards (declared, not strict) ---- */

SEC("xdp")
__declare("drop,pass")
__expect_actions("aborted,drop,pass") __expect_guarded(1)
__expect_derived_has("unknown")
__msg("xdp reqs: actions=aborted,drop,pass headroom=0 guarded=1")
__not_msg("may return")
__observed("aborted,drop,pass")
__retval_val(0, XDP_ABORTED) __retval_val(1, XDP_DROP) __retval_val(2, XDP_PASS)
__retval_val(3, XDP_ABORTED) __retval_val(4, XDP_ABORTED)
__retval_val(7, XDP_ABORTED) __retval_val(0xffffffff, XDP_ABORTED)
int guard_map_value(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

/* Every exit proven inside the declaration: no guard, no aborted. */
SEC("xdp")
__declare("drop,pass")
__expect_actions("drop,pass") __expect_guarded(0)
__msg("xdp reqs: actions=drop,pass headroom=0 guarded=0")
__observed("drop,pass")
int guard_none_needed(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0 || b)
		return XDP_DROP;
	return XDP_PASS;
}

/* A proven but undeclared value (tx) is guarded too. */
SEC("xdp")
__declare("drop,pass")
__expect_actions("aborted,drop,pass") __expect_guarded(1)
__observed("aborted,drop,pass")
__retval_byte(0, XDP_ABORTED) __retval_byte(1, XDP_DROP)
__retval_byte(2, XDP_PASS) __retval_byte(3, XDP_ABORTED)
int guard_range(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_DROP;
	return b & 3;
}

/* Everything but unknown declared: only values above redirect trap. */
SEC("xdp")
__declare("aborted,drop,pass,tx,redirect")
__expect_actions("aborted,drop,pass,tx,redirect") __expect_guarded(1)
__observed("aborted,drop,pass,tx,redirect")
__retval_val(3, XDP_TX) __retval_val(4, XDP_REDIRECT) __retval_val(5, XDP_ABORTED)
__retval_val(0xffffffff, XDP_ABORTED)
int guard_all_declared(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

/* Two unproven exits and one proven: two guards. */
SEC("xdp")
__declare("drop,pass")
__expect_actions("aborted,drop,pass") __expect_guarded(2)
__observed("aborted,drop,pass")
__retval_at(1, 1, XDP_DROP) __retval_at(1, 2, XDP_PASS) __retval_at(1, 3, XDP_ABORTED)
__retval_at(0, 0, XDP_DROP) __retval_at(0, 1, XDP_PASS) __retval_at(0, 2, XDP_ABORTED)
__retval_at(0, 0xffffffff, XDP_ABORTED)
__naked int guard_two_exits(void)
{
	asm volatile (
	"r6 = r1;"
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[vals] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto l_drop_%=;"
	"r7 = *(u32 *)(r0 + 0);"
	"r2 = *(u32 *)(r6 + %[xdp_data]);"
	"r3 = *(u32 *)(r6 + %[xdp_data_end]);"
	"r4 = r2;"
	"r4 += 1;"
	"if r4 > r3 goto l_drop_%=;"
	"r5 = *(u8 *)(r2 + 0);"
	"if r5 == 0 goto l_plus1_%=;"
	"r0 = r7;"
	"exit;"
"l_plus1_%=:"
	"w0 = w7;"
	"w0 += 1;"
	"exit;"
"l_drop_%=:"
	"r0 = %[drop];"
	"exit;"
	:
	: __imm_const(xdp_data, offsetof(struct xdp_md, data)),
	  __imm_const(xdp_data_end, offsetof(struct xdp_md, data_end)),
	  __imm_const(drop, XDP_DROP),
	  __imm_addr(vals),
	  __imm(bpf_map_lookup_elem)
	: __clobber_all);
}

/* Declared features are part of the effective requirement. */
SEC("xdp")
__declare("pass") __declare_features("rx-sg")
__expect_actions("pass") __expect_features("none")
__msg("xdp reqs: actions=pass features=rx-sg headroom=0 guarded=0")
__observed("pass")
int declared_features(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* ---- devmap and cpumap programs ---- */

SEC("xdp/devmap")
__declare("tx")
__failure_errno(EINVAL)
__msg("xdp reqs: devmap program may return tx; devmap programs can return aborted,drop,pass")
int devmap_decl_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

SEC("xdp/devmap")
__declare("redirect")
__failure_errno(EINVAL)
__msg("xdp reqs: devmap program may return redirect; devmap programs can return aborted,drop,pass")
int devmap_decl_redirect(struct xdp_md *ctx)
{
	return bpf_redirect(1, 0);
}

/* No declaration: loads as on stock. */
SEC("xdp/devmap")
__expect_derived("tx") __expect_actions("tx")
int devmap_undeclared_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

SEC("xdp/devmap")
__declare("drop,pass")
__expect_actions("drop,pass") __expect_guarded(0)
int devmap_decl_ok(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0 || b)
		return XDP_DROP;
	return XDP_PASS;
}

/* Guarded: the map value cannot reach tx or redirect at run time. */
SEC("xdp/devmap")
__declare("drop,pass")
__expect_actions("aborted,drop,pass") __expect_guarded(1)
int devmap_decl_guarded(struct xdp_md *ctx)
{
	__u32 *v = val0();

	if (!v)
		return XDP_DROP;
	return *v;
}

SEC("xdp/cpumap")
__declare("tx")
__failure_errno(EINVAL)
__msg("xdp reqs: cpumap program may return tx; "
      "cpumap programs can return aborted,drop,pass,redirect")
int cpumap_decl_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

SEC("xdp/cpumap")
__declare("pass,redirect")
__expect_actions("pass,redirect") __expect_guarded(0)
int cpumap_decl_redirect(struct xdp_md *ctx)
{
	int b = byte0(ctx);

	if (b < 0)
		return XDP_PASS;
	return bpf_redirect_map(&tx_ports, b, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
