// SPDX-License-Identifier: GPL-2.0
/* xdp_fallback: attach a forwarding XDP program in the best mode a device
 * supports, the way Suricata or xdp-tools want to: native XDP if the
 * kernel confirms the device can run it, else generic XDP. The kernel
 * says why native mode does not fit; no packet is dropped to find out.
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_link.h>
#include <bpf/libbpf.h>
#include "xdp_fallback.skel.h"

static bool verbose;

static int print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	char buf[8192], *line, *save = NULL;

	if (verbose)
		return vfprintf(stderr, fmt, args);
	if (level == LIBBPF_DEBUG)
		return 0;
	/* the kernel's reasons are all this sample needs from libbpf: the
	 * verifier's "xdp reqs:" lines and netlink's messages
	 */
	vsnprintf(buf, sizeof(buf), fmt, args);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "xdp reqs: program") || strstr(line, "Kernel "))
			fprintf(stderr, "%s\n", line);
	return 0;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"Usage: %s -d DEV [-o OUT_DEV] [-n] [-v]\n"
		"Forward packets from DEV to OUT_DEV (or pass them) with XDP,\n"
		"natively if DEV can run the program, else in generic mode.\n"
		"  -d DEV      device to attach to\n"
		"  -o OUT_DEV  device to forward to (default: none, pass)\n"
		"  -n          native mode only: fail instead of falling back\n"
		"  -v          print libbpf's and the verifier's messages\n"
		"  -h          this help\n", prog);
}

/* Load for native mode on @ifindex: the kernel refuses a misfit. */
static struct xdp_fallback_bpf *load(int ifindex, bool native)
{
	struct xdp_fallback_bpf *skel;
	int err;

	skel = xdp_fallback_bpf__open();
	if (!skel)
		return NULL;
	if (native)
		bpf_program__set_xdp_target(skel->progs.xdp_fwd, ifindex);
	err = xdp_fallback_bpf__load(skel);
	if (err) {
		xdp_fallback_bpf__destroy(skel);
		errno = -err;
		return NULL;
	}
	return skel;
}

int main(int argc, char **argv)
{
	int ifindex = 0, out_ifindex = 0, opt, err;
	struct xdp_fallback_bpf *skel;
	struct bpf_xdp_reqs reqs;
	bool native_only = false;
	__u32 flags, key = 0;
	char text[128];

	while ((opt = getopt(argc, argv, "d:o:nvh")) != -1) {
		switch (opt) {
		case 'd':
			ifindex = if_nametoindex(optarg);
			break;
		case 'o':
			out_ifindex = if_nametoindex(optarg);
			break;
		case 'n':
			native_only = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage(argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!ifindex) {
		usage(argv[0]);
		return 2;
	}
	libbpf_set_print(print);

	flags = XDP_FLAGS_DRV_MODE;
	skel = load(ifindex, true);
	if (!skel && errno == EOPNOTSUPP && !native_only) {
		fprintf(stderr, "native XDP does not fit this device: falling back to generic XDP\n");
		flags = XDP_FLAGS_SKB_MODE;
		skel = load(ifindex, false);
	}
	if (!skel) {
		fprintf(stderr, "cannot load: %s\n", strerror(errno));
		return 1;
	}
	if (out_ifindex)
		bpf_map__update_elem(skel->maps.tx_port, &key, sizeof(key),
				     &out_ifindex, sizeof(out_ifindex), 0);

	err = bpf_xdp_attach(ifindex, bpf_program__fd(skel->progs.xdp_fwd), flags, NULL);
	if (err) {
		fprintf(stderr, "cannot attach: %s\n", strerror(-err));
		xdp_fallback_bpf__destroy(skel);
		return 1;
	}
	if (!bpf_program__xdp_reqs(skel->progs.xdp_fwd, &reqs))
		libbpf_xdp_reqs_str(&reqs, text, sizeof(text));
	else
		snprintf(text, sizeof(text), "not reported by this kernel");
	printf("attached in %s mode; the program needs %s\n",
	       flags == XDP_FLAGS_DRV_MODE ? "native" : "generic", text);
	/* the attachment outlives us; detach with: ip link set DEV xdp off */
	xdp_fallback_bpf__destroy(skel);
	return 0;
}
