// SPDX-License-Identifier: GPL-2.0
/* Forward every packet to the port in tx_port[0], or pass it up the
 * stack when there is none. The program says what it needs in its own
 * source: the kernel checks the device can do it before a packet flows.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

SEC("xdp") __xdp_reqs("redirect,pass")
int xdp_fwd(struct xdp_md *ctx)
{
	return bpf_redirect_map(&tx_port, 0, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
