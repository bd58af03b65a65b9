// SPDX-License-Identifier: GPL-2.0
/* Programs that declare their XDP requirement in their own source, with
 * __xdp_reqs() from bpf_helpers.h. tests/libbpf_xdp_reqs.c loads one at a
 * time; what each should give is said next to it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

/* declared and derived {pass,redirect}: loads, effective pass,redirect */
SEC("xdp") __xdp_reqs("redirect,pass")
int fwd(struct xdp_md *ctx)
{
	return bpf_redirect_map(&tx_port, 0, XDP_PASS);
}

/* declared pass, strict, returns tx: -EINVAL, "exit at insn" */
SEC("xdp") __xdp_reqs("pass strict")
int strict_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

/* declared drop and 64 bytes of headroom: effective drop headroom=64 */
SEC("xdp") __xdp_reqs("drop headroom=64")
int headroom(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* a word libbpf does not know: the load fails with -EINVAL */
SEC("xdp") __xdp_reqs("drop,bogus")
int bad_decl(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* nothing declared: derived pass only, nothing declared in prog_info */
SEC("xdp")
int undeclared(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
