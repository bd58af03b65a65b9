// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <net/if.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <linux/netdev.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
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

/* ---- attach-time checks ---- */

int xr_nsim_knob(unsigned int id, const char *knob, const char *value)
{
	char path[256];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "/sys/kernel/debug/netdevsim/netdevsim%u/ports/0/%s",
		 id, knob);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stdout, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	err = fprintf(f, "%s\n", value) < 0;
	err |= fclose(f) != 0;
	if (err)
		fprintf(stdout, "%s <- %s: %s\n", path, value, strerror(errno));
	return err ? -1 : 0;
}

int xr_sysctl_write(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return -1;
	err = fprintf(f, "%s\n", value) < 0;
	err |= fclose(f) != 0;
	return err ? -1 : 0;
}

long long xr_sysctl_read(const char *path)
{
	long long v;
	FILE *f = fopen(path, "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "%lld", &v);
	fclose(f);
	return n == 1 ? v : -1;
}

const char *xr_fmt_caps(const struct bpf_xdp_reqs *caps, char *buf, size_t len)
{
	__u64 feat = caps->features & ~(__u64)(NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT);
	char a[128], f[160], h[32];

	h[0] = 0;
	if (caps->headroom)
		snprintf(h, sizeof(h), " headroom=%u", caps->headroom);
	snprintf(buf, len, "%s%s%s%s", xr_fmt_actions(caps->actions, a, sizeof(a)),
		 feat ? " features=" : "", feat ? xr_fmt_features(feat, f, sizeof(f)) : "", h);
	return buf;
}

const char *xr_misfit_msg(char *buf, size_t len, const char *who, const char *missing,
			  const char *dev, const char *drv,
			  const struct bpf_xdp_reqs *caps)
{
	/* the extack sentence: what is missing and the device that lacks it */
	snprintf(buf, len, "%s needs %s; %s lacks %s", who, missing, dev,
		 strchr(missing, ',') ? "them" : "it");
	return buf;
}

struct xr_nl_req {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[512];
};

static struct nlattr *nl_put(struct xr_nl_req *req, int type, const void *data, size_t len)
{
	struct nlattr *a = (void *)req + NLMSG_ALIGN(req->nh.nlmsg_len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void nl_nest_end(struct xr_nl_req *req, struct nlattr *nest)
{
	nest->nla_len = (char *)req + req->nh.nlmsg_len - (char *)nest;
}

static int nl_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int one = 1;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

/* the extack string of an NLMSG_ERROR message */
static void nl_extack(struct nlmsghdr *nh, char *ext, size_t ext_len)
{
	struct nlmsgerr *e = NLMSG_DATA(nh);
	struct nlattr *a;
	int off, rem;

	if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e);
	if (!(nh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	rem = (int)nh->nlmsg_len - NLMSG_HDRLEN - off;
	a = (void *)((char *)e + off);
	while (rem >= (int)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem) {
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			snprintf(ext, ext_len, "%.*s", (int)(a->nla_len - NLA_HDRLEN),
				 (char *)a + NLA_HDRLEN);
			return;
		}
		rem -= NLA_ALIGN(a->nla_len);
		a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
	}
}

/* Send req, read until the ack (or the reply, handed to cb). */
static int nl_talk(struct xr_nl_req *req, char *ext, size_t ext_len,
		   int (*cb)(struct nlmsghdr *nh, void *ctx), void *ctx)
{
	static __thread char buf[32768];
	int fd, err = -EPROTO, n;
	bool done = false;

	if (ext && ext_len)
		ext[0] = 0;
	fd = nl_open();
	if (fd < 0)
		return fd;
	req->nh.nlmsg_seq = 1;
	if (send(fd, req, req->nh.nlmsg_len, 0) < 0) {
		err = -errno;
		goto out;
	}
	while (!done) {
		struct nlmsghdr *nh;

		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		for (nh = (void *)buf; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
				if (ext && ext_len)
					nl_extack(nh, ext, ext_len);
				done = true;
				break;
			}
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (cb) {
				err = cb(nh, ctx);
				/* a reply without NLM_F_ACK ends here */
				if (!(req->nh.nlmsg_flags & NLM_F_ACK))
					done = true;
			}
		}
	}
out:
	close(fd);
	return err;
}

int xr_nl_setlink_xdp(int ifindex, int prog_fd, __u32 flags, char *ext, size_t ext_len)
{
	struct xr_nl_req req = {
		.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.nh.nlmsg_type = RTM_SETLINK,
		.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.ifi.ifi_family = AF_UNSPEC,
		.ifi.ifi_index = ifindex,
	};
	struct nlattr *nest;

	nest = nl_put(&req, IFLA_XDP | NLA_F_NESTED, NULL, 0);
	nl_put(&req, IFLA_XDP_FD, &prog_fd, sizeof(prog_fd));
	if (flags)
		nl_put(&req, IFLA_XDP_FLAGS, &flags, sizeof(flags));
	nl_nest_end(&req, nest);
	return nl_talk(&req, ext, ext_len, NULL, NULL);
}

int xr_ynl_dev_get(int ifindex, __u64 *features, __u32 *headroom, bool *has_headroom)
{
	static const char * const names[] = {
		"basic", "redirect", "ndo-xmit", "xsk-zerocopy", "hw-offload",
		"rx-sg", "ndo-xmit-sg",
	};
	char out[4096], *p, *list, *end;
	char name[32];
	size_t i;
	int err;

	*features = 0;
	*headroom = 0;
	*has_headroom = false;
	err = test__sh(out, sizeof(out),
		       "python3 %s/../linux/tools/net/ynl/cli.py --no-schema --spec "
		       "%s/../linux/Documentation/netlink/specs/netdev.yaml "
		       "--do dev-get --json '{\"ifindex\": %d}' --output-json",
		       test__obj_dir(), test__obj_dir(), ifindex);
	if (err)
		return -EIO;
	list = strstr(out, "\"xdp-features\": [");
	if (!list)
		return -ENOENT;
	list += strlen("\"xdp-features\": [");
	end = strchr(list, ']');
	if (!end)
		return -EPROTO;
	for (p = strchr(list, '"'); p && p < end; p = strchr(p + 1, '"')) {
		if (sscanf(p, "\"%31[^\"]\"", name) != 1)
			return -EPROTO;
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (!strcmp(name, names[i]))
				*features |= 1ULL << i;
		p = strchr(p + 1, '"');
		if (!p)
			break;
	}
	p = strstr(out, "\"xdp-headroom\": ");
	if (p) {
		*headroom = strtoul(p + strlen("\"xdp-headroom\": "), NULL, 10);
		*has_headroom = true;
	}
	return 0;
}

char xr_libbpf_log[16384];
bool xr_libbpf_log_quiet;

static int xr_libbpf_print(enum libbpf_print_level level, const char *fmt,
			   va_list args)
{
	size_t n = strlen(xr_libbpf_log);

	if (xr_libbpf_log_quiet || level == LIBBPF_DEBUG ||
	    n >= sizeof(xr_libbpf_log) - 1)
		return 0;
	return vsnprintf(xr_libbpf_log + n, sizeof(xr_libbpf_log) - n, fmt, args);
}

libbpf_print_fn_t xr_libbpf_log_start(void)
{
	xr_libbpf_log[0] = 0;
	return libbpf_set_print(xr_libbpf_print);
}
