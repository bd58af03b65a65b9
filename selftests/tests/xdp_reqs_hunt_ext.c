// SPDX-License-Identifier: GPL-2.0
/* Second adversarial round against the fixes, the cases that need more
 * than one program (progs/xdp_reqs_hunt_ext.bpf.c): every run of a loaded
 * program must return an action inside its effective requirement and
 * push no more than its effective headroom (unless that is unknown).
 *
 * - tail calls from subprograms: the callee's value goes back to the
 *   subprogram's caller, which goes on running (h5_sub_tail_call_*), and
 *   a global function's tail call adds to what main pushed before
 *   (h5_global_tail_call_headroom);
 * - a prog array that gets its owner from another thread while a caller
 *   that read "no owner" is being verified (h5_owner_race_headroom);
 * - a writable dynptr slice that is the stack buffer it was given
 *   (h5_slice_alias_*, multi-buffer packets).
 *
 * Each of these fails on a kernel that has the hole; the expectation
 * written here is the promise.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "test.h"
#include "lib/xdp_reqs_util.h"

#define OBJ	"xdp_reqs_hunt_ext.bpf.o"

struct hp {
	struct bpf_object *obj;
	struct bpf_program *prog;
	int fd;
};

static char hlog[1 << 16];

static void hp_close(struct hp *p)
{
	bpf_object__close(p->obj);
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

/* Load @name alone from its own instance of the object, its hjmp being
 * @map when @map >= 0. @log: the verifier log goes to hlog. 0 or the
 * load error.
 */
static int hp_load(const char *name, int map, bool log, struct hp *p)
{
	struct bpf_program *it;
	char path[4200];
	int err;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	snprintf(path, sizeof(path), "%s/%s", test__obj_dir(), OBJ);
	p->obj = bpf_object__open_file(path, NULL);
	if (!p->obj)
		return -ENOENT;
	p->prog = bpf_object__find_program_by_name(p->obj, name);
	if (!p->prog) {
		hp_close(p);
		return -ENOENT;
	}
	bpf_object__for_each_program(it, p->obj)
		bpf_program__set_autoload(it, it == p->prog);
	if (map >= 0 &&
	    bpf_map__reuse_fd(bpf_object__find_map_by_name(p->obj, "hjmp"), map)) {
		hp_close(p);
		return -EINVAL;
	}
	if (log) {
		hlog[0] = 0;
		bpf_program__set_log_buf(p->prog, hlog, sizeof(hlog));
		bpf_program__set_log_level(p->prog, XR_LOG_STATS);
	}
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

static bool hp_load_ok(const char *name, int map, struct hp *p)
{
	int err = hp_load(name, map, true, p);

	return _CHECK(err, name, "load failed: %d (%s)\n%s", err, strerror(-err), hlog);
}

/* Load @name; a refusal is a pass when it is EINVAL and the verifier
 * log names @refusal (the kernel refuses what it cannot hold to the
 * declaration). Returns true when the program loaded.
 */
static bool hp_load_or_refused(const char *name, int map, struct hp *p,
			       const char *refusal)
{
	int err = hp_load(name, map, true, p);

	if (!err)
		return true;
	_CHECK(err != -EINVAL || !refusal || !strstr(hlog, refusal), name,
	       "load failed: %d (%s), expected success or EINVAL with '%s'\n%s",
	       err, strerror(-err), refusal ? refusal : "", hlog);
	return false;
}

static int new_prog_array(void)
{
	return bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "h5_jmp", 4, 4, 4, NULL);
}

static int map_put(int map, __u32 key, int prog_fd)
{
	return bpf_map_update_elem(map, &key, &prog_fd, BPF_ANY) ? -errno : 0;
}

/* One BPF_PROG_TEST_RUN of @fd over a @size-byte zeroed packet, checked
 * against the effective requirement of @fd: the action and the bytes
 * pushed in front (data_size_out - data_size_in).
 */
static void run_checked(const char *name, int fd, __u32 size)
{
	struct bpf_prog_info info;
	char a[128], e[128];
	long long headroom;
	__u8 *pkt;
	__u64 bit;
	int err;

	if (!ASSERT_OK(xr_prog_info(fd, &info), "prog info"))
		return;
	pkt = calloc(1, size + 512);
	if (!pkt)
		return;
	{
		LIBBPF_OPTS(bpf_test_run_opts, o,
			.data_in = pkt,
			.data_size_in = size,
			.data_out = pkt,
			.data_size_out = size + 512,
			.repeat = 1,
		);

		err = bpf_prog_test_run_opts(fd, &o);
		if (!_CHECK(err, name, "test_run over %u bytes failed: %d (errno %d)", size,
			    err, errno))
			goto out;
		headroom = info.xdp_reqs.headroom;
		if (info.xdp_reqs.headroom == BPF_XDP_HEADROOM_UNKNOWN)
			headroom = -1;
		bit = xr_retval_bit(o.retval);
		fprintf(stdout, "%s: %u-byte packet: retval %u, pushed %d; effective actions %s headroom %lld\n",
			name, size, o.retval, (int)(o.data_size_out - o.data_size_in),
			xr_fmt_actions(info.xdp_reqs.actions, e, sizeof(e)), headroom);
		_CHECK(!(info.xdp_reqs.actions & BPF_XDP_ACT_UNKNOWN) &&
		       !(info.xdp_reqs.actions & bit), name,
		       "%u-byte packet: retval %u (%s) outside effective actions %s", size,
		       o.retval, xr_fmt_actions(bit, a, sizeof(a)),
		       xr_fmt_actions(info.xdp_reqs.actions, e, sizeof(e)));
		if (headroom >= 0 && o.data_size_out > o.data_size_in)
			_CHECK(o.data_size_out - o.data_size_in > headroom, name,
			       "%u-byte packet: pushed %u bytes, effective headroom %lld", size,
			       o.data_size_out - o.data_size_in, headroom);
	}
out:
	free(pkt);
}

/* @caller owns a fresh prog array; @callee goes into it at 0; then run.
 * A caller that tail-calls from a subprogram derives unknown: a strict
 * one is refused at load, which is the right answer too.
 */
static void tail_case(const char *caller, const char *callee)
{
	struct hp c = { .fd = -1 }, t = { .fd = -1 };
	int map = new_prog_array();

	if (!ASSERT_GE(map, 0, "prog array"))
		return;
	if (!hp_load_or_refused(caller, map, &c,
				"xdp reqs: tail call at insn") ||
	    !hp_load_ok(callee, -1, &t))
		goto out;
	if (!ASSERT_OK(map_put(map, 0, t.fd), "insert the callee"))
		goto out;
	run_checked(caller, c.fd, 64);
out:
	hp_close(&t);
	hp_close(&c);
	close(map);
}

/* ---- the owner race ---- */

struct race {
	int map;
	int err;
	struct hp p;
	double secs;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *race_load(void *arg)
{
	struct race *r = arg;
	double t0 = now();

	r->err = hp_load("hx_slow_tc", r->map, false, &r->p);
	r->secs = now() - t0;
	return NULL;
}

/* hx_slow_tc (declared drop,pass strict, no headroom) is verified while
 * the map has no owner: the budget it derives is its own declaration.
 * Meanwhile hx_push64 (declared drop,pass headroom=64) is put into the
 * map and becomes its owner. bpf_check_tail_call() then finds an owner
 * whose actions are no more than the caller's, and the caller loads
 * with headroom 0 while its tail call pushes 64.
 */
static void test_owner_race(void)
{
	struct hp push = { .fd = -1 };
	struct race r = {};
	double alone, delay;
	pthread_t th;
	int try, err, map;

	if (!hp_load_ok("hx_push64", -1, &push))
		return;
	/* how long a load takes here */
	map = new_prog_array();
	if (!ASSERT_GE(map, 0, "prog array"))
		goto out;
	r.map = map;
	race_load(&r);
	close(map);
	if (!ASSERT_OK(r.err, "hx_slow_tc alone"))
		goto out;
	alone = r.secs;
	hp_close(&r.p);
	fprintf(stdout, "h5_owner_race_headroom: a load alone takes %.3f s\n", alone);

	for (try = 0; try < 6; try++) {
		delay = alone * (try + 1) / 8;
		map = new_prog_array();
		if (!ASSERT_GE(map, 0, "prog array"))
			goto out;
		memset(&r, 0, sizeof(r));
		r.map = map;
		r.p.fd = -1;
		if (pthread_create(&th, NULL, race_load, &r)) {
			close(map);
			goto out;
		}
		usleep(delay * 1e6);
		err = map_put(map, 0, push.fd);
		pthread_join(th, NULL);
		fprintf(stdout, "h5_owner_race_headroom: try %d, insert after %.3f s: %d, caller load: %d\n",
			try, delay, err, r.err);
		if (!err && r.err) {
			/* hx_push64 owns the map: refusing the caller, which
			 * was verified against another budget, is right
			 */
			_CHECK(r.err != -EINVAL, "hx_slow_tc", "load returned %d, expected -EINVAL",
			       r.err);
			close(map);
			goto out;
		}
		if (!err && !r.err) {
			struct bpf_prog_info info;

			if (ASSERT_OK(xr_prog_info(r.p.fd, &info), "prog info") &&
			    info.xdp_reqs.headroom >= 64) {
				/* the owner was there before the tail call
				 * was verified: no race, try again sooner
				 */
				hp_close(&r.p);
				close(map);
				continue;
			}
			run_checked("hx_slow_tc (owner hx_push64)", r.p.fd, 64);
			hp_close(&r.p);
			close(map);
			goto out;
		}
		/* the caller owned the map first (the insert is refused) */
		hp_close(&r.p);
		close(map);
	}
	test__skip("the race was not won");
out:
	hp_close(&push);
}

/* ---- an extension of a dispatcher slot after dead code removal ---- */

/* @disp declares drop,pass strict and returns hx_slot_pass's result as
 * is. hx_ext_tx (XDP_TX) replacing hx_slot_pass must be refused at load,
 * or, if it loads, at attach; if it attaches anyway, the dispatcher must
 * still return only its effective actions.
 */
static void ext_slot_case(const char *disp)
{
	struct hp d = { .fd = -1 }, e = { .fd = -1 };
	struct bpf_program *it;
	struct bpf_link *l;
	char path[4200];
	int err;

	if (!hp_load_ok(disp, -1, &d))
		return;
	snprintf(path, sizeof(path), "%s/%s", test__obj_dir(), OBJ);
	e.obj = bpf_object__open_file(path, NULL);
	if (!ASSERT_OK_PTR(e.obj, path))
		goto out;
	e.prog = bpf_object__find_program_by_name(e.obj, "hx_ext_tx");
	if (!ASSERT_OK_PTR(e.prog, "hx_ext_tx"))
		goto out;
	bpf_object__for_each_program(it, e.obj)
		bpf_program__set_autoload(it, it == e.prog);
	if (!ASSERT_OK(bpf_program__set_attach_target(e.prog, d.fd, "hx_slot_pass"),
		       "set_attach_target"))
		goto out;
	hlog[0] = 0;
	bpf_program__set_log_buf(e.prog, hlog, sizeof(hlog));
	bpf_program__set_log_level(e.prog, 1 | XR_LOG_STATS);
	err = bpf_object__load(e.obj);
	fprintf(stdout, "%s: hx_ext_tx in place of hx_slot_pass: load %d\n", disp, err);
	if (err) {
		_CHECK(err != -EINVAL, disp, "extension load returned %d, expected -EINVAL", err);
		ASSERT_HAS_STR(hlog, "xdp reqs: extension may return tx; its target allows drop,pass",
			       disp);
		goto out;
	}
	_CHECK(true, disp, "the tx extension of hx_slot_pass loaded:\n%s", hlog);
	l = bpf_program__attach_freplace(e.prog, d.fd, "hx_slot_pass");
	err = l ? 0 : -errno;
	fprintf(stdout, "%s: hx_ext_tx attach: %d\n", disp, err);
	if (l) {
		run_checked(disp, d.fd, 64);
		bpf_link__destroy(l);
	}
out:
	bpf_object__close(e.obj);
	hp_close(&d);
}

/* ---- the dynptr slice ---- */

static void slice_case(const char *name)
{
	struct hp p = { .fd = -1 };

	/* a declared program may not hand bpf_dynptr_slice_rdwr() a stack
	 * buffer: refused at load
	 */
	if (!hp_load_or_refused(name, -1, &p,
				"bpf_dynptr_slice_rdwr() may return its stack buffer"))
		return;
	run_checked(name, p.fd, 64);
	run_checked(name, p.fd, 5000);
	hp_close(&p);
}

void test_xdp_reqs_hunt_ext(void)
{
	libbpf_print_fn_t old = xr_libbpf_log_start();

	if (test__start_subtest("h5_sub_tail_call_action_strict"))
		tail_case("hx_sub_tc_strict", "hx_ret_drop");
	if (test__start_subtest("h5_sub_tail_call_action_guarded"))
		tail_case("hx_sub_tc_guarded", "hx_ret_drop");
	if (test__start_subtest("h5_sub_tail_call_headroom"))
		tail_case("hx_sub_tc_head", "hx_push32");
	if (test__start_subtest("h5_global_tail_call_headroom"))
		tail_case("hx_glob_tc_head", "hx_push32");
	if (test__start_subtest("h5_owner_race_headroom"))
		test_owner_race();
	if (test__start_subtest("h5_ext_slot_live"))
		ext_slot_case("hx_live_disp");
	if (test__start_subtest("h5_ext_slot_after_dead_code"))
		ext_slot_case("hx_dead_disp");
	if (test__start_subtest("h5_slice_alias_strict"))
		slice_case("hx_slice_alias_strict");
	if (test__start_subtest("h5_slice_alias_guarded"))
		slice_case("hx_slice_alias_guarded");
	libbpf_set_print(old);
}
