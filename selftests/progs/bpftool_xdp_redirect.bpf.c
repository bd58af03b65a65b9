// SPDX-License-Identifier: GPL-2.0
/* For tests/bpftool_xdp_reqs.c: derives drop,pass,redirect and declares
 * nothing in its source.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int bt_redirect(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return XDP_DROP;
	if (data[0] == 1)
		return bpf_redirect(1, 0);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
