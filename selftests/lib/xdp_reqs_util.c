// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <net/if.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/netdev.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

static const char * const act_names[] = {
	"aborted", "drop", "pass", "tx", "redirect",
};

static const char * const feat_names[] = {
	"basic", "redirect", "ndo-xmit", "xsk-zerocopy", "hw-offload",
	"rx-sg", "ndo-xmit-sg",
};

static int parse_list(const char *s, const char * const *names, int n,
		      __u64 extra, const char *extra_name, __u64 *out)
{
	char buf[256], *tok, *save;
	int i;

	*out = 0;
	if (!s[0] || !strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < n; i++)
			if (!strcmp(tok, names[i]))
				break;
		if (i < n)
			*out |= 1ULL << i;
		else if (extra_name && !strcmp(tok, extra_name))
			*out |= extra;
		else
			return -1;
	}
	return 0;
}

int xr_parse_actions(const char *s, __u64 *out)
{
	return parse_list(s, act_names, 5, BPF_XDP_ACT_UNKNOWN, "unknown", out);
}

int xr_parse_features(const char *s, __u64 *out)
{
	return parse_list(s, feat_names, 7, 0, NULL, out);
}

static const char *fmt_list(__u64 bits, const char * const *names, int n,
			    char *buf, size_t len)
{
	size_t off = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < 64; i++) {
		char other[24];
		const char *name;

		if (!(bits & (1ULL << i)))
			continue;
		if (i < n) {
			name = names[i];
		} else if (names == act_names && (1ULL << i) == BPF_XDP_ACT_UNKNOWN) {
			name = "unknown";
		} else {
			snprintf(other, sizeof(other), "bit%d", i);
			name = other;
		}
		off += snprintf(buf + off, off < len ? len - off : 0, "%s%s",
				off ? "," : "", name);
	}
	if (!bits)
		snprintf(buf, len, "none");
	return buf;
}

const char *xr_fmt_actions(__u64 actions, char *buf, size_t len)
{
	return fmt_list(actions, act_names, 5, buf, len);
}

const char *xr_fmt_features(__u64 features, char *buf, size_t len)
{
	return fmt_list(features, feat_names, 7, buf, len);
}

__u64 xr_retval_bit(__u32 retval)
{
	return retval <= XR_ACT_MAX ? 1ULL << retval : BPF_XDP_ACT_UNKNOWN;
}

int xr_errno_by_name(const char *s)
{
	static const struct { const char *name; int err; } tab[] = {
		{ "EINVAL", EINVAL }, { "EOPNOTSUPP", EOPNOTSUPP },
		{ "ENODEV", ENODEV }, { "E2BIG", E2BIG }, { "EFAULT", EFAULT },
		{ "EACCES", EACCES }, { "EPERM", EPERM }, { "ENOTSUPP", 524 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tab); i++)
		if (!strcmp(s, tab[i].name))
			return tab[i].err;
	if (isdigit((unsigned char)s[0]))
		return atoi(s);
	return -1;
}

int xr_parse_value(const char *s, __u32 *out)
{
	const char *name = s;
	char *end;
	int i;

	if (!strncasecmp(name, "XDP_", 4))
		name += 4;
	for (i = 0; i <= XR_ACT_MAX; i++) {
		if (!strcasecmp(name, act_names[i])) {
			*out = i;
			return 0;
		}
	}
	errno = 0;
	*out = strtoul(s, &end, 0);
	return errno || *end || end == s ? -1 : 0;
}

int xr_veth_create(const char *a, const char *b)
{
	char out[512];

	test__sh(NULL, 0, "ip link del %s", a);
	if (test__sh(out, sizeof(out),
		     "(ip link add %s type veth peer name %s && ip link set %s up && ip link set %s up)",
		     a, b, a, b)) {
		fprintf(stdout, "veth %s/%s: %s\n", a, b, out);
		return -1;
	}
	return if_nametoindex(a) ?: -1;
}

void xr_veth_destroy(const char *a)
{
	test__sh(NULL, 0, "ip link del %s", a);
}

static int nsim_netdev(unsigned int id, char *name, size_t len)
{
	char path[128];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/bus/netdevsim/devices/netdevsim%u/net", id);
	d = opendir(path);
	if (!d)
		return -1;
	name[0] = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			snprintf(name, len, "%s", de->d_name);
	closedir(d);
	return name[0] ? 0 : -1;
}

int xr_nsim_create(unsigned int id, char *name, size_t len)
{
	char out[512];
	int i;

	xr_nsim_destroy(id);
	if (test__sh(out, sizeof(out), "(echo '%u 1' > /sys/bus/netdevsim/new_device)", id)) {
		fprintf(stdout, "netdevsim %u: %s\n", id, out);
		return -1;
	}
	for (i = 0; i < 50; i++) {
		if (!nsim_netdev(id, name, len))
			break;
		usleep(20000);
	}
	if (!name[0]) {
		fprintf(stdout, "netdevsim %u: no netdev appeared\n", id);
		return -1;
	}
	test__sh(NULL, 0, "ip link set %s up", name);
	return if_nametoindex(name) ?: -1;
}

void xr_nsim_destroy(unsigned int id)
{
	test__sh(NULL, 0, "([ -d /sys/bus/netdevsim/devices/netdevsim%u ] && "
		 "echo %u > /sys/bus/netdevsim/del_device)", id, id);
}

int xr_prog_info(int prog_fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return bpf_prog_get_info_by_fd(prog_fd, info, &len);
}
