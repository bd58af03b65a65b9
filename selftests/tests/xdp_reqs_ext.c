// SPDX-License-Identifier: GPL-2.0
/* Closing the holes of SPEC section 4: freplace and tail calls.
 *
 * - freplace of the entry function of a declared XDP program: an
 *   extension that may return an action outside the target's effective
 *   set is refused at load (EINVAL, "xdp reqs: extension may return A;
 *   its target allows B") and at attach (EINVAL); a refused extension
 *   never runs; legacy targets take any extension.
 * - a libxdp-style dispatcher declaring the union of its components
 *   derives no "unknown" from its global slot functions (loads strict, no
 *   guard); an extension of a slot is checked against that set.
 * - prog_array budgets: the first XDP owner of a prog_array (first caller
 *   loaded with it, or first program inserted) fixes its budget (its
 *   declaration, unlimited without one); a caller derives the budget for
 *   its tail call instead of "unknown"; inserting a program that does not
 *   fit the budget fails with EINVAL, before and after attach.
 *
 * Programs: progs/xdp_reqs_ext_{target,freplace,tail}.bpf.c.
 */
#include <net/if.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#define OBJ_TARGET	"xdp_reqs_ext_target.bpf.o"
#define OBJ_EXT		"xdp_reqs_ext_freplace.bpf.o"
#define OBJ_TAIL	"xdp_reqs_ext_tail.bpf.o"
#define VETH_A		"xre0"
#define VETH_B		"xre1"

#define ACT(x)		(1ULL << XDP_##x)
#define DROP_PASS	(ACT(DROP) | ACT(PASS))

/* One program loaded from its own instance of an object. */
struct lp {
	struct bpf_object *obj;
	struct bpf_program *prog;
	int fd;
};

/* What a load needs besides the program: a map of the object replaced by
 * an existing one, and the target of an freplace program.
 */
struct load_args {
	const char *reuse_map;
	int reuse_fd;
	int tgt_fd;
	const char *tgt_func;
};

static char vlog[1 << 16];

static void lp_close(struct lp *p)
{
	bpf_object__close(p->obj);
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

/* Load @name from @file, nothing else of the object. Returns 0 or the
 * load error; the verifier log is in vlog either way.
 */
static int lp_load(const char *file, const char *name, const struct load_args *a,
		   struct lp *p)
{
	struct bpf_program *it;
	char path[4200];
	int err;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	vlog[0] = 0;
	snprintf(path, sizeof(path), "%s/%s", test__obj_dir(), file);
	p->obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(p->obj, path)) {
		p->obj = NULL;
		return -ENOENT;
	}
	p->prog = bpf_object__find_program_by_name(p->obj, name);
	if (!ASSERT_OK_PTR(p->prog, name)) {
		lp_close(p);
		return -ENOENT;
	}
	bpf_object__for_each_program(it, p->obj)
		bpf_program__set_autoload(it, it == p->prog);
	if (a && a->reuse_map) {
		struct bpf_map *m = bpf_object__find_map_by_name(p->obj, a->reuse_map);

		if (!ASSERT_OK_PTR(m, a->reuse_map) ||
		    !ASSERT_OK(bpf_map__reuse_fd(m, a->reuse_fd), "bpf_map__reuse_fd")) {
			lp_close(p);
			return -EINVAL;
		}
	}
	if (a && a->tgt_func &&
	    !ASSERT_OK(bpf_program__set_attach_target(p->prog, a->tgt_fd, a->tgt_func),
		       "bpf_program__set_attach_target")) {
		lp_close(p);
		return -EINVAL;
	}
	bpf_program__set_log_buf(p->prog, vlog, sizeof(vlog));
	bpf_program__set_log_level(p->prog, 1 | XR_LOG_STATS);
	err = bpf_object__load(p->obj);
	if (err) {
		bpf_object__close(p->obj);
		p->obj = NULL;
		p->prog = NULL;
		return err;
	}
	p->fd = bpf_program__fd(p->prog);
	return 0;
}

/* lp_load() that must succeed */
static bool load_ok(const char *file, const char *name, const struct load_args *a,
		    struct lp *p)
{
	int err = lp_load(file, name, a, p);

	return _CHECK(err, name, "load failed: %d (%s)\n%s", err, strerror(-err), vlog);
}

/* lp_load() that must fail with @want_err and @want_msg in the log. A
 * load that succeeds anyway is left in @p (for the caller to show what
 * the program does) and fails the test; returns whether it was refused.
 */
static bool load_refused(const char *file, const char *name, const struct load_args *a,
			 int want_err, const char *want_msg, struct lp *p, const char *what)
{
	int err = lp_load(file, name, a, p);

	_CHECK(err != want_err, what, "load of %s returned %d (%s), expected %d (%s)",
	       name, err, err ? strerror(-err) : "success", want_err, strerror(-want_err));
	if (want_msg && err)
		ASSERT_HAS_STR(vlog, want_msg, what);
	return err != 0;
}

/* BPF_PROG_TEST_RUN over a 64-byte packet: the retval, or -1 */
static int run(int fd)
{
	__u8 pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, o,
		.data_in = pkt,
		.data_size_in = sizeof(pkt),
		.repeat = 1,
	);

	if (!ASSERT_OK(bpf_prog_test_run_opts(fd, &o), "test_run"))
		return -1;
	return o.retval;
}

static void expect_run(int fd, __u32 want, const char *what)
{
	char a[32], w[32];
	int got = run(fd);

	if (got < 0)
		return;
	_CHECK((__u32)got != want, what, "test_run returned %d (%s), expected %u (%s)", got,
	       xr_fmt_actions(xr_retval_bit(got), a, sizeof(a)), want,
	       xr_fmt_actions(xr_retval_bit(want), w, sizeof(w)));
}

/* hits[0] of an xdp_reqs_ext_freplace.bpf.o instance: how often it ran */
static long long ext_hits(const struct lp *e)
{
	struct bpf_map *m = bpf_object__find_map_by_name(e->obj, "hits");
	__u64 n = 0;
	__u32 k = 0;

	if (!m || bpf_map_lookup_elem(bpf_map__fd(m), &k, &n))
		return -1;
	return n;
}

static int map_fd(const struct lp *p, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(p->obj, name);

	return m ? bpf_map__fd(m) : -1;
}

/* bpf_program__attach_freplace(): the link, or NULL with *err */
static struct bpf_link *attach_ext(const struct lp *e, int tgt_fd, const char *func, int *err)
{
	struct bpf_link *l = bpf_program__attach_freplace(e->prog, tgt_fd, func);

	*err = l ? 0 : -errno;
	return l;
}

static bool get_info(int fd, struct bpf_prog_info *info)
{
	return ASSERT_OK(xr_prog_info(fd, info), "bpf_prog_info");
}

static void expect_actions(const char *what, __u64 got, __u64 want)
{
	char g[128], w[128];

	_CHECK(got != want, what, "%s, expected %s", xr_fmt_actions(got, g, sizeof(g)),
	       xr_fmt_actions(want, w, sizeof(w)));
}

/* derived actions: no unknown, nothing outside @within, all of @has */
static void expect_derived(int fd, __u64 within, __u64 has, const char *what)
{
	struct bpf_prog_info info;
	char g[128], w[128];
	__u64 d;

	if (!get_info(fd, &info))
		return;
	d = info.xdp_reqs_derived.actions;
	_CHECK(d & BPF_XDP_ACT_UNKNOWN, what, "derived %s has unknown",
	       xr_fmt_actions(d, g, sizeof(g)));
	_CHECK(d & ~within & ~BPF_XDP_ACT_UNKNOWN, what, "derived %s not within %s",
	       xr_fmt_actions(d, g, sizeof(g)), xr_fmt_actions(within, w, sizeof(w)));
	_CHECK((d & has) != has, what, "derived %s lacks %s",
	       xr_fmt_actions(d, g, sizeof(g)), xr_fmt_actions(has, w, sizeof(w)));
}

/* A refused extension that loaded anyway: show what it does to @tgt. */
static void show_escape(struct lp *e, int tgt_fd, const char *func)
{
	struct bpf_link *l;
	int err, r;

	l = attach_ext(e, tgt_fd, func, &err);
	if (!l) {
		printf("  (the extension loaded, its attach to %s failed: %d)\n", func, err);
		return;
	}
	r = run(tgt_fd);
	printf("  (the extension loaded and attached to %s; the target's test_run returned %d)\n",
	       func, r);
	bpf_link__destroy(l);
}

/* Load extension @ext against @func of @tgt: refused with
 * "xdp reqs: extension may return @ret; its target allows @allows".
 */
static void ext_refused(const char *ext, int tgt_fd, const char *func, const char *ret,
			const char *allows)
{
	struct load_args a = { .tgt_fd = tgt_fd, .tgt_func = func };
	char msg[160], what[160];
	struct lp e;

	snprintf(msg, sizeof(msg), "xdp reqs: extension may return %s; its target allows %s",
		 ret, allows);
	snprintf(what, sizeof(what), "load %s against %s", ext, func);
	if (!load_refused(OBJ_EXT, ext, &a, -EINVAL, msg, &e, what)) {
		show_escape(&e, tgt_fd, func);
		lp_close(&e);
	}
}

/* Load extension @ext against @func of @tgt, attach it: the target then
 * returns @want, and did so through the extension. Detaches again.
 */
static void ext_runs(const char *ext, int tgt_fd, const char *func, __u32 want)
{
	struct load_args a = { .tgt_fd = tgt_fd, .tgt_func = func };
	char what[160];
	struct bpf_link *l;
	struct lp e;
	int err;

	if (!load_ok(OBJ_EXT, ext, &a, &e))
		return;
	l = attach_ext(&e, tgt_fd, func, &err);
	snprintf(what, sizeof(what), "attach %s to %s", ext, func);
	if (ASSERT_OK(err, what)) {
		snprintf(what, sizeof(what), "target with %s on %s", ext, func);
		expect_run(tgt_fd, want, what);
		ASSERT_EQ(ext_hits(&e), 1, "the extension ran");
		bpf_link__destroy(l);
	}
	lp_close(&e);
}

/* ---- A: freplace of the entry function ---- */

/* Declared {pass} strict: an extension returning tx is refused at load;
 * one returning pass attaches and runs.
 */
static void test_entry_strict(void)
{
	struct bpf_prog_info info;
	struct lp t;

	if (!load_ok(OBJ_TARGET, "ent_pass_strict", NULL, &t))
		return;
	ext_refused("ext_tx", t.fd, "ent_pass_strict", "tx", "pass");
	expect_run(t.fd, XDP_PASS, "target after the refused load");
	ext_refused("ext_redirect", t.fd, "ent_pass_strict", "redirect", "pass");
	ext_runs("ext_pass", t.fd, "ent_pass_strict", XDP_PASS);
	expect_run(t.fd, XDP_PASS, "target after detach");
	if (get_info(t.fd, &info))
		expect_actions("target's effective actions", info.xdp_reqs.actions, ACT(PASS));
	lp_close(&t);
}

/* Declared {drop,pass}, not strict: tx and redirect are refused with the
 * list of what the target allows; drop attaches and is returned.
 */
static void test_entry_drop_pass(void)
{
	struct bpf_prog_info info;
	struct lp t;

	if (!load_ok(OBJ_TARGET, "ent_drop_pass", NULL, &t))
		return;
	ext_refused("ext_tx", t.fd, "ent_drop_pass", "tx", "drop,pass");
	ext_refused("ext_redirect", t.fd, "ent_drop_pass", "redirect", "drop,pass");
	expect_run(t.fd, XDP_PASS, "target after the refused loads");
	ext_runs("ext_drop", t.fd, "ent_drop_pass", XDP_DROP);
	ext_runs("ext_pass", t.fd, "ent_drop_pass", XDP_PASS);
	expect_run(t.fd, XDP_PASS, "target after detach");
	if (get_info(t.fd, &info))
		expect_actions("target's effective actions", info.xdp_reqs.actions, DROP_PASS);
	lp_close(&t);
}

/* BTF id of function @func in the BTF of program @fd */
static int prog_func_btf_id(int fd, const char *func)
{
	struct bpf_prog_info info;
	struct btf *btf;
	int id;

	if (!get_info(fd, &info) || !ASSERT_GT(info.btf_id, 0, "target has BTF"))
		return -1;
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!ASSERT_OK_PTR(btf, "btf__load_from_kernel_by_id"))
		return -1;
	id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	btf__free(btf);
	ASSERT_GT(id, 0, func);
	return id;
}

/* Try to attach @e (which returns tx) to @func of the declared @tgt:
 * refused with EINVAL through libbpf and through a raw BPF_LINK_CREATE,
 * and the target still returns @own without running the extension.
 */
static void attach_refused(struct lp *e, int tgt_fd, const char *func, __u32 own,
			   const char *when)
{
	LIBBPF_OPTS(bpf_link_create_opts, lo);
	long long before = ext_hits(e);
	struct bpf_link *l;
	char what[160];
	int err, id, fd;

	l = attach_ext(e, tgt_fd, func, &err);
	snprintf(what, sizeof(what), "bpf_program__attach_freplace to %s %s", func, when);
	if (!_CHECK(err != -EINVAL, what, "returned %d (%s), expected -EINVAL", err,
		    err ? strerror(-err) : "success") && l) {
		printf("  (attached: the target's test_run returned %d)\n", run(tgt_fd));
		bpf_link__destroy(l);
	}

	id = prog_func_btf_id(tgt_fd, func);
	if (id > 0) {
		lo.target_btf_id = id;
		fd = bpf_link_create(e->fd, tgt_fd, bpf_program__expected_attach_type(e->prog), &lo);
		snprintf(what, sizeof(what), "bpf_link_create to %s %s", func, when);
		if (!_CHECK(fd != -EINVAL, what, "returned %d (%s), expected -EINVAL", fd,
			    fd < 0 ? strerror(-fd) : "success") && fd >= 0) {
			printf("  (attached: the target's test_run returned %d)\n", run(tgt_fd));
			close(fd);
		}
	}
	snprintf(what, sizeof(what), "target after the refused attach %s", when);
	expect_run(tgt_fd, own, what);
	ASSERT_EQ(ext_hits(e), before, "the refused extension did not run");
}

/* An extension returning tx, loaded against a legacy target (allowed),
 * cannot be attached to a declared target, neither before nor after it
 * was attached to its legacy one.
 */
static void test_entry_attach(void)
{
	struct lp t = { .fd = -1 }, t0 = { .fd = -1 }, e = { .fd = -1 };
	struct load_args a = { .tgt_func = "ent_legacy" };
	struct bpf_prog_info info;
	struct bpf_link *l0;
	long long hits;
	int err;

	if (!load_ok(OBJ_TARGET, "ent_pass_strict", NULL, &t) ||
	    !load_ok(OBJ_TARGET, "ent_legacy", NULL, &t0))
		goto out;
	a.tgt_fd = t0.fd;
	if (!load_ok(OBJ_EXT, "ext_tx", &a, &e))
		goto out;

	attach_refused(&e, t.fd, "ent_pass_strict", XDP_PASS, "(not attached yet)");

	/* the legacy target takes it */
	hits = ext_hits(&e);
	l0 = attach_ext(&e, t0.fd, "ent_legacy", &err);
	if (ASSERT_OK(err, "attach to the legacy target")) {
		expect_run(t0.fd, XDP_TX, "legacy target with the tx extension");
		ASSERT_EQ(ext_hits(&e), hits + 1, "the extension ran on the legacy target");
		attach_refused(&e, t.fd, "ent_pass_strict", XDP_PASS,
			       "(attached to the legacy target)");
		bpf_link__destroy(l0);
	}

	if (get_info(t.fd, &info)) {
		expect_actions("declared target's effective actions", info.xdp_reqs.actions,
			       ACT(PASS));
		expect_actions("declared target's declared actions",
			       info.xdp_reqs_declared.actions, ACT(PASS));
		ASSERT_EQ(info.xdp_reqs_strict, 1, "loaded strict");
	}
out:
	lp_close(&e);
	lp_close(&t0);
	lp_close(&t);
}

/* ---- B: a dispatcher with global slot functions ---- */

/* @disp declares {drop,pass} (strict or not): no unknown, no guard; slot0
 * may become drop, slot1 may not become tx or redirect.
 */
static void dispatcher(const char *disp)
{
	struct bpf_prog_info info;
	struct lp d;

	if (!load_ok(OBJ_TARGET, disp, NULL, &d))
		return;
	expect_derived(d.fd, DROP_PASS, ACT(PASS), "dispatcher's derived actions");
	if (get_info(d.fd, &info)) {
		ASSERT_EQ(info.xdp_reqs_guarded, 0, "guarded exits");
		expect_actions("dispatcher's effective actions", info.xdp_reqs.actions, DROP_PASS);
	}
	expect_run(d.fd, XDP_PASS, "dispatcher with its own slots");

	ext_runs("ext_drop", d.fd, "slot0", XDP_DROP);
	ext_refused("ext_tx", d.fd, "slot1", "tx", "drop,pass");
	ext_refused("ext_redirect", d.fd, "slot1", "redirect", "drop,pass");
	expect_run(d.fd, XDP_PASS, "dispatcher after the refused loads");
	lp_close(&d);
}

static void test_dispatcher_declared(void)
{
	dispatcher("disp_declared");
}

static void test_dispatcher_strict(void)
{
	dispatcher("disp_strict");
}

/* Undeclared: the slots' results are unknown; any extension goes. */
static void test_dispatcher_legacy(void)
{
	struct load_args a = { .tgt_func = "slot1" };
	struct bpf_prog_info info;
	struct bpf_link *l;
	struct lp d, e;
	int err;

	if (!load_ok(OBJ_TARGET, "disp_legacy", NULL, &d))
		return;
	if (get_info(d.fd, &info))
		_CHECK(!(info.xdp_reqs_derived.actions & BPF_XDP_ACT_UNKNOWN), "legacy dispatcher",
		       "derived %#llx has no unknown",
		       (unsigned long long)info.xdp_reqs_derived.actions);
	a.tgt_fd = d.fd;
	if (load_ok(OBJ_EXT, "ext_tx", &a, &e)) {
		l = attach_ext(&e, d.fd, "slot1", &err);
		if (ASSERT_OK(err, "attach tx extension to the legacy slot1")) {
			expect_run(d.fd, XDP_TX, "legacy dispatcher with tx in slot1");
			ext_runs("ext_drop", d.fd, "slot0", XDP_DROP);
			bpf_link__destroy(l);
		}
		lp_close(&e);
	}
	ext_runs("ext_redirect", d.fd, "slot1", XDP_REDIRECT);
	lp_close(&d);
}

/* A tx extension loaded against the legacy dispatcher's slot1 cannot be
 * attached to the declared dispatcher's slot1.
 */
static void test_dispatcher_slot_attach(void)
{
	struct lp d = { .fd = -1 }, d0 = { .fd = -1 }, e = { .fd = -1 };
	struct load_args a = { .tgt_func = "slot1" };
	struct bpf_link *l0;
	int err;

	if (!load_ok(OBJ_TARGET, "disp_declared", NULL, &d) ||
	    !load_ok(OBJ_TARGET, "disp_legacy", NULL, &d0))
		goto out;
	a.tgt_fd = d0.fd;
	if (!load_ok(OBJ_EXT, "ext_tx", &a, &e))
		goto out;
	attach_refused(&e, d.fd, "slot1", XDP_PASS, "(not attached yet)");
	l0 = attach_ext(&e, d0.fd, "slot1", &err);
	if (ASSERT_OK(err, "attach to the legacy dispatcher")) {
		expect_run(d0.fd, XDP_TX, "legacy dispatcher with tx in slot1");
		attach_refused(&e, d.fd, "slot1", XDP_PASS, "(attached to the legacy dispatcher)");
		bpf_link__destroy(l0);
	}
out:
	lp_close(&e);
	lp_close(&d0);
	lp_close(&d);
}

/* ---- C: prog_array budgets ---- */

static int map_update(int map, __u32 key, int prog_fd)
{
	return bpf_map_update_elem(map, &key, &prog_fd, BPF_ANY);
}

/* insert @tx_fd at @key of @map: refused with EINVAL; @caller's test_run
 * then does not return tx but @want.
 */
static void insert_refused(int map, __u32 key, int tx_fd, int caller_fd, __u32 want,
			   const char *what)
{
	char w[160];
	int err;

	err = map_update(map, key, tx_fd);
	snprintf(w, sizeof(w), "insert a tx program %s", what);
	_CHECK(err != -EINVAL, w, "returned %d (%s), expected -EINVAL", err,
	       err ? strerror(-err) : "success");
	snprintf(w, sizeof(w), "caller after the refused insert %s", what);
	expect_run(caller_fd, want, w);
	if (!err)
		bpf_map_delete_elem(map, &key);
}

/* The caller owns @map with budget {drop,pass}: drop goes in, tx does not,
 * and the caller never returns tx.
 */
static void budget_checks(int caller_fd, int map, int drop_fd, int tx_fd, const char *phase)
{
	char what[160];
	__u32 key = 0;

	snprintf(what, sizeof(what), "into an empty slot %s", phase);
	insert_refused(map, 0, tx_fd, caller_fd, XDP_PASS, what);
	snprintf(what, sizeof(what), "insert a drop program %s", phase);
	if (ASSERT_OK(map_update(map, 0, drop_fd), what)) {
		expect_run(caller_fd, XDP_DROP, "caller tail-calls the drop program");
		snprintf(what, sizeof(what), "over the drop program %s", phase);
		insert_refused(map, 0, tx_fd, caller_fd, XDP_DROP, what);
		bpf_map_delete_elem(map, &key);
	}
	snprintf(what, sizeof(what), "into another slot %s", phase);
	insert_refused(map, 3, tx_fd, caller_fd, XDP_PASS, what);
}

/* (1) with a strict or guarded {drop,pass} caller, before and after the
 * caller is attached natively to a veth.
 */
static void owner_declared(const char *caller)
{
	struct lp c = { .fd = -1 }, drop = { .fd = -1 }, tx = { .fd = -1 };
	struct bpf_prog_info info;
	int map, ifindex;

	if (!load_ok(OBJ_TAIL, caller, NULL, &c) ||
	    !load_ok(OBJ_TAIL, "ret_drop", NULL, &drop) ||
	    !load_ok(OBJ_TAIL, "ret_tx", NULL, &tx))
		goto out;
	expect_derived(c.fd, DROP_PASS, DROP_PASS, "caller's derived actions");
	if (get_info(c.fd, &info)) {
		expect_actions("caller's effective actions", info.xdp_reqs.actions, DROP_PASS);
		ASSERT_EQ(info.xdp_reqs_guarded, 0, "guarded exits");
	}
	map = map_fd(&c, "jmp");
	budget_checks(c.fd, map, drop.fd, tx.fd, "(not attached)");

	ifindex = xr_veth_create(VETH_A, VETH_B);
	if (!ASSERT_GT(ifindex, 0, "veth"))
		goto out;
	if (ASSERT_OK(bpf_xdp_attach(ifindex, c.fd, XDP_FLAGS_DRV_MODE, NULL),
		      "native attach of the caller to veth")) {
		budget_checks(c.fd, map, drop.fd, tx.fd, "(attached to veth)");
		ASSERT_OK(bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL), "detach");
	}
	xr_veth_destroy(VETH_A);
out:
	lp_close(&tx);
	lp_close(&drop);
	lp_close(&c);
}

static void test_tail_strict_owner(void)
{
	owner_declared("tc_strict");
}

static void test_tail_guarded_owner(void)
{
	owner_declared("tc_guarded");
}

/* (2) chain_a -> jmp1 -> chain_b -> jmp2 -> ret_*: chain_b fits jmp1's
 * budget; jmp2's owner chain_b gives {drop,pass}, so tx is refused there.
 */
static void test_tail_chain(void)
{
	struct lp a = { .fd = -1 }, b = { .fd = -1 }, drop = { .fd = -1 }, tx = { .fd = -1 };
	int m1, m2;

	if (!load_ok(OBJ_TAIL, "chain_a", NULL, &a) ||
	    !load_ok(OBJ_TAIL, "chain_b", NULL, &b) ||
	    !load_ok(OBJ_TAIL, "ret_drop", NULL, &drop) ||
	    !load_ok(OBJ_TAIL, "ret_tx", NULL, &tx))
		goto out;
	expect_derived(a.fd, DROP_PASS, DROP_PASS, "chain_a's derived actions");
	expect_derived(b.fd, DROP_PASS, DROP_PASS, "chain_b's derived actions");
	m1 = map_fd(&a, "jmp1");
	m2 = map_fd(&b, "jmp2");
	if (!ASSERT_OK(map_update(m1, 0, b.fd), "insert chain_b into jmp1"))
		goto out;
	expect_run(a.fd, XDP_PASS, "chain with jmp2 empty");
	insert_refused(m2, 0, tx.fd, a.fd, XDP_PASS, "into jmp2 (owner chain_b)");
	insert_refused(m1, 1, tx.fd, a.fd, XDP_PASS, "into jmp1 (owner chain_a)");
	if (ASSERT_OK(map_update(m2, 0, drop.fd), "insert ret_drop into jmp2")) {
		expect_run(a.fd, XDP_DROP, "chain a -> b -> drop");
		insert_refused(m2, 0, tx.fd, a.fd, XDP_DROP, "over ret_drop in jmp2");
	}
out:
	lp_close(&tx);
	lp_close(&drop);
	lp_close(&b);
	lp_close(&a);
}

/* (3) an owner without a declaration: unlimited budget, derives unknown */
static void test_tail_legacy_owner(void)
{
	struct lp c = { .fd = -1 }, tx = { .fd = -1 };
	struct bpf_prog_info info;

	if (!load_ok(OBJ_TAIL, "tc_legacy", NULL, &c) ||
	    !load_ok(OBJ_TAIL, "ret_tx", NULL, &tx))
		goto out;
	if (get_info(c.fd, &info))
		_CHECK(!(info.xdp_reqs_derived.actions & BPF_XDP_ACT_UNKNOWN), "legacy caller",
		       "derived %#llx has no unknown",
		       (unsigned long long)info.xdp_reqs_derived.actions);
	if (ASSERT_OK(map_update(map_fd(&c, "jmp"), 0, tx.fd), "insert tx under a legacy owner"))
		expect_run(c.fd, XDP_TX, "legacy caller tail-calls tx");
out:
	lp_close(&tx);
	lp_close(&c);
}

/* (4) a strict caller cannot use a map that a legacy program owns */
static void test_tail_strict_on_legacy_map(void)
{
	struct lp legacy = { .fd = -1 }, strict = { .fd = -1 }, tx = { .fd = -1 };
	struct load_args a = { .reuse_map = "jmp" };

	if (!load_ok(OBJ_TAIL, "tc_legacy", NULL, &legacy) ||
	    !load_ok(OBJ_TAIL, "ret_tx", NULL, &tx))
		goto out;
	a.reuse_fd = map_fd(&legacy, "jmp");
	load_refused(OBJ_TAIL, "tc_strict", &a, -EINVAL, "xdp reqs: tail call at insn", &strict,
		     "strict caller on a legacy-owned map");
	lp_close(&strict);
	/* the budget stays unlimited */
	if (ASSERT_OK(map_update(a.reuse_fd, 0, tx.fd), "insert tx under the legacy owner"))
		expect_run(legacy.fd, XDP_TX, "legacy caller tail-calls tx");
out:
	lp_close(&tx);
	lp_close(&legacy);
}

/* The first program inserted into an unused map owns it: a declared
 * {drop,pass} one gives the budget {drop,pass}; a strict {drop,pass}
 * caller loaded later with the map derives it.
 */
static void test_tail_first_insert_owner(void)
{
	struct lp own = { .fd = -1 }, drop = { .fd = -1 }, tx = { .fd = -1 }, c = { .fd = -1 };
	struct load_args a = { .reuse_map = "jmp" };
	int map;

	map = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "xre_jmp", 4, 4, 4, NULL);
	if (!ASSERT_GE(map, 0, "create prog_array"))
		return;
	if (!load_ok(OBJ_TAIL, "own_drop", NULL, &own) ||
	    !load_ok(OBJ_TAIL, "ret_drop", NULL, &drop) ||
	    !load_ok(OBJ_TAIL, "ret_tx", NULL, &tx))
		goto out;
	if (!ASSERT_OK(map_update(map, 0, own.fd), "first insert: declared {drop,pass}"))
		goto out;
	ASSERT_EQ(map_update(map, 1, tx.fd), -EINVAL, "insert tx after a {drop,pass} owner");
	ASSERT_OK(map_update(map, 1, drop.fd), "insert legacy drop");
	a.reuse_fd = map;
	if (load_ok(OBJ_TAIL, "tc_strict", &a, &c)) {
		expect_derived(c.fd, DROP_PASS, DROP_PASS, "strict caller's derived actions");
		expect_run(c.fd, XDP_DROP, "strict caller tail-calls own_drop");
	}
out:
	lp_close(&c);
	lp_close(&tx);
	lp_close(&drop);
	lp_close(&own);
	close(map);
}

void test_xdp_reqs_ext(void)
{
	libbpf_print_fn_t old = xr_libbpf_log_start();

	/* A: freplace of the entry function */
	if (test__start_subtest("freplace_entry_strict_pass"))
		test_entry_strict();
	if (test__start_subtest("freplace_entry_drop_pass"))
		test_entry_drop_pass();
	if (test__start_subtest("freplace_entry_attach_refused"))
		test_entry_attach();
	/* B: dispatcher slots */
	if (test__start_subtest("dispatcher_declared"))
		test_dispatcher_declared();
	if (test__start_subtest("dispatcher_strict"))
		test_dispatcher_strict();
	if (test__start_subtest("dispatcher_legacy"))
		test_dispatcher_legacy();
	if (test__start_subtest("dispatcher_slot_attach_refused"))
		test_dispatcher_slot_attach();
	/* C: prog_array budgets */
	if (test__start_subtest("tail_call_strict_owner"))
		test_tail_strict_owner();
	if (test__start_subtest("tail_call_guarded_owner"))
		test_tail_guarded_owner();
	if (test__start_subtest("tail_call_chain"))
		test_tail_chain();
	if (test__start_subtest("tail_call_legacy_owner"))
		test_tail_legacy_owner();
	if (test__start_subtest("tail_call_strict_on_legacy_map"))
		test_tail_strict_on_legacy_map();
	if (test__start_subtest("tail_call_first_insert_owner"))
		test_tail_first_insert_owner();
	libbpf_set_print(old);
}
