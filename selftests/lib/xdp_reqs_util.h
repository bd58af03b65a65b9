/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the xdp_reqs tests: action and feature lists in the
 * kernel's vocabulary, test devices, prog info.
 */
#ifndef XDP_REQS_UTIL_H
#define XDP_REQS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

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

#endif
