// SPDX-License-Identifier: GPL-2.0
/* Tail-call requirement budgets (SPEC section 4) for tests/xdp_reqs_ext.c:
 * a prog_array takes its budget from its first XDP owner (the first
 * caller whose load completes with the map, or the first program inserted
 * into it); inserting a program that does not fit the budget fails. The
 * test loads one program per object instance and shares maps with
 * bpf_map__reuse_fd() where the case needs it. Tail-call targets never
 * use a map, so loading one never makes it an owner.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define PROG_ARRAY(name)					\
	struct {						\
		__uint(type, BPF_MAP_TYPE_PROG_ARRAY);		\
		__uint(max_entries, 4);				\
		__type(key, __u32);				\
		__type(value, __u32);				\
	} name SEC(".maps")

PROG_ARRAY(jmp);	/* callers tc_* */
PROG_ARRAY(jmp1);	/* chain: chain_a -> jmp1 -> chain_b */
PROG_ARRAY(jmp2);	/* chain: chain_b -> jmp2 -> ret_* */

/* ---- callers: tail call jmp[0], XDP_PASS when the slot is empty ---- */

/* Declared {drop,pass} strict: owns jmp with budget {drop,pass}, so the
 * tail call derives {drop,pass}, not unknown, and the load succeeds.
 */
SEC("xdp") __xdp_reqs("drop,pass strict")
int tc_strict(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp, 0);
	return XDP_PASS;
}

/* The same declared {drop,pass} but not strict (loads on any kernel):
 * owns jmp with budget {drop,pass}.
 */
SEC("xdp") __xdp_reqs("drop,pass")
int tc_guarded(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp, 0);
	return XDP_PASS;
}

/* The same without a declaration: an unlimited budget; derives unknown. */
SEC("xdp")
int tc_legacy(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp, 0);
	return XDP_PASS;
}

/* ---- three levels: chain_a -> jmp1[0] = chain_b -> jmp2[0] = ret_* ---- */

/* Declared {drop,pass}: owns jmp1. */
SEC("xdp") __xdp_reqs("drop,pass")
int chain_a(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp1, 0);
	return XDP_PASS;
}

/* Declared {drop,pass}: owns jmp2, and fits jmp1's budget itself. */
SEC("xdp") __xdp_reqs("drop,pass")
int chain_b(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jmp2, 0);
	return XDP_PASS;
}

/* ---- tail-call targets ---- */

/* Legacy, returns XDP_DROP: fits a {drop,pass} budget. */
SEC("xdp")
int ret_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* Legacy, returns XDP_TX: fits no {drop,pass} budget. */
SEC("xdp")
int ret_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

/* Declared {drop,pass}, returns XDP_DROP: inserted first into an unused
 * map, it becomes the owner and gives the budget {drop,pass}.
 */
SEC("xdp") __xdp_reqs("drop,pass")
int own_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
