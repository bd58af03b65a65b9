// SPDX-License-Identifier: GPL-2.0
/* An XDP program written before XDP requirements existed: it declares
 * nothing. It loads and attaches as before; the kernel derives that it
 * may redirect and warns when the device cannot.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

SEC("xdp")
int xdp_legacy(struct xdp_md *ctx)
{
	return bpf_redirect_map(&tx_port, 0, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
