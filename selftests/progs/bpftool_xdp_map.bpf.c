// SPDX-License-Identifier: GPL-2.0
/* For tests/bpftool_xdp_reqs.c: returns a value from a writable map, which
 * the verifier cannot bound (unknown), after pushing a 14 byte header.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bt_vals SEC(".maps");

SEC("xdp")
int bt_map(struct xdp_md *ctx)
{
	__u32 key = 0, *val;

	if (bpf_xdp_adjust_head(ctx, -14))
		return XDP_DROP;
	val = bpf_map_lookup_elem(&bt_vals, &key);
	if (!val)
		return XDP_PASS;
	return *val;
}

char _license[] SEC("license") = "GPL";
