// SPDX-License-Identifier: GPL-2.0
/* freplace (BPF_PROG_TYPE_EXT) programs for tests/xdp_reqs_ext.c. The test
 * loads one at a time and names its target itself
 * (bpf_program__set_attach_target()): the entry of an
 * xdp_reqs_ext_target.bpf.o program or one of its dispatcher slots. The
 * names in SEC() are only defaults. Every one counts its runs in
 * hits[0], so the test can tell whether it ran at all.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline void hit(void)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&hits, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

/* Returns XDP_PASS: fits a {pass} target; shows it ran through hits. */
SEC("freplace/ent_pass_strict")
int ext_pass(struct xdp_md *ctx)
{
	hit();
	return XDP_PASS;
}

/* Returns XDP_DROP: fits a {drop,pass} entry or dispatcher slot. */
SEC("freplace/slot0")
int ext_drop(struct xdp_md *ctx)
{
	hit();
	return XDP_DROP;
}

/* Returns XDP_TX: outside every declared target of the test. */
SEC("freplace/slot1")
int ext_tx(struct xdp_md *ctx)
{
	hit();
	return XDP_TX;
}

/* Returns bpf_redirect(lo, 0), i.e. XDP_REDIRECT: outside {drop,pass}. */
SEC("freplace/slot1")
int ext_redirect(struct xdp_md *ctx)
{
	hit();
	return bpf_redirect(1, 0);
}

char _license[] SEC("license") = "GPL";
