/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the xdp_reqs tests: action and feature lists in the
 * kernel's vocabulary, test devices, prog info.
 */
#ifndef XDP_REQS_UTIL_H
#define XDP_REQS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* What a program can push in generic mode: XDP_PACKET_HEADROOM less the
 * struct xdp_frame (40 bytes on 64-bit) that takes its place in front.
 */
#define XR_GENERIC_HEADROOM	216

/* log_level bit for verifier stats (BPF_LOG_STATS in the kernel) */
#define XR_LOG_STATS	4

#define XR_ACT_MAX	XDP_REDIRECT
/* every real action, without BPF_XDP_ACT_UNKNOWN */
#define XR_ACT_ALL	((1ULL << (XR_ACT_MAX + 1)) - 1)

/* "drop,pass" -> bits; "", "none" -> 0. Returns -1 on an unknown name. */
int xr_parse_actions(const char *s, __u64 *out);
int xr_parse_features(const char *s, __u64 *out);
/* bits -> "drop,pass" ("none" for 0), in the kernel's order */
const char *xr_fmt_actions(__u64 actions, char *buf, size_t len);
const char *xr_fmt_features(__u64 features, char *buf, size_t len);
/* the action bit a test_run retval stands for (UNKNOWN above REDIRECT) */
__u64 xr_retval_bit(__u32 retval);
/* "EINVAL" -> EINVAL, or a number; -1 when unknown */
int xr_errno_by_name(const char *s);
/* "XDP_PASS", "pass" or a number -> value; -1 on error */
int xr_parse_value(const char *s, __u32 *out);

/* A veth pair A <-> B, both up; returns the ifindex of A or -1. */
int xr_veth_create(const char *a, const char *b);
void xr_veth_destroy(const char *a);
/* A netdevsim device with one port; name gets the netdev's name.
 * Returns its ifindex or -1.
 */
int xr_nsim_create(unsigned int id, char *name, size_t len);
void xr_nsim_destroy(unsigned int id);

int xr_prog_info(int prog_fd, struct bpf_prog_info *info);

/* What libbpf prints at warning level (the kernel's extack errors and
 * warnings, the verifier log of a failed load), for tests to assert on.
 * xr_libbpf_log_start() installs the collector, empties the buffer and
 * returns the print function to restore; nothing is kept while
 * xr_libbpf_log_quiet is set.
 */
extern char xr_libbpf_log[16384];
extern bool xr_libbpf_log_quiet;
libbpf_print_fn_t xr_libbpf_log_start(void);

/* ---- attach-time checks (tests/xdp_reqs_attach.c) ---- */

/* The kernel cuts an extack message at this many characters. */
#define XR_EXTACK_MAX	79

/* Write a netdevsim port 0 debugfs knob: "%s" value into
 * /sys/kernel/debug/netdevsim/netdevsim<id>/ports/0/<knob>. 0 on success.
 */
int xr_nsim_knob(unsigned int id, const char *knob, const char *value);
/* Write a sysctl by its /proc/sys path; 0 on success. */
int xr_sysctl_write(const char *path, const char *value);
/* Read an integer sysctl; -1 on error. */
long long xr_sysctl_read(const char *path);

/* A capability in the kernel's extack vocabulary: "aborted,drop,pass,tx",
 * then " features=LIST" (without basic and redirect) if any, then
 * " headroom=N" if non-zero.
 */
const char *xr_fmt_caps(const struct bpf_xdp_reqs *caps, char *buf, size_t len);
/* The misfit extack the kernel sends: "<who> needs <missing>; <dev>
 * lacks it" ("them" for a list). @drv and @caps are what the verifier
 * log's longer form names (xdp reqs: program needs ...).
 */
const char *xr_misfit_msg(char *buf, size_t len, const char *who, const char *missing,
			  const char *dev, const char *drv,
			  const struct bpf_xdp_reqs *caps);

/* Raw rtnetlink, independent of libbpf. */
/* RTM_SETLINK with an IFLA_XDP nest of IFLA_XDP_FD = prog_fd and
 * IFLA_XDP_FLAGS = flags (if non-zero). Returns 0 or -errno; the extack
 * message (error or warning) goes to ext ("" when none).
 */
int xr_nl_setlink_xdp(int ifindex, int prog_fd, __u32 flags, char *ext, size_t ext_len);

/* The netdev family's dev-get of one device, through upstream's ynl CLI
 * (tools/net/ynl/cli.py and netdev.yaml of the patched tree), independent
 * of libbpf: its xdp-features bits and, when reported, xdp-headroom.
 * Returns 0 or -errno.
 */
int xr_ynl_dev_get(int ifindex, __u64 *features, __u32 *headroom, bool *has_headroom);

#endif
