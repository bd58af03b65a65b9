/* SPDX-License-Identifier: GPL-2.0 */
/* Maps and helpers shared by the xdp_reqs test programs. The loader
 * drives every path through packet byte 0 and vals[0], and puts lo at
 * tx_ports[1] so that bpf_redirect_map() can succeed.
 */
#ifndef __XDP_REQS_COMMON_H
#define __XDP_REQS_COMMON_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdp_test_tags.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} vals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} tx_ports SEC(".maps");

/* packet byte 0, or -1 when the packet is empty */
static __always_inline int byte0(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return -1;
	return data[0];
}

/* vals[0], NULL only if the lookup fails */
static __always_inline __u32 *val0(void)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&vals, &key);
}

#endif
