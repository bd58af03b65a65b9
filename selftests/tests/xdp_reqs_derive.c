// SPDX-License-Identifier: GPL-2.0
/* Loads every program of the xdp_reqs_*.bpf.o objects on its own, with
 * the requirement its BTF decl tags declare (progs/xdp_test_tags.h), and
 * checks the load result, the verifier log and bpf_prog_info against the
 * tags; then drives every path with BPF_PROG_TEST_RUN and checks that
 * each returned action is inside the effective requirement and each push
 * within the effective headroom.
 */
#include <net/if.h>
#include <stdlib.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#define MAX_MSGS	16
#define MAX_RETVALS	16
#define ANY		(-1LL)
#define VETH_A		"xrq0"
#define VETH_B		"xrq1"
#define NSIM_ID		4242

static const char * const objs[] = {
	"xdp_reqs_derive.bpf.o",
	"xdp_reqs_enforce.bpf.o",
	"xdp_reqs_target.bpf.o",
	"xdp_reqs_review.bpf.o",
	"xdp_reqs_loops.bpf.o",
	"xdp_reqs_hunt.bpf.o",
	"xdp_reqs_hunt2.bpf.o",
	"xdp_reqs_hunt3.bpf.o",
	"xdp_reqs_hunt4.bpf.o",
	"xdp_reqs_hunt5.bpf.o",
};

static const __u8 bytes[] = { 0, 1, 2, 3, 4, 5, 6, 7, 255 };
static const __u32 map_vals[] = { 0, 1, 2, 3, 4, 5, 7, 0xffffffff };

struct retval_spec {
	long long byte, val;
	__u32 ret;
};

struct spec {
	const char *name;
	bool has_reqs, state_freq, strict;
	struct bpf_xdp_reqs reqs;
	const char *target;
	int err;
	const char *msgs[MAX_MSGS], *not_msgs[MAX_MSGS];
	int nr_msgs, nr_not_msgs;
	bool has_actions, has_derived, has_derived_has, has_features;
	bool has_headroom, headroom_unknown, has_headroom_min, has_guarded, has_observed;
	__u64 actions, derived, derived_has, features, observed;
	__u32 headroom, headroom_min, guarded;
	struct retval_spec retvals[MAX_RETVALS];
	int nr_retvals;
};

static struct {
	int veth_ifindex, nsim_ifindex;
	char nsim_name[IFNAMSIZ];
	bool veth_tried, nsim_tried;
} devs;

static char log_buf[1 << 16];

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

/* ---- tags ---- */

static bool parse_num(const char *s, long long *out)
{
	__u32 v;

	if (!strcmp(s, "any")) {
		*out = ANY;
		return true;
	}
	if (xr_parse_value(s, &v))
		return false;
	*out = v;
	return true;
}

static bool parse_retval(struct spec *sp, const char *v)
{
	char buf[128], *b, *val, *ret;
	struct retval_spec *r;
	long long n;

	if (sp->nr_retvals >= MAX_RETVALS)
		return false;
	r = &sp->retvals[sp->nr_retvals];
	snprintf(buf, sizeof(buf), "%s", v);
	b = buf;
	val = strchr(b, ':');
	if (!val)
		return false;
	*val++ = 0;
	ret = strchr(val, ':');
	if (!ret)
		return false;
	*ret++ = 0;
	if (!parse_num(b, &r->byte) || !parse_num(val, &r->val) ||
	    !parse_num(ret, &n) || n == ANY)
		return false;
	r->ret = n;
	sp->nr_retvals++;
	return true;
}

static bool parse_u32(const char *v, __u32 *out)
{
	char *end;

	*out = strtoul(v, &end, 0);
	return *v && !*end;
}

/* One "KEY=VALUE" tag into sp; false if it cannot be understood. */
static bool parse_tag(struct spec *sp, const char *tag)
{
	const char *eq = strchr(tag, '=');
	char key[32];
	const char *v;

	if (!eq || eq - tag >= (int)sizeof(key))
		return false;
	snprintf(key, sizeof(key), "%.*s", (int)(eq - tag), tag);
	v = eq + 1;

	if (!strcmp(key, "declare")) {
		sp->has_reqs = true;
		return !xr_parse_actions(v, &sp->reqs.actions);
	} else if (!strcmp(key, "declare_features")) {
		sp->has_reqs = true;
		return !xr_parse_features(v, &sp->reqs.features);
	} else if (!strcmp(key, "strict")) {
		sp->strict = true;
	} else if (!strcmp(key, "target")) {
		sp->target = v;
	} else if (!strcmp(key, "state_freq")) {
		sp->state_freq = true;
	} else if (!strcmp(key, "errno")) {
		sp->err = xr_errno_by_name(v);
		return sp->err > 0;
	} else if (!strcmp(key, "msg") && sp->nr_msgs < MAX_MSGS) {
		sp->msgs[sp->nr_msgs++] = v;
	} else if (!strcmp(key, "not_msg") && sp->nr_not_msgs < MAX_MSGS) {
		sp->not_msgs[sp->nr_not_msgs++] = v;
	} else if (!strcmp(key, "actions")) {
		sp->has_actions = true;
		return !xr_parse_actions(v, &sp->actions);
	} else if (!strcmp(key, "derived")) {
		sp->has_derived = true;
		return !xr_parse_actions(v, &sp->derived);
	} else if (!strcmp(key, "derived_has")) {
		sp->has_derived_has = true;
		return !xr_parse_actions(v, &sp->derived_has);
	} else if (!strcmp(key, "features")) {
		sp->has_features = true;
		return !xr_parse_features(v, &sp->features);
	} else if (!strcmp(key, "headroom")) {
		if (!strcmp(v, "unknown")) {
			sp->headroom_unknown = true;
			return true;
		}
		sp->has_headroom = true;
		return parse_u32(v, &sp->headroom);
	} else if (!strcmp(key, "headroom_min")) {
		sp->has_headroom_min = true;
		return parse_u32(v, &sp->headroom_min);
	} else if (!strcmp(key, "guarded")) {
		sp->has_guarded = true;
		return parse_u32(v, &sp->guarded);
	} else if (!strcmp(key, "observed")) {
		sp->has_observed = true;
		return !xr_parse_actions(v, &sp->observed);
	} else if (!strcmp(key, "retval")) {
		return parse_retval(sp, v);
	} else {
		return false;
	}
	return true;
}

/* Collect the xdp_test: decl tags of the function named like the prog. */
static bool parse_spec(struct bpf_object *obj, const char *name, struct spec *sp)
{
	struct btf *btf = bpf_object__btf(obj);
	bool ok = true;
	__u32 i, n;

	memset(sp, 0, sizeof(*sp));
	sp->name = name;
	if (!ASSERT_OK_PTR(btf, "object BTF"))
		return false;
	n = btf__type_cnt(btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i), *fn;
		const char *tag;

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		fn = btf__type_by_id(btf, t->type);
		if (!fn || !btf_is_func(fn) ||
		    strcmp(btf__name_by_offset(btf, fn->name_off), name))
			continue;
		tag = btf__name_by_offset(btf, t->name_off);
		if (strncmp(tag, "xdp_test:", 9))
			continue;
		if (!parse_tag(sp, tag + 9)) {
			_CHECK(true, name, "cannot parse tag '%s'", tag);
			ok = false;
		}
	}
	return ok;
}

/* ---- devices ---- */

static int target_ifindex(const char *target, const char **dev)
{
	*dev = "";
	if (!strcmp(target, "none"))
		return 0;
	if (!strcmp(target, "bogus"))
		return 0x7ffffff0;
	if (!strcmp(target, "veth")) {
		if (!devs.veth_tried) {
			devs.veth_tried = true;
			devs.veth_ifindex = xr_veth_create(VETH_A, VETH_B);
		}
		*dev = VETH_A;
		return devs.veth_ifindex;
	}
	if (!strcmp(target, "nsim")) {
		if (!devs.nsim_tried) {
			devs.nsim_tried = true;
			devs.nsim_ifindex = xr_nsim_create(NSIM_ID, devs.nsim_name,
							   sizeof(devs.nsim_name));
		}
		*dev = devs.nsim_name;
		return devs.nsim_ifindex;
	}
	return -1;
}

static void destroy_devs(void)
{
	if (devs.veth_tried)
		xr_veth_destroy(VETH_A);
	if (devs.nsim_tried)
		xr_nsim_destroy(NSIM_ID);
	memset(&devs, 0, sizeof(devs));
}

/* ---- load ---- */

/* msg with "$DEV" replaced by dev */
static const char *expand_dev(const char *msg, const char *dev, char *buf, size_t len)
{
	const char *p = strstr(msg, "$DEV");

	if (!p)
		return msg;
	snprintf(buf, len, "%.*s%s%s", (int)(p - msg), msg, dev, p + 4);
	return buf;
}

static void check_log(const struct spec *sp, const char *dev)
{
	char buf[512];
	int i;

	for (i = 0; i < sp->nr_msgs; i++)
		ASSERT_HAS_STR(log_buf, expand_dev(sp->msgs[i], dev, buf, sizeof(buf)),
			       sp->name);
	for (i = 0; i < sp->nr_not_msgs; i++)
		ASSERT_NO_STR(log_buf, expand_dev(sp->not_msgs[i], dev, buf, sizeof(buf)),
			      sp->name);
}

static void check_actions(const char *prog, const char *what, __u64 got, __u64 want)
{
	char g[128], w[128];

	_CHECK(got != want, prog, "%s actions %s, expected %s", what,
	       xr_fmt_actions(got, g, sizeof(g)), xr_fmt_actions(want, w, sizeof(w)));
}

static void check_features(const char *prog, const char *what, __u64 got, __u64 want)
{
	char g[128], w[128];

	_CHECK(got != want, prog, "%s features %s, expected %s", what,
	       xr_fmt_features(got, g, sizeof(g)), xr_fmt_features(want, w, sizeof(w)));
}

/* The one stats line, built from what info reports. */
static void check_stats_line(const struct spec *sp, const struct bpf_prog_info *info)
{
	const struct bpf_xdp_reqs *eff = &info->xdp_reqs;
	char line[512], a[128], f[128], h[16];

	if (eff->headroom == BPF_XDP_HEADROOM_UNKNOWN)
		snprintf(h, sizeof(h), "unknown");
	else
		snprintf(h, sizeof(h), "%u", eff->headroom);
	snprintf(line, sizeof(line), "xdp reqs: actions=%s%s%s headroom=%s guarded=%u\n",
		 xr_fmt_actions(eff->actions, a, sizeof(a)),
		 eff->features ? " features=" : "",
		 eff->features ? xr_fmt_features(eff->features, f, sizeof(f)) : "",
		 h, info->xdp_reqs_guarded);
	ASSERT_HAS_STR(log_buf, line, sp->name);
}

/* Invariants that hold for every loaded program, and the tags. */
static void check_info(const struct spec *sp, const struct bpf_prog_info *info)
{
	const struct bpf_xdp_reqs *eff = &info->xdp_reqs;
	const struct bpf_xdp_reqs *der = &info->xdp_reqs_derived;
	const struct bpf_xdp_reqs *dec = &info->xdp_reqs_declared;
	const char *p = sp->name;

	check_actions(p, "declared", dec->actions, sp->reqs.actions);
	check_features(p, "declared", dec->features, sp->reqs.features);
	_CHECK((eff->actions & dec->actions) != dec->actions, p,
	       "declared actions missing from effective");
	_CHECK((eff->features & der->features) != der->features, p,
	       "derived features missing from effective");
	_CHECK(eff->headroom < der->headroom, p, "effective headroom %u < derived %u",
	       eff->headroom, der->headroom);
	if (!sp->reqs.actions) {
		_CHECK(info->xdp_reqs_guarded, p, "%u guards without a declaration",
		       info->xdp_reqs_guarded);
		check_actions(p, "effective (undeclared, = derived)", eff->actions, der->actions);
	} else if (!info->xdp_reqs_guarded) {
		check_actions(p, "effective (unguarded, = declared|derived)", eff->actions,
			      dec->actions | der->actions);
	} else {
		_CHECK(!(eff->actions & (1ULL << XDP_ABORTED)), p,
		       "guarded but aborted not effective");
		_CHECK(eff->actions & BPF_XDP_ACT_UNKNOWN, p, "guarded but unknown effective");
		_CHECK(eff->actions & ~(dec->actions | der->actions | 1ULL << XDP_ABORTED), p,
		       "effective beyond declared|derived|aborted");
	}
	if (sp->has_actions)
		check_actions(p, "effective", eff->actions, sp->actions);
	if (sp->has_derived)
		check_actions(p, "derived", der->actions, sp->derived);
	/* unknown admits every action: it covers them */
	if (sp->has_derived_has && !(der->actions & BPF_XDP_ACT_UNKNOWN &&
				     !(sp->derived_has & BPF_XDP_ACT_UNKNOWN)))
		_CHECK((der->actions & sp->derived_has) != sp->derived_has, p,
		       "derived actions lack some of the expected ones");
	if (sp->has_features) {
		check_features(p, "derived", der->features, sp->features);
		check_features(p, "effective", eff->features, sp->features | dec->features);
	}
	if (sp->has_headroom) {
		_CHECK(der->headroom != sp->headroom, p, "derived headroom %u, expected %u",
		       der->headroom, sp->headroom);
		_CHECK(eff->headroom != sp->headroom, p, "effective headroom %u, expected %u",
		       eff->headroom, sp->headroom);
	}
	if (sp->headroom_unknown) {
		_CHECK(der->headroom != BPF_XDP_HEADROOM_UNKNOWN, p,
		       "derived headroom %u, expected BPF_XDP_HEADROOM_UNKNOWN", der->headroom);
		_CHECK(eff->headroom != BPF_XDP_HEADROOM_UNKNOWN, p,
		       "effective headroom %u, expected BPF_XDP_HEADROOM_UNKNOWN", eff->headroom);
	}
	if (sp->has_headroom_min && der->headroom != BPF_XDP_HEADROOM_UNKNOWN) {
		_CHECK(der->headroom < sp->headroom_min, p,
		       "derived headroom %u, expected at least %u or unknown",
		       der->headroom, sp->headroom_min);
		_CHECK(eff->headroom < sp->headroom_min, p,
		       "effective headroom %u, expected at least %u or unknown",
		       eff->headroom, sp->headroom_min);
	}
	if (sp->has_guarded)
		_CHECK(info->xdp_reqs_guarded != sp->guarded, p, "guarded %u, expected %u",
		       info->xdp_reqs_guarded, sp->guarded);
}

/* ---- run ---- */

static bool retval_applies(const struct retval_spec *r, __u8 b, bool has_val, __u32 v)
{
	if (r->byte != ANY && r->byte != b)
		return false;
	if (r->val != ANY && (!has_val || r->val != v))
		return false;
	return true;
}

/* The effective requirement a run is checked against; headroom is -1
 * when the kernel reports it unknown.
 */
struct run_reqs {
	__u64 actions;
	long long headroom;
};

static void run_one_input(const struct spec *sp, int prog_fd, const struct run_reqs *eff,
			  __u8 b, bool has_val, __u32 v, __u64 *seen)
{
	char in[40], a[128], e[128];
	__u8 pkt[64] = { b };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = pkt,
		.data_size_in = sizeof(pkt),
		.repeat = 1,
	);
	__u64 bit;
	int i, err;

	if (has_val)
		snprintf(in, sizeof(in), "byte0=%u vals[0]=%#x", b, v);
	else
		snprintf(in, sizeof(in), "byte0=%u", b);
	err = bpf_prog_test_run_opts(prog_fd, &opts);
	if (!_CHECK(err, sp->name, "%s: test_run failed: %d (errno %d)", in, err, errno))
		return;
	bit = xr_retval_bit(opts.retval);
	*seen |= bit;
	_CHECK(!(eff->actions & BPF_XDP_ACT_UNKNOWN) && !(eff->actions & bit), sp->name,
	       "%s: retval %u (%s) outside effective actions %s", in, opts.retval,
	       xr_fmt_actions(bit, a, sizeof(a)), xr_fmt_actions(eff->actions, e, sizeof(e)));
	/* data_size_out counts from data_meta to data_end: what adjust_head
	 * and adjust_meta pushed in front (no program here grows the tail)
	 */
	if (opts.data_size_out > opts.data_size_in && eff->headroom >= 0)
		_CHECK(opts.data_size_out - opts.data_size_in > eff->headroom, sp->name,
		       "%s: pushed %u bytes (data_size_out %u), effective headroom %lld",
		       in, opts.data_size_out - opts.data_size_in, opts.data_size_out,
		       eff->headroom);
	for (i = 0; i < sp->nr_retvals; i++) {
		const struct retval_spec *r = &sp->retvals[i];

		if (retval_applies(r, b, has_val, v))
			_CHECK(opts.retval != r->ret, sp->name, "%s: retval %u, expected %u",
			       in, opts.retval, r->ret);
	}
}

static void fill_tx_ports(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, "tx_ports");
	__u32 key = 1, lo = if_nametoindex("lo");

	if (m)
		ASSERT_OK(bpf_map_update_elem(bpf_map__fd(m), &key, &lo, 0), "tx_ports[1] = lo");
}

static void run_inputs(const struct spec *sp, struct bpf_object *obj, int prog_fd,
		       const struct run_reqs *eff)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, "vals");
	int nvals = m ? ARRAY_SIZE(map_vals) : 1;
	char s[128], w[128];
	__u64 seen = 0;
	__u32 key = 0;
	size_t i;
	int j;

	fill_tx_ports(obj);
	for (j = 0; j < nvals; j++) {
		if (m && !ASSERT_OK(bpf_map_update_elem(bpf_map__fd(m), &key, &map_vals[j], 0),
				    "vals[0] update"))
			return;
		for (i = 0; i < sizeof(bytes); i++)
			run_one_input(sp, prog_fd, eff, bytes[i], m, map_vals[j], &seen);
	}
	if (sp->has_observed)
		_CHECK(seen != sp->observed, sp->name, "observed actions %s, expected %s",
		       xr_fmt_actions(seen, s, sizeof(s)),
		       xr_fmt_actions(sp->observed, w, sizeof(w)));
}

static void dump_log(const char *name)
{
	fprintf(stdout, "%s: verifier log:\n%s\n", name, log_buf);
}

static void test_prog(const char *path, const char *name)
{
	struct bpf_object *obj;
	struct bpf_program *prog, *p;
	struct bpf_prog_info info;
	struct run_reqs eff;
	struct spec sp;
	const char *dev = "";
	enum bpf_attach_type eat;
	int err, fd, ifindex = 0;

	obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(obj, path))
		return;
	prog = bpf_object__find_program_by_name(obj, name);
	if (!ASSERT_OK_PTR(prog, name) || !parse_spec(obj, name, &sp))
		goto out;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);

	if (sp.target) {
		ifindex = target_ifindex(sp.target, &dev);
		if (!_CHECK(ifindex < 0, name, "cannot set up target device '%s'", sp.target))
			goto out;
		/* the flag itself: "none" is a TARGET without a device */
		bpf_program__set_ifindex(prog, ifindex);
		bpf_program__set_flags(prog, bpf_program__flags(prog) | BPF_F_XDP_REQS_TARGET);
	}
	if (sp.strict)
		bpf_program__set_flags(prog, bpf_program__flags(prog) | BPF_F_XDP_REQS_STRICT);
	if (sp.has_reqs)
		ASSERT_OK(bpf_program__set_xdp_reqs(prog, &sp.reqs), "set_xdp_reqs");
	if (sp.state_freq)
		bpf_program__set_flags(prog, bpf_program__flags(prog) | BPF_F_TEST_STATE_FREQ);
	log_buf[0] = 0;
	bpf_program__set_log_buf(prog, log_buf, sizeof(log_buf));
	bpf_program__set_log_level(prog, XR_LOG_STATS);

	err = bpf_object__load(obj);
	if (sp.err) {
		if (!_CHECK(err != -sp.err, name, "load returned %d (%s), expected -%d (%s)",
			    err, strerror(-err), sp.err, strerror(sp.err)))
			dump_log(name);
		check_log(&sp, dev);
		goto out;
	}
	if (!_CHECK(err, name, "load failed: %d (%s)", err, strerror(-err))) {
		dump_log(name);
		goto out;
	}
	check_log(&sp, dev);
	fd = bpf_program__fd(prog);
	if (!ASSERT_OK(xr_prog_info(fd, &info), "prog info"))
		goto out;
	check_info(&sp, &info);
	check_stats_line(&sp, &info);
	/* test_run refuses devmap and cpumap programs */
	eat = bpf_program__expected_attach_type(prog);
	eff.actions = info.xdp_reqs.actions;
	eff.headroom = info.xdp_reqs.headroom;
	if (info.xdp_reqs.headroom == BPF_XDP_HEADROOM_UNKNOWN)
		eff.headroom = -1;
	if (eat != BPF_XDP_DEVMAP && eat != BPF_XDP_CPUMAP)
		run_inputs(&sp, obj, fd, &eff);
out:
	bpf_object__close(obj);
}

static void test_obj(const char *obj_name)
{
	char path[4096], names[128][64];
	struct bpf_program *prog;
	struct bpf_object *obj;
	int i, n = 0;

	snprintf(path, sizeof(path), "%s/%s", test__obj_dir(), obj_name);
	obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(obj, path))
		return;
	bpf_object__for_each_program(prog, obj)
		if (n < 128)
			snprintf(names[n++], sizeof(names[0]), "%s", bpf_program__name(prog));
	bpf_object__close(obj);

	for (i = 0; i < n; i++)
		if (test__start_subtest(names[i]))
			test_prog(path, names[i]);
}

void test_xdp_reqs_derive(void)
{
	libbpf_print_fn_t old = libbpf_set_print(silent_print);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(objs); i++)
		test_obj(objs[i]);
	destroy_devs();
	libbpf_set_print(old);
}
