// SPDX-License-Identifier: GPL-2.0
/* Differential soundness fuzzer for the XDP requirement derivation.
 *
 * Generates random valid XDP programs as raw instructions (branches on
 * packet bytes and map values, 32/64-bit ALU and moves, sign extension,
 * spills and fills of every width, static and global subprograms,
 * bpf_loop callbacks writing their caller's stack, open-coded iterator,
 * may_goto and bounded loops with exits inside, bpf_redirect() and
 * bpf_redirect_map() with constant and variable flags, adjust_head and
 * adjust_meta with constant, bounded, map-read and unbounded deltas, tail
 * calls), loads each one legacy and declared, with and without
 * BPF_F_TEST_STATE_FREQ, and runs it with BPF_PROG_TEST_RUN over packets
 * and map contents. Every action observed must lie in the effective set
 * bpf_prog_info reports, and every push within the effective headroom:
 * the programs count their own successful pushes in a map, so a push that
 * a later pull hides from data_size_out still counts. A failure prints
 * the seed, the program index and a minimised program.
 *
 * Usage: xdp_reqs_fuzz [-n programs] [-s seed] [-i first] [-v] [-L]
 *   -L  legacy loads only, printing one verdict line per program (for a
 *       comparison with a kernel without the series)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_INSNS	4096
#define MAX_FUNCS	6
#define MAX_NODES	512
#define MAX_LABELS	512
#define ACT_ALL		0x1fULL

/* registers: r6 holds ctx (or a callback's context pointer), r7-r9 the
 * program's variables; r0-r5 are scratch
 */
#define FP	BPF_REG_10
#define CTX	6
#define VAR(i)	(7 + (i))
#define NVARS	3
/* stack of every frame */
#define NSLOTS		6
#define SLOT(i)		(-8 * ((i) + 1))	/* fp-8 .. fp-48 */
#define ITER_SLOT(d)	(-56 - 8 * (d))		/* fp-56, fp-64 */
#define CNT_SLOT(d)	(-72 - 8 * (d))		/* fp-72, fp-80 */
#define KEY_SLOT	(-88)
#define DELTA_SLOT	(-96)
#define BOUND_SLOT(d)	(-104 - 8 * (d))	/* fp-104, fp-112 */
#define MAX_LOOPS	2

enum func_kind { F_MAIN, F_STATIC, F_GLOBAL, F_CB };

enum node_kind {
	N_MOVI, N_MOVR, N_ALUI, N_ALUR, N_IF, N_SPILL, N_STI, N_FILL, N_PKT,
	N_MAP, N_ROMAP, N_ADJ, N_REDIR, N_REDIRMAP, N_CALL, N_LOOPCB, N_ITER,
	N_MAYGOTO, N_BLOOP, N_TAIL, N_EXIT, N_CBWRITE,
};

struct node {
	enum node_kind kind;
	int a, b, c, d, e;	/* registers, ops, sizes, slots, modes */
	long long imm;
	struct node *kid[2];	/* then/else block, loop body */
	struct node *next;
	bool dead, flat;	/* set by the minimiser */
};

struct func {
	enum func_kind kind;
	struct node *body;
	int ret_var, ret_mode;	/* the final exit */
};

struct prog {
	struct func f[MAX_FUNCS];
	int nfuncs;
	bool tail;		/* has a tail call: gets callees */
	unsigned long long ro[4];	/* frozen map contents */
};

struct maps {
	int vals, ro, track, devmap, progs;
};

/* ---- random numbers ---- */

static unsigned long long rng;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return n ? (unsigned int)((rng * 2685821657736338717ULL) >> 33) % n : 0;
}

/* splitmix64, so that neighbouring seeds give unrelated programs */
static void seed_rng(unsigned long long s)
{
	s += 0x9e3779b97f4a7c15ULL;
	s = (s ^ (s >> 30)) * 0xbf58476d1ce4e5b9ULL;
	s = (s ^ (s >> 27)) * 0x94d049bb133111ebULL;
	rng = (s ^ (s >> 31)) | 1;
}

static bool chance(int pct)
{
	return rnd(100) < (unsigned int)pct;
}

static const long long small_imms[] = { 0, 1, 2, 3, 4, 5, 7, 8, 15, 0x3f, 0xff, -1, -2,
					0x7fffffff, 0x80000000LL, 0x100000002LL };

static long long rnd_imm(void)
{
	if (chance(80))
		return small_imms[rnd(ARRAY_SIZE(small_imms))];
	return (int)rnd(0xffffffff);
}

/* ---- the program tree ---- */

static struct node node_pool[MAX_NODES];
static int nr_nodes;

static struct node *new_node(enum node_kind k)
{
	struct node *n;

	if (nr_nodes >= MAX_NODES)
		return NULL;
	n = &node_pool[nr_nodes++];
	memset(n, 0, sizeof(*n));
	n->kind = k;
	return n;
}

struct genctx {
	struct prog *p;
	bool no_tail;	/* a tail-call callee: the caller owns the prog array */
	int fn;
	int loops, iters, bloops;
	int budget;
};

static struct node *gen_block(struct genctx *g, int depth, int len);

static int callee(struct genctx *g, enum func_kind kind)
{
	int i, c[MAX_FUNCS], n = 0;

	for (i = g->fn + 1; i < g->p->nfuncs; i++)
		if (g->p->f[i].kind == kind)
			c[n++] = i;
	return n ? c[rnd(n)] : -1;
}

static struct node *gen_node(struct genctx *g, int depth, bool last)
{
	enum func_kind fk = g->p->f[g->fn].kind;
	bool has_ctx = fk != F_CB;
	struct node *n = NULL;
	int w = rnd(100);

	if (g->budget-- <= 0)
		w = 0;
	if (w < 10) {
		n = new_node(N_MOVI);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = chance(30);	/* 32-bit */
		n->imm = chance(60) ? rnd(5) : rnd_imm();
	} else if (w < 16) {
		n = new_node(N_MOVR);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = rnd(NVARS);
		n->c = rnd(5);		/* 0 mov64, 1 mov32, 2-4 movsx 8/16/32 */
	} else if (w < 26) {
		static const int ops[] = { BPF_ADD, BPF_SUB, BPF_AND, BPF_AND, BPF_OR,
					   BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH, BPF_MUL,
					   BPF_MOD, BPF_DIV, BPF_NEG };

		n = new_node(N_ALUI);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = chance(30);
		n->c = ops[rnd(ARRAY_SIZE(ops))];
		if (n->c == BPF_LSH || n->c == BPF_RSH || n->c == BPF_ARSH)
			n->imm = rnd(n->b ? 32 : 64);
		else if (n->c == BPF_MOD || n->c == BPF_DIV)
			n->imm = 1 + rnd(7);
		else if (n->c == BPF_AND)
			n->imm = chance(70) ? (1 << rnd(4)) - 1 : rnd_imm();
		else
			n->imm = rnd_imm();
	} else if (w < 31) {
		static const int ops[] = { BPF_ADD, BPF_SUB, BPF_AND, BPF_OR, BPF_XOR,
					   BPF_RSH, BPF_MOD };

		n = new_node(N_ALUR);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = rnd(NVARS);
		n->c = ops[rnd(ARRAY_SIZE(ops))];
		n->d = chance(30);
	} else if (w < 45 && depth < 4 - g->loops) {
		static const int ops[] = { BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT,
					   BPF_JLE, BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE,
					   BPF_JSET };

		n = new_node(N_IF);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = chance(30) ? rnd(NVARS) : -1;
		n->c = ops[rnd(ARRAY_SIZE(ops))];
		n->d = chance(30);	/* jmp32 */
		n->imm = chance(85) ? rnd(6) : rnd_imm();
		n->kid[0] = gen_block(g, depth + 1, 1 + rnd(3));
		if (chance(50))
			n->kid[1] = gen_block(g, depth + 1, 1 + rnd(2));
	} else if (w < 50) {
		static const int sizes[] = { BPF_DW, BPF_DW, BPF_W, BPF_H, BPF_B };

		n = new_node(chance(80) ? N_SPILL : N_STI);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = sizes[rnd(ARRAY_SIZE(sizes))];
		n->c = rnd(NSLOTS);
		n->imm = rnd(6);
	} else if (w < 56) {
		static const int sizes[] = { BPF_DW, BPF_DW, BPF_W, BPF_H, BPF_B };

		n = new_node(N_FILL);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = sizes[rnd(ARRAY_SIZE(sizes))];
		n->c = rnd(NSLOTS);
		n->d = n->b != BPF_DW && chance(20);	/* sign extending */
	} else if (w < 60 && has_ctx) {
		static const int sizes[] = { BPF_B, BPF_B, BPF_H, BPF_W };

		n = new_node(N_PKT);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = sizes[rnd(ARRAY_SIZE(sizes))];
		n->c = rnd(12);
	} else if (w < 66) {
		static const int sizes[] = { BPF_DW, BPF_W, BPF_B };

		n = new_node(chance(75) ? N_MAP : N_ROMAP);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = chance(50) ? rnd(NVARS) : -1;	/* key from a variable */
		n->c = sizes[rnd(ARRAY_SIZE(sizes))];
		n->imm = rnd(4);
		n->d = chance(15) ? 7 : 3;		/* key mask */
	} else if (w < 72 && has_ctx) {
		static const int deltas[] = { -1, -4, -8, -14, -20, -32, -40, 4, 8, 14 };

		n = new_node(N_ADJ);
		if (!n)
			return NULL;
		n->a = chance(70) ? rnd(NVARS) : -1;	/* keep the result */
		n->b = chance(25);			/* meta */
		n->c = rnd(10);	/* 0-4 const, 5-7 bounded, 8 signed bounded, 9 unbounded */
		n->d = rnd(NVARS);
		n->imm = n->c < 5 ? deltas[rnd(ARRAY_SIZE(deltas))] : (1 << (2 + rnd(4))) - 1;
		if (n->b && n->c < 5)
			n->imm = -4 * (1 + rnd(4));
	} else if (w < 77) {
		n = new_node(chance(50) ? N_REDIR : N_REDIRMAP);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = chance(30) ? rnd(NVARS) : -1;	/* variable ifindex / key */
		n->c = chance(35) ? rnd(NVARS) : -1;	/* variable flags */
		n->imm = n->kind == N_REDIR ? (chance(80) ? 0 : 1) : rnd(8);
		n->d = chance(50);			/* 32-bit result */
	} else if (w < 82 && has_ctx) {
		n = new_node(N_CALL);
		if (!n)
			return NULL;
		n->e = callee(g, chance(60) ? F_STATIC : F_GLOBAL);
		if (n->e < 0)
			n->e = callee(g, F_STATIC);
		if (n->e < 0)
			n->e = callee(g, F_GLOBAL);
		if (n->e < 0) {
			n->kind = N_MOVI;
			n->a = rnd(NVARS);
			n->imm = rnd(5);
			return n;
		}
		n->a = rnd(NVARS);
		n->b = rnd(NVARS);
		n->c = rnd(NVARS);
		n->d = chance(25);		/* 32-bit copy of the result */
	} else if (w < 85 && fk != F_CB && callee(g, F_CB) >= 0) {
		n = new_node(N_LOOPCB);
		if (!n)
			return NULL;
		n->e = callee(g, F_CB);
		n->a = chance(40) ? rnd(NVARS) : -1;	/* keep bpf_loop()'s result */
		n->b = chance(40) ? rnd(NVARS) : -1;	/* variable count */
		n->c = rnd(NSLOTS);
		n->imm = 1 + rnd(5);
	} else if (w < 93 && fk != F_CB && g->loops < MAX_LOOPS && depth < 3 &&
		   (!g->loops || chance(30))) {
		int k = rnd(3);

		n = new_node(k == 0 ? N_ITER : k == 1 ? N_MAYGOTO : N_BLOOP);
		if (!n)
			return NULL;
		n->a = chance(40) ? rnd(NVARS) : -1;	/* iterator value into a var */
		n->b = chance(25) ? rnd(NVARS) : -1;	/* variable iteration count */
		n->imm = 1 + rnd(n->kind == N_BLOOP ? 3 : 4);
		n->e = n->kind == N_ITER ? g->iters : g->loops;
		g->loops++;
		g->iters += n->kind == N_ITER;
		g->bloops += n->kind == N_BLOOP;
		n->kid[0] = gen_block(g, depth + 1, 1 + rnd(3));
		g->loops--;
		g->iters -= n->kind == N_ITER;
		g->bloops -= n->kind == N_BLOOP;
	} else if (w < 96 && fk == F_MAIN && !g->iters && !g->no_tail) {
		n = new_node(N_TAIL);
		if (!n)
			return NULL;
		n->b = chance(40) ? rnd(NVARS) : -1;
		n->imm = rnd(2);
		g->p->tail = true;
	} else if (fk == F_CB && w < 99) {
		n = new_node(N_CBWRITE);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->b = chance(70) ? BPF_DW : BPF_W;
	} else {
		n = new_node(N_MOVI);
		if (!n)
			return NULL;
		n->a = rnd(NVARS);
		n->imm = rnd(6);
	}
	if (n && last && chance(depth ? 25 : 0)) {
		/* an exit at the end of an inner block */
		struct node *x = new_node(N_EXIT);

		if (x) {
			x->a = rnd(NVARS);
			x->b = rnd(6);	/* see emit_exit() */
			x->imm = rnd(6);
			n->next = x;
		}
	}
	return n;
}

static struct node *gen_block(struct genctx *g, int depth, int len)
{
	struct node *head = NULL, **tail = &head;
	int i;

	for (i = 0; i < len; i++) {
		struct node *n = gen_node(g, depth, i == len - 1);

		if (!n)
			break;
		*tail = n;
		while (n->next)
			n = n->next;
		tail = &n->next;
	}
	return head;
}

static void gen_prog(struct prog *p, bool callee_prog)
{
	struct genctx g = { .p = p, .no_tail = callee_prog };
	int i;

	memset(p, 0, sizeof(*p));
	p->nfuncs = 1;
	p->f[0].kind = F_MAIN;
	if (!callee_prog) {
		int ns = rnd(3), ng = chance(30), nc = chance(35);

		for (i = 0; i < ns; i++)
			p->f[p->nfuncs++].kind = F_STATIC;
		for (i = 0; i < ng; i++)
			p->f[p->nfuncs++].kind = F_GLOBAL;
		for (i = 0; i < nc; i++)
			p->f[p->nfuncs++].kind = F_CB;
	}
	for (i = 0; i < 4; i++)
		p->ro[i] = rnd(6);
	for (i = p->nfuncs - 1; i >= 0; i--) {
		g.fn = i;
		g.budget = callee_prog ? 6 : i ? 10 : 24;
		g.loops = g.iters = g.bloops = 0;
		p->f[i].body = gen_block(&g, 0, callee_prog ? 2 + rnd(3) : 2 + rnd(6));
		p->f[i].ret_var = rnd(NVARS);
		p->f[i].ret_mode = rnd(6);
	}
}

/* ---- emission ---- */

static struct bpf_insn insns[MAX_INSNS];
static int ni;
static bool overflow;
static int label_pos[MAX_LABELS], nr_labels;
static struct { int insn, label; } jfix[MAX_LABELS * 2];
static int nr_jfix;
static struct { int insn, func; } cfix[MAX_FUNCS * 64];
static int nr_cfix;
static int func_start[MAX_FUNCS];
static bool func_used[MAX_FUNCS];
static int kfunc_new, kfunc_next, kfunc_destroy;
static bool verbose, legacy_only;
static int load_timeout = 5;
static volatile sig_atomic_t alarm_fired;

static void on_alarm(int sig)
{
	alarm_fired = true;
}

static void emit(__u8 code, int dst, int src, int off, int imm)
{
	if (ni >= MAX_INSNS - 2) {
		overflow = true;
		return;
	}
	insns[ni++] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
					 .off = off, .imm = imm };
}

static void emit_ld64(int dst, int src, long long imm)
{
	emit(BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, (int)imm);
	emit(0, 0, 0, 0, (int)(imm >> 32));
}

static void emit_mov64_imm(int dst, long long imm)
{
	if (imm == (int)imm)
		emit(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, (int)imm);
	else
		emit_ld64(dst, 0, imm);
}

static int new_label(void)
{
	if (nr_labels >= MAX_LABELS) {
		overflow = true;
		return 0;
	}
	label_pos[nr_labels] = -1;
	return nr_labels++;
}

static void bind_label(int l)
{
	label_pos[l] = ni;
}

static void emit_jmp(__u8 code, int dst, int src, int imm, int label)
{
	if (nr_jfix >= (int)ARRAY_SIZE(jfix)) {
		overflow = true;
		return;
	}
	jfix[nr_jfix].insn = ni;
	jfix[nr_jfix++].label = label;
	emit(code, dst, src, 0, imm);
}

static void emit_back(int head)
{
	emit(BPF_JMP | BPF_JA, 0, 0, head - (ni + 1), 0);
}

static void emit_call_func(int fn, bool pseudo_func, int dst)
{
	if (nr_cfix >= (int)ARRAY_SIZE(cfix)) {
		overflow = true;
		return;
	}
	cfix[nr_cfix].insn = ni;
	cfix[nr_cfix++].func = fn;
	func_used[fn] = true;
	if (pseudo_func)
		emit_ld64(dst, BPF_PSEUDO_FUNC, 0);
	else
		emit(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0);
}

static void emit_helper(int id)
{
	emit(BPF_JMP | BPF_CALL, 0, 0, 0, id);
}

static void emit_kfunc(int id)
{
	emit(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, id);
}

struct emitctx {
	const struct prog *p;
	const struct maps *m;
	enum func_kind fk;
	int open_iters;		/* iterators to destroy before an exit */
};

static void emit_iter_destroy(int d)
{
	emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, FP, 0, 0);
	emit(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, ITER_SLOT(d));
	emit_kfunc(kfunc_destroy);
}

static void emit_exit(struct emitctx *c, int var, int mode, long long imm)
{
	int d;

	for (d = c->open_iters - 1; d >= 0; d--)
		emit_iter_destroy(d);
	if (c->fk == F_CB) {
		/* bpf_loop() callbacks return 0 or 1 */
		if (mode == 2) {
			emit(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, imm & 1);
		} else {
			emit(BPF_ALU64 | BPF_MOV | BPF_X, 0, VAR(var), 0, 0);
			emit(BPF_ALU64 | BPF_AND | BPF_K, 0, 0, 0, 1);
		}
	} else if (mode == 0) {
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 0, VAR(var), 0, 0);
	} else if (mode == 1) {
		emit(BPF_ALU | BPF_MOV | BPF_X, 0, VAR(var), 0, 0);
	} else if (mode == 2) {
		emit(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, imm);
	} else if (mode == 3) {
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 0, VAR(var), 0, 0);
		emit(BPF_ALU64 | BPF_AND | BPF_K, 0, 0, 0, 3);
	} else if (mode == 4) {
		emit(BPF_ALU | BPF_MOV | BPF_X, 0, VAR(var), 0, 0);
		emit(BPF_ALU | BPF_MOD | BPF_K, 0, 0, 0, 5);
	} else {
		/* return var > 4 ? XDP_PASS : var */
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 0, VAR(var), 0, 0);
		emit(BPF_JMP | BPF_JLE | BPF_K, 0, 0, 1, 4);
		emit(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, XDP_PASS);
	}
	emit(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* reg = the variable under a mask, or the constant when var < 0 */
static void emit_arg(int reg, int var, int mask, long long imm)
{
	if (var >= 0) {
		emit(BPF_ALU64 | BPF_MOV | BPF_X, reg, VAR(var), 0, 0);
		emit(BPF_ALU64 | BPF_AND | BPF_K, reg, 0, 0, mask);
	} else {
		emit(BPF_ALU64 | BPF_MOV | BPF_K, reg, 0, 0, (int)imm);
	}
}

/* the map key at fp-88: a constant or a variable under a mask */
static void emit_key(int var, int mask, int imm)
{
	if (var < 0) {
		emit(BPF_ST | BPF_MEM | BPF_W, FP, 0, KEY_SLOT, imm);
	} else {
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, VAR(var), 0, 0);
		emit(BPF_ALU64 | BPF_AND | BPF_K, 1, 0, 0, mask);
		emit(BPF_STX | BPF_MEM | BPF_W, FP, 1, KEY_SLOT, 0);
	}
	emit(BPF_ALU64 | BPF_MOV | BPF_X, 2, FP, 0, 0);
	emit(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, KEY_SLOT);
}

static bool emit_block(struct emitctx *c, const struct node *n);

/* The body, the back edge unless the body ends in an exit (the edge would
 * be unreachable, which the verifier refuses), and the loop's end label.
 */
static void emit_loop_body(struct emitctx *c, const struct node *n, int head, int end)
{
	if (!(n->kid[0] && emit_block(c, n->kid[0])))
		emit_back(head);
	bind_label(end);
}

/* Emits one node; returns true when it ends every path (an exit). */
static bool emit_node(struct emitctx *c, const struct node *n)
{
	int l1, l2, head, d;
	bool t0, t1;

	if (n->flat) {
		t0 = n->kid[0] ? emit_block(c, n->kid[0]) : false;
		return t0;
	}
	switch (n->kind) {
	case N_MOVI:
		if (n->b)
			emit(BPF_ALU | BPF_MOV | BPF_K, VAR(n->a), 0, 0, (int)n->imm);
		else
			emit_mov64_imm(VAR(n->a), n->imm);
		break;
	case N_MOVR:
		if (n->c == 0)
			emit(BPF_ALU64 | BPF_MOV | BPF_X, VAR(n->a), VAR(n->b), 0, 0);
		else if (n->c == 1)
			emit(BPF_ALU | BPF_MOV | BPF_X, VAR(n->a), VAR(n->b), 0, 0);
		else
			emit(BPF_ALU64 | BPF_MOV | BPF_X, VAR(n->a), VAR(n->b),
			     n->c == 2 ? 8 : n->c == 3 ? 16 : 32, 0);
		break;
	case N_ALUI:
		emit((n->b ? BPF_ALU : BPF_ALU64) | n->c | BPF_K, VAR(n->a), 0, 0,
		     n->c == BPF_NEG ? 0 : (int)n->imm);
		break;
	case N_ALUR:
		emit((n->d ? BPF_ALU : BPF_ALU64) | n->c | BPF_X, VAR(n->a), VAR(n->b), 0, 0);
		break;
	case N_IF:
		l1 = new_label();
		l2 = new_label();
		if (n->b >= 0)
			emit_jmp((n->d ? BPF_JMP32 : BPF_JMP) | n->c | BPF_X, VAR(n->a),
				 VAR(n->b), 0, l1);
		else
			emit_jmp((n->d ? BPF_JMP32 : BPF_JMP) | n->c | BPF_K, VAR(n->a), 0,
				 (int)n->imm, l1);
		t1 = n->kid[1] ? emit_block(c, n->kid[1]) : false;
		if (!t1)
			emit_jmp(BPF_JMP | BPF_JA, 0, 0, 0, l2);
		bind_label(l1);
		t0 = n->kid[0] ? emit_block(c, n->kid[0]) : false;
		bind_label(l2);
		return t0 && t1;
	case N_SPILL:
		emit(BPF_STX | BPF_MEM | n->b, FP, VAR(n->a), SLOT(n->c), 0);
		break;
	case N_STI:
		emit(BPF_ST | BPF_MEM | n->b, FP, 0, SLOT(n->c), (int)n->imm);
		break;
	case N_FILL:
		emit(BPF_LDX | (n->d ? BPF_MEMSX : BPF_MEM) | n->b, VAR(n->a), FP,
		     SLOT(n->c), 0);
		break;
	case N_PKT:
		l1 = new_label();
		emit(BPF_LDX | BPF_MEM | BPF_W, 2, CTX, offsetof(struct xdp_md, data), 0);
		emit(BPF_LDX | BPF_MEM | BPF_W, 3, CTX, offsetof(struct xdp_md, data_end), 0);
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 4, 2, 0, 0);
		emit(BPF_ALU64 | BPF_ADD | BPF_K, 4, 0, 0, 16);
		emit_jmp(BPF_JMP | BPF_JGT | BPF_X, 4, 3, 0, l1);
		emit(BPF_LDX | BPF_MEM | n->b, VAR(n->a), 2, n->c, 0);
		bind_label(l1);
		break;
	case N_MAP:
	case N_ROMAP:
		l1 = new_label();
		/* the frozen map has one value of four u64 (the verifier
		 * reads constants only from single-entry arrays)
		 */
		if (n->kind == N_ROMAP)
			emit_key(-1, 0, 0);
		else
			emit_key(n->b, n->d, (int)n->imm);
		emit_ld64(1, BPF_PSEUDO_MAP_FD, n->kind == N_MAP ? c->m->vals : c->m->ro);
		emit_helper(BPF_FUNC_map_lookup_elem);
		emit_jmp(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0, l1);
		emit(BPF_LDX | BPF_MEM | n->c, VAR(n->a), 0,
		     n->kind == N_ROMAP ? 8 * (int)n->imm : 0, 0);
		bind_label(l1);
		break;
	case N_ADJ:
		/* the delta into r2 */
		if (n->c < 5) {
			emit(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, (int)n->imm);
		} else {
			emit(BPF_ALU64 | BPF_MOV | BPF_X, 2, VAR(n->d), 0, 0);
			if (n->c < 9)
				emit(BPF_ALU64 | BPF_AND | BPF_K, 2, 0, 0, (int)n->imm);
			if (n->c == 8)
				emit(BPF_ALU64 | BPF_SUB | BPF_K, 2, 0, 0, (int)(n->imm / 2));
			else
				emit(BPF_ALU64 | BPF_NEG, 2, 0, 0, 0);
		}
		emit(BPF_STX | BPF_MEM | BPF_DW, FP, 2, DELTA_SLOT, 0);
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, CTX, 0, 0);
		emit_helper(n->b ? BPF_FUNC_xdp_adjust_meta : BPF_FUNC_xdp_adjust_head);
		if (n->a >= 0)
			emit(BPF_ALU64 | BPF_MOV | BPF_X, VAR(n->a), 0, 0, 0);
		/* count a successful push: track.cur -= delta, track.max = max */
		l1 = new_label();
		emit_jmp(BPF_JMP | BPF_JNE | BPF_K, 0, 0, 0, l1);
		emit_key(-1, 0, 0);
		emit_ld64(1, BPF_PSEUDO_MAP_FD, c->m->track);
		emit_helper(BPF_FUNC_map_lookup_elem);
		emit_jmp(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0, l1);
		emit(BPF_LDX | BPF_MEM | BPF_DW, 1, FP, DELTA_SLOT, 0);
		emit(BPF_LDX | BPF_MEM | BPF_DW, 2, 0, 0, 0);
		emit(BPF_ALU64 | BPF_SUB | BPF_X, 2, 1, 0, 0);
		emit(BPF_STX | BPF_MEM | BPF_DW, 0, 2, 0, 0);
		emit(BPF_LDX | BPF_MEM | BPF_DW, 3, 0, 8, 0);
		emit_jmp(BPF_JMP | BPF_JSLE | BPF_X, 2, 3, 0, l1);
		emit(BPF_STX | BPF_MEM | BPF_DW, 0, 2, 8, 0);
		bind_label(l1);
		break;
	case N_REDIR:
	case N_REDIRMAP:
		if (n->kind == N_REDIR) {
			if (n->b >= 0)
				emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, VAR(n->b), 0, 0);
			else
				emit(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1);	/* lo */
		} else {
			emit_ld64(1, BPF_PSEUDO_MAP_FD, c->m->devmap);
		}
		/* flags (bpf_redirect_map: the low bits are the action on a miss) */
		emit_arg(3, n->c, 7, (int)n->imm);
		if (n->kind == N_REDIR) {
			emit(BPF_ALU64 | BPF_MOV | BPF_X, 2, 3, 0, 0);
			emit_helper(BPF_FUNC_redirect);
		} else {
			emit_arg(2, n->b, 3, 1);
			emit_helper(BPF_FUNC_redirect_map);
		}
		emit((n->d ? BPF_ALU : BPF_ALU64) | BPF_MOV | BPF_X, VAR(n->a), 0, 0, 0);
		break;
	case N_CALL:
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, CTX, 0, 0);
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 2, VAR(n->b), 0, 0);
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 3, VAR(n->c), 0, 0);
		if (c->p->f[n->e].kind == F_GLOBAL) {
			/* int arguments: the verifier checks they are scalars */
			emit(BPF_ALU | BPF_MOV | BPF_X, 2, 2, 0, 0);
			emit(BPF_ALU | BPF_MOV | BPF_X, 3, 3, 0, 0);
		}
		emit_call_func(n->e, false, 0);
		emit((n->d ? BPF_ALU : BPF_ALU64) | BPF_MOV | BPF_X, VAR(n->a), 0, 0, 0);
		break;
	case N_LOOPCB:
		emit_arg(1, n->b, 7, (int)n->imm);
		emit_call_func(n->e, true, 2);
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 3, FP, 0, 0);
		emit(BPF_ALU64 | BPF_ADD | BPF_K, 3, 0, 0, SLOT(n->c));
		emit(BPF_ALU64 | BPF_MOV | BPF_K, 4, 0, 0, 0);
		emit_helper(BPF_FUNC_loop);
		if (n->a >= 0)
			emit(BPF_ALU64 | BPF_MOV | BPF_X, VAR(n->a), 0, 0, 0);
		break;
	case N_ITER:
		d = c->open_iters;
		l1 = new_label();
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, FP, 0, 0);
		emit(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, ITER_SLOT(d));
		emit(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 0);
		emit_arg(3, n->b, 7, (int)n->imm);
		emit_kfunc(kfunc_new);
		head = ni;
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, FP, 0, 0);
		emit(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, ITER_SLOT(d));
		emit_kfunc(kfunc_next);
		emit_jmp(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0, l1);
		if (n->a >= 0)
			emit(BPF_LDX | BPF_MEM | BPF_W, VAR(n->a), 0, 0, 0);
		c->open_iters++;
		emit_loop_body(c, n, head, l1);
		c->open_iters--;
		emit_iter_destroy(d);
		break;
	case N_MAYGOTO:
		/* while (i < bound) { cond_break; ... } with a bound the
		 * verifier does not know, so that only may_goto ends the loop
		 * for it while runs stay short
		 */
		l1 = new_label();
		emit(BPF_ST | BPF_MEM | BPF_DW, FP, 0, CNT_SLOT(n->e), 0);
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, VAR(n->b >= 0 ? n->b : 0), 0, 0);
		emit(BPF_ALU64 | BPF_AND | BPF_K, 1, 0, 0, 7);
		emit(BPF_STX | BPF_MEM | BPF_DW, FP, 1, BOUND_SLOT(n->e), 0);
		head = ni;
		emit(BPF_LDX | BPF_MEM | BPF_DW, 1, FP, CNT_SLOT(n->e), 0);
		emit(BPF_LDX | BPF_MEM | BPF_DW, 2, FP, BOUND_SLOT(n->e), 0);
		emit_jmp(BPF_JMP | BPF_JGE | BPF_X, 1, 2, 0, l1);
		emit(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, 1);
		emit(BPF_STX | BPF_MEM | BPF_DW, FP, 1, CNT_SLOT(n->e), 0);
		emit_jmp(BPF_JMP | BPF_JCOND, 0, BPF_MAY_GOTO, 0, l1);
		if (n->a >= 0)
			emit(BPF_ALU64 | BPF_ADD | BPF_K, VAR(n->a), 0, 0, 1);
		emit_loop_body(c, n, head, l1);
		break;
	case N_BLOOP:
		l1 = new_label();
		emit(BPF_ST | BPF_MEM | BPF_DW, FP, 0, CNT_SLOT(n->e), 0);
		head = ni;
		emit(BPF_LDX | BPF_MEM | BPF_DW, 1, FP, CNT_SLOT(n->e), 0);
		emit_jmp(BPF_JMP | BPF_JGE | BPF_K, 1, 0, (int)n->imm, l1);
		emit(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, 1);
		emit(BPF_STX | BPF_MEM | BPF_DW, FP, 1, CNT_SLOT(n->e), 0);
		if (n->a >= 0)
			emit(BPF_ALU64 | BPF_MOV | BPF_X, VAR(n->a), 1, 0, 0);
		emit_loop_body(c, n, head, l1);
		break;
	case N_TAIL:
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 1, CTX, 0, 0);
		emit_ld64(2, BPF_PSEUDO_MAP_FD, c->m->progs);
		emit_arg(3, n->b, 1, (int)n->imm);
		emit_helper(BPF_FUNC_tail_call);
		break;
	case N_EXIT:
		emit_exit(c, n->a, n->b, n->imm);
		return true;
	case N_CBWRITE:
		emit(BPF_STX | BPF_MEM | n->b, CTX, VAR(n->a), 0, 0);
		break;
	}
	return false;
}

static bool emit_block(struct emitctx *c, const struct node *n)
{
	for (; n; n = n->next) {
		if (n->dead)
			continue;
		if (emit_node(c, n))
			return true;	/* what follows is unreachable */
	}
	return false;
}

static void emit_func(const struct prog *p, int fn, const struct maps *m)
{
	const struct func *f = &p->f[fn];
	struct emitctx c = { .p = p, .m = m, .fk = f->kind };
	int i, l;

	func_start[fn] = ni;
	if (f->kind == F_CB) {
		emit(BPF_ALU64 | BPF_MOV | BPF_X, CTX, 2, 0, 0);
		emit(BPF_ALU64 | BPF_MOV | BPF_X, VAR(0), 1, 0, 0);
		emit(BPF_LDX | BPF_MEM | BPF_DW, VAR(1), CTX, 0, 0);
		emit(BPF_ALU64 | BPF_MOV | BPF_K, VAR(2), 0, 0, 0);
	} else {
		emit(BPF_ALU64 | BPF_MOV | BPF_X, CTX, 1, 0, 0);
		if (f->kind == F_MAIN) {
			for (i = 0; i < NVARS; i++)
				emit(BPF_ALU64 | BPF_MOV | BPF_K, VAR(i), 0, 0, 0);
		} else {
			emit(BPF_ALU64 | BPF_MOV | BPF_X, VAR(0), 2, 0, 0);
			emit(BPF_ALU64 | BPF_MOV | BPF_X, VAR(1), 3, 0, 0);
			emit(BPF_ALU64 | BPF_MOV | BPF_K, VAR(2), 0, 0, 0);
		}
	}
	for (i = 0; i < NSLOTS; i++)
		emit(BPF_ST | BPF_MEM | BPF_DW, FP, 0, SLOT(i), i == 0 ? 2 : i);
	if (f->kind == F_MAIN) {
		/* the first packet bytes into the variables */
		l = new_label();
		emit(BPF_LDX | BPF_MEM | BPF_W, 2, CTX, offsetof(struct xdp_md, data), 0);
		emit(BPF_LDX | BPF_MEM | BPF_W, 3, CTX, offsetof(struct xdp_md, data_end), 0);
		emit(BPF_ALU64 | BPF_MOV | BPF_X, 4, 2, 0, 0);
		emit(BPF_ALU64 | BPF_ADD | BPF_K, 4, 0, 0, 16);
		emit_jmp(BPF_JMP | BPF_JGT | BPF_X, 4, 3, 0, l);
		for (i = 0; i < NVARS; i++)
			emit(BPF_LDX | BPF_MEM | BPF_B, VAR(i), 2, i, 0);
		emit(BPF_LDX | BPF_MEM | BPF_DW, 1, 2, 8, 0);
		emit(BPF_STX | BPF_MEM | BPF_DW, FP, 1, SLOT(NSLOTS - 1), 0);
		bind_label(l);
	}
	if (!emit_block(&c, f->body))
		emit_exit(&c, f->ret_var, f->ret_mode, 2);
}

/* Emits the whole program; returns the instruction count or -1. */
static int emit_prog(const struct prog *p, const struct maps *m)
{
	int i, fn;

	ni = 0;
	nr_labels = nr_jfix = nr_cfix = 0;
	overflow = false;
	memset(func_used, 0, sizeof(func_used));
	func_used[0] = true;
	/* calls go to higher indices only: emit what the code before calls,
	 * the verifier refuses unreachable functions
	 */
	for (fn = 0; fn < p->nfuncs; fn++)
		if (func_used[fn])
			emit_func(p, fn, m);
	if (overflow)
		return -1;
	for (i = 0; i < nr_jfix; i++)
		insns[jfix[i].insn].off = label_pos[jfix[i].label] - (jfix[i].insn + 1);
	for (i = 0; i < nr_cfix; i++)
		insns[cfix[i].insn].imm = func_start[cfix[i].func] - (cfix[i].insn + 1);
	return ni;
}

/* ---- BTF for the subprograms ---- */

static int prog_btf(const struct prog *p, struct bpf_func_info *fi, int *nfi)
{
	struct btf *btf = btf__new_empty();
	int int_id, ctx_ptr, void_ptr, fn, proto, fd, xdp_md;
	char name[16];

	if (!btf)
		return -1;
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	xdp_md = btf__add_struct(btf, "xdp_md", 24);
	ctx_ptr = btf__add_ptr(btf, xdp_md);
	void_ptr = btf__add_ptr(btf, 0);
	*nfi = 0;
	for (fn = 0; fn < p->nfuncs; fn++) {
		const struct func *f = &p->f[fn];

		if (!func_used[fn])
			continue;
		proto = btf__add_func_proto(btf, int_id);
		if (f->kind == F_CB) {
			btf__add_func_param(btf, "idx", int_id);
			btf__add_func_param(btf, "data", void_ptr);
		} else {
			btf__add_func_param(btf, "ctx", ctx_ptr);
			if (f->kind != F_MAIN) {
				btf__add_func_param(btf, "a", int_id);
				btf__add_func_param(btf, "b", int_id);
			}
		}
		snprintf(name, sizeof(name), fn ? "f%d" : "prog", fn);
		fi[*nfi].insn_off = func_start[fn];
		fi[(*nfi)++].type_id = btf__add_func(btf, name,
						     f->kind == F_GLOBAL || f->kind == F_MAIN ?
						     BTF_FUNC_GLOBAL : BTF_FUNC_STATIC, proto);
	}
	if (btf__load_into_kernel(btf)) {
		btf__free(btf);
		return -1;
	}
	fd = dup(btf__fd(btf));
	btf__free(btf);
	return fd;
}

/* ---- printing ---- */

static const char *vn(int v)
{
	static const char *names[] = { "a", "b", "c" };

	return v >= 0 && v < NVARS ? names[v] : "?";
}

static const char *opname(int op)
{
	switch (op) {
	case BPF_ADD: return "+=";
	case BPF_SUB: return "-=";
	case BPF_AND: return "&=";
	case BPF_OR: return "|=";
	case BPF_XOR: return "^=";
	case BPF_LSH: return "<<=";
	case BPF_RSH: return ">>=";
	case BPF_ARSH: return "s>>=";
	case BPF_MUL: return "*=";
	case BPF_DIV: return "/=";
	case BPF_MOD: return "%=";
	case BPF_NEG: return "= -";
	}
	return "?";
}

static const char *jmpname(int op)
{
	switch (op) {
	case BPF_JEQ: return "==";
	case BPF_JNE: return "!=";
	case BPF_JGT: return ">";
	case BPF_JGE: return ">=";
	case BPF_JLT: return "<";
	case BPF_JLE: return "<=";
	case BPF_JSGT: return "s>";
	case BPF_JSGE: return "s>=";
	case BPF_JSLT: return "s<";
	case BPF_JSLE: return "s<=";
	case BPF_JSET: return "&";
	}
	return "?";
}

static int szbits(int size)
{
	return size == BPF_DW ? 64 : size == BPF_W ? 32 : size == BPF_H ? 16 : 8;
}

static void print_block(FILE *o, const struct node *n, int ind);

/* as emit_exit() writes it (a callback returns the low bit) */
static void print_ret(FILE *o, int var, int mode, long long imm)
{
	static const char *fmt[] = { "return %s;\n", "return (u32)%s;\n", "",
				     "return %s & 3;\n", "return (u32)%s %% 5;\n",
				     "return %s > 4 ? XDP_PASS : %s;\n" };

	if (mode == 2)
		fprintf(o, "return %lld;\n", imm);
	else
		fprintf(o, fmt[mode], vn(var), vn(var));
}

static void print_node(FILE *o, const struct node *n, int ind)
{
	static const char *adj[] = { "const", "const", "const", "const", "const",
				     "-(x & m)", "-(x & m)", "-(x & m)", "(x & m) - m/2", "-x" };

	if (n->flat) {
		if (n->kid[0])
			print_block(o, n->kid[0], ind);
		return;
	}
	fprintf(o, "%*s", ind * 2, "");
	switch (n->kind) {
	case N_MOVI:
		fprintf(o, "%s%s = %lld;\n", n->b ? "(u32)" : "", vn(n->a), n->imm);
		break;
	case N_MOVR:
		fprintf(o, "%s = %s%s;\n", vn(n->a),
			(const char *[]){ "", "(u32)", "(s8)", "(s16)", "(s32)" }[n->c], vn(n->b));
		break;
	case N_ALUI:
		if (n->c == BPF_NEG)
			fprintf(o, "%s = -%s;%s\n", vn(n->a), vn(n->a), n->b ? " /* 32 */" : "");
		else
			fprintf(o, "%s %s %lld;%s\n", vn(n->a), opname(n->c), n->imm,
				n->b ? " /* 32 */" : "");
		break;
	case N_ALUR:
		fprintf(o, "%s %s %s;%s\n", vn(n->a), opname(n->c), vn(n->b), n->d ? " /* 32 */" : "");
		break;
	case N_IF:
		if (n->b >= 0)
			fprintf(o, "if (%s%s %s %s) {\n", n->d ? "(u32)" : "", vn(n->a),
				jmpname(n->c), vn(n->b));
		else
			fprintf(o, "if (%s%s %s %lld) {\n", n->d ? "(u32)" : "", vn(n->a),
				jmpname(n->c), n->imm);
		print_block(o, n->kid[0], ind + 1);
		if (n->kid[1]) {
			fprintf(o, "%*s} else {\n", ind * 2, "");
			print_block(o, n->kid[1], ind + 1);
		}
		fprintf(o, "%*s}\n", ind * 2, "");
		break;
	case N_SPILL:
		fprintf(o, "*(u%d *)(fp - %d) = %s;\n", szbits(n->b), -SLOT(n->c), vn(n->a));
		break;
	case N_STI:
		fprintf(o, "*(u%d *)(fp - %d) = %lld;\n", szbits(n->b), -SLOT(n->c), n->imm);
		break;
	case N_FILL:
		fprintf(o, "%s = *(%c%d *)(fp - %d);\n", vn(n->a), n->d ? 's' : 'u', szbits(n->b),
			-SLOT(n->c));
		break;
	case N_PKT:
		fprintf(o, "if (data + 16 <= data_end) %s = *(u%d *)(data + %d);\n", vn(n->a),
			szbits(n->b), n->c);
		break;
	case N_MAP:
	case N_ROMAP:
		if (n->b >= 0 && n->kind == N_MAP)
			fprintf(o, "if ((p = lookup(%s, %s & %d))) %s = *(u%d *)p;\n",
				"vals", vn(n->b), n->d, vn(n->a), szbits(n->c));
		else
			fprintf(o, "if ((p = lookup(%s, %lld))) %s = *(u%d *)p;\n",
				n->kind == N_MAP ? "vals" : "rodata, 0) + 8 *", n->imm, vn(n->a),
				szbits(n->c));
		break;
	case N_ADJ:
		fprintf(o, "%s%sadjust_%s(ctx, ", n->a >= 0 ? vn(n->a) : "",
			n->a >= 0 ? " = " : "", n->b ? "meta" : "head");
		if (n->c < 5)
			fprintf(o, "%lld);\n", n->imm);
		else
			fprintf(o, "%s with x = %s, m = %lld);\n", adj[n->c], vn(n->d), n->imm);
		break;
	case N_REDIR:
		fprintf(o, "%s = %sbpf_redirect(%s, ", vn(n->a), n->d ? "(u32)" : "",
			n->b >= 0 ? vn(n->b) : "1");
		if (n->c >= 0)
			fprintf(o, "%s & 7);\n", vn(n->c));
		else
			fprintf(o, "%lld);\n", n->imm);
		break;
	case N_REDIRMAP:
		fprintf(o, "%s = %sbpf_redirect_map(&devmap, %s%s, ", vn(n->a),
			n->d ? "(u32)" : "", n->b >= 0 ? vn(n->b) : "1", n->b >= 0 ? " & 3" : "");
		if (n->c >= 0)
			fprintf(o, "%s & 7);\n", vn(n->c));
		else
			fprintf(o, "%lld);\n", n->imm);
		break;
	case N_CALL:
		fprintf(o, "%s = %sf%d(ctx, %s, %s);\n", vn(n->a), n->d ? "(u32)" : "", n->e,
			vn(n->b), vn(n->c));
		break;
	case N_LOOPCB:
		fprintf(o, "%s%sbpf_loop(", n->a >= 0 ? vn(n->a) : "", n->a >= 0 ? " = " : "");
		if (n->b >= 0)
			fprintf(o, "%s & 7", vn(n->b));
		else
			fprintf(o, "%lld", n->imm);
		fprintf(o, ", f%d, fp - %d, 0);\n", n->e, -SLOT(n->c));
		break;
	case N_ITER:
	case N_MAYGOTO:
	case N_BLOOP:
		if (n->kind == N_ITER && n->b >= 0)
			fprintf(o, "bpf_for(%s, 0, %s & 7) {", n->a >= 0 ? vn(n->a) : "_", vn(n->b));
		else if (n->kind == N_ITER)
			fprintf(o, "bpf_for(%s, 0, %lld) {", n->a >= 0 ? vn(n->a) : "_", n->imm);
		else if (n->kind == N_MAYGOTO)
			fprintf(o, "for (i = 0; i < (%s & 7); i++) { cond_break;",
				vn(n->b >= 0 ? n->b : 0));
		else
			fprintf(o, "for (i = 0; i < %lld; i++) {", n->imm);
		if (n->a >= 0 && n->kind != N_ITER)
			fprintf(o, n->kind == N_MAYGOTO ? " %s++;" : " %s = i + 1;", vn(n->a));
		fprintf(o, "\n");
		print_block(o, n->kid[0], ind + 1);
		fprintf(o, "%*s}\n", ind * 2, "");
		break;
	case N_TAIL:
		if (n->b >= 0)
			fprintf(o, "bpf_tail_call(ctx, &progs, %s & 1);\n", vn(n->b));
		else
			fprintf(o, "bpf_tail_call(ctx, &progs, %lld);\n", n->imm);
		break;
	case N_EXIT:
		print_ret(o, n->a, n->b, n->imm);
		break;
	case N_CBWRITE:
		fprintf(o, "*(u%d *)data = %s;\n", szbits(n->b), vn(n->a));
		break;
	}
}

static void print_block(FILE *o, const struct node *n, int ind)
{
	for (; n; n = n->next)
		if (!n->dead)
			print_node(o, n, ind);
}

static void print_prog(FILE *o, const struct prog *p, const char *title)
{
	static const char *kinds[] = { "SEC(\"xdp\") int", "static int", "int", "static long" };
	int fn;

	fprintf(o, "/* %s */\n", title);
	for (fn = 0; fn < p->nfuncs; fn++) {
		const struct func *f = &p->f[fn];

		if (f->kind == F_CB)
			fprintf(o, "%s f%d(u32 a /* idx */, u64 *data) /* b = *data */\n{\n",
				kinds[f->kind], fn);
		else if (f->kind == F_MAIN)
			fprintf(o, "%s prog(struct xdp_md *ctx) /* a, b, c = data[0..2] */\n{\n",
				kinds[f->kind]);
		else
			fprintf(o, "%s f%d(struct xdp_md *ctx, int a, int b)\n{\n", kinds[f->kind], fn);
		print_block(o, f->body, 1);
		fprintf(o, "  ");
		print_ret(o, f->ret_var, f->ret_mode, 2);
		fprintf(o, "}\n");
	}
}

/* ---- loading and running ---- */

struct variant {
	bool declared, strict, freq;
	struct bpf_xdp_reqs decl;
};

struct result {
	bool loaded, timeout;
	int err;
	char msg[160];
	__u64 derived, effective, observed;
	__u32 derived_headroom, effective_headroom;
	long long max_push;
	int checked_actions, checked_headroom;
	__u32 insns;
	bool violation;
	char why[256];
};

#define NPKTS	16
#define NMAPCFG	4
static __u8 pkts[NPKTS][64];
static unsigned long long mapcfg[NMAPCFG][4];
static char log_buf[1 << 16];

static const __u8 byte_domain[] = { 0, 1, 2, 3, 4, 5, 7, 8, 0x10, 0x3f, 0x40, 0x7f,
				    0x80, 0xfe, 0xff };
static const unsigned long long val_domain[] = { 0, 1, 2, 3, 4, 5, 0xff, 0x100000003ULL,
						 ~0ULL, 0x80000000ULL, 0x7fffffff };

static void make_inputs(void)
{
	int i, j;

	for (i = 0; i < NPKTS; i++) {
		memset(pkts[i], 0, sizeof(pkts[i]));
		for (j = 0; j < 16; j++)
			pkts[i][j] = i < 6 ? byte_domain[i] :
				     byte_domain[rnd(ARRAY_SIZE(byte_domain))];
	}
	for (i = 0; i < NMAPCFG; i++)
		for (j = 0; j < 4; j++)
			mapcfg[i][j] = i == 0 ? 0 : i == 1 ? j + 1 :
				       val_domain[rnd(ARRAY_SIZE(val_domain))];
}

static int create_maps(struct maps *m, const struct prog *p)
{
	LIBBPF_OPTS(bpf_map_create_opts, ro_opts, .map_flags = BPF_F_RDONLY_PROG);
	__u32 k, lo = 1;
	int err;

	m->vals = bpf_map_create(BPF_MAP_TYPE_ARRAY, "vals", 4, 8, 4, NULL);
	m->ro = bpf_map_create(BPF_MAP_TYPE_ARRAY, "rodata", 4, sizeof(p->ro), 1, &ro_opts);
	m->track = bpf_map_create(BPF_MAP_TYPE_ARRAY, "track", 4, 16, 1, NULL);
	m->devmap = bpf_map_create(BPF_MAP_TYPE_DEVMAP, "devmap", 4, 4, 4, NULL);
	m->progs = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "progs", 4, 4, 2, NULL);
	if (m->vals < 0 || m->ro < 0 || m->track < 0 || m->devmap < 0 || m->progs < 0)
		return -1;
	k = 0;
	if (bpf_map_update_elem(m->ro, &k, p->ro, 0))
		return -1;
	err = bpf_map_freeze(m->ro);
	k = 1;
	return err ?: bpf_map_update_elem(m->devmap, &k, &lo, 0);
}

static void close_maps(struct maps *m)
{
	close(m->vals);
	close(m->ro);
	close(m->track);
	close(m->devmap);
	close(m->progs);
}

static int load(const struct prog *p, const struct maps *m, const struct variant *v,
		struct result *r, bool want_log)
{
	struct bpf_func_info fi[MAX_FUNCS];
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	int n, nfi, btf_fd, fd;
	char *last;

	n = emit_prog(p, m);
	if (n < 0) {
		snprintf(r->msg, sizeof(r->msg), "program too long");
		return -1;
	}
	btf_fd = prog_btf(p, fi, &nfi);
	if (btf_fd < 0) {
		snprintf(r->msg, sizeof(r->msg), "BTF load failed");
		return -1;
	}
	opts.prog_btf_fd = btf_fd;
	opts.func_info = fi;
	opts.func_info_cnt = nfi;
	opts.func_info_rec_size = sizeof(fi[0]);
	opts.prog_flags = (v->freq ? BPF_F_TEST_STATE_FREQ : 0) |
			  (v->strict ? BPF_F_XDP_REQS_STRICT : 0);
	if (v->declared)
		opts.xdp_reqs = &v->decl;
	/* a signal ends a long verification with EAGAIN; no retries */
	opts.attempts = 1;
	alarm_fired = false;
	setitimer(ITIMER_REAL, &(struct itimerval){ .it_value = { .tv_sec = load_timeout } },
		  NULL);
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "fuzz", "GPL", insns, n, &opts);
	r->err = fd < 0 ? errno : 0;
	setitimer(ITIMER_REAL, &(struct itimerval){}, NULL);
	if (fd < 0 && r->err == EAGAIN && alarm_fired) {
		r->timeout = true;
		snprintf(r->msg, sizeof(r->msg), "verification took over %d s", load_timeout);
		close(btf_fd);
		return -1;
	}
	if (fd < 0 && want_log) {
		/* again with a log, whose tail (kept by the rotating log) says why */
		opts.log_buf = log_buf;
		opts.log_size = sizeof(log_buf);
		opts.log_level = 1;
		log_buf[0] = 0;
		bpf_prog_load(BPF_PROG_TYPE_XDP, "fuzz", "GPL", insns, n, &opts);
	}
	close(btf_fd);
	if (fd < 0 && want_log && verbose)
		printf("verifier log tail:\n%s\n", log_buf + (strlen(log_buf) > 3000 ? strlen(log_buf) - 3000 : 0));
	if (fd < 0 && want_log) {
		/* the verifier's reason is the last line but the stats */
		size_t len = strlen(log_buf);

		while (len && log_buf[len - 1] == '\n')
			log_buf[--len] = 0;
		last = strrchr(log_buf, '\n');
		while (last && last > log_buf &&
		       (!strncmp(last + 1, "processed ", 10) || !strncmp(last + 1, "verification time", 17))) {
			*last = 0;
			last = strrchr(log_buf, '\n');
		}
		snprintf(r->msg, sizeof(r->msg), "%s", last ? last + 1 : log_buf);
	}
	return fd;
}

static __u64 retval_bit(__u32 ret)
{
	return ret <= XDP_REDIRECT ? 1ULL << ret : BPF_XDP_ACT_UNKNOWN;
}

static const char *acts(__u64 a, char *buf, size_t len)
{
	struct bpf_xdp_reqs r = { .actions = a };

	if (libbpf_xdp_reqs_str(&r, buf, len) < 0)
		snprintf(buf, len, "%#llx", (unsigned long long)a);
	return buf;
}

/* One program, one variant: load its callees and itself, insert the
 * callees, run every input. Fills r; returns 0 when it ran.
 */
static int run_variant(const struct prog *p, const struct prog *callees, int ncallees,
		       const struct variant *v, struct result *r)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	struct maps m;
	int fd, cfd[2] = { -1, -1 }, i, j, k;
	char b1[96], b2[96];

	memset(r, 0, sizeof(*r));
	if (create_maps(&m, p)) {
		snprintf(r->msg, sizeof(r->msg), "map create: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < ncallees; i++) {
		struct variant cv = { .freq = v->freq };
		struct result cr;

		if ((i + (int)v->declared) % 2 == 1) {
			/* one callee declares what it returns, the other not */
			cv.declared = true;
			cv.decl.actions = ACT_ALL;
			cv.decl.headroom = 216;
		}
		memset(&cr, 0, sizeof(cr));
		cfd[i] = load(&callees[i], &m, &cv, &cr, false);
	}
	fd = load(p, &m, v, r, true);
	if (fd < 0) {
		for (i = 0; i < ncallees; i++)
			if (cfd[i] >= 0)
				close(cfd[i]);
		close_maps(&m);
		return -1;
	}
	r->loaded = true;
	if (legacy_only)
		goto out;	/* only the verdict is compared */
	for (i = 0; i < ncallees; i++) {
		__u32 key = i;

		/* may be refused by the budget (EINVAL): the slot stays empty */
		if (cfd[i] >= 0)
			bpf_map_update_elem(m.progs, &key, &cfd[i], 0);
	}
	memset(&info, 0, sizeof(info));
	if (bpf_prog_get_info_by_fd(fd, &info, &len)) {
		snprintf(r->why, sizeof(r->why), "prog info: %s", strerror(errno));
		r->violation = true;
		goto out;
	}
	r->derived = info.xdp_reqs_derived.actions;
	r->effective = info.xdp_reqs.actions;
	r->derived_headroom = info.xdp_reqs_derived.headroom;
	r->effective_headroom = info.xdp_reqs.headroom;
	r->insns = info.verified_insns;
	r->max_push = 0;
	if (v->declared && !(r->effective & BPF_XDP_ACT_UNKNOWN) &&
	    (r->effective & ~(v->decl.actions | 1ULL << XDP_ABORTED))) {
		r->violation = true;
		snprintf(r->why, sizeof(r->why), "effective %s beyond declared %s",
			 acts(r->effective, b1, sizeof(b1)), acts(v->decl.actions, b2, sizeof(b2)));
		goto out;
	}
	for (j = 0; j < NMAPCFG; j++) {
		for (k = 0; k < 4; k++) {
			__u32 key = k;

			bpf_map_update_elem(m.vals, &key, &mapcfg[j][k], 0);
		}
		for (i = 0; i < NPKTS; i++) {
			LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkts[i],
				    .data_size_in = sizeof(pkts[i]), .repeat = 1);
			long long track[2] = { 0, 0 };
			__u32 key = 0;
			__u64 bit;

			bpf_map_update_elem(m.track, &key, track, 0);
			if (bpf_prog_test_run_opts(fd, &opts)) {
				r->violation = true;
				snprintf(r->why, sizeof(r->why), "test_run: %s", strerror(errno));
				goto out;
			}
			bit = retval_bit(opts.retval);
			r->observed |= bit;
			bpf_map_lookup_elem(m.track, &key, track);
			if (track[1] > r->max_push)
				r->max_push = track[1];
			r->checked_actions += !(r->effective & BPF_XDP_ACT_UNKNOWN);
			r->checked_headroom += r->effective_headroom != BPF_XDP_HEADROOM_UNKNOWN;
			if (!(r->effective & BPF_XDP_ACT_UNKNOWN) && !(r->effective & bit)) {
				r->violation = true;
				snprintf(r->why, sizeof(r->why),
					 "packet %d, map contents %d: returned %u, effective actions %s",
					 i, j, opts.retval, acts(r->effective, b1, sizeof(b1)));
				goto out;
			}
			if (r->effective_headroom != BPF_XDP_HEADROOM_UNKNOWN &&
			    track[1] > r->effective_headroom) {
				r->violation = true;
				snprintf(r->why, sizeof(r->why),
					 "packet %d, map contents %d: pushed %lld bytes, effective headroom %u",
					 i, j, track[1], r->effective_headroom);
				goto out;
			}
		}
	}
out:
	close(fd);
	for (i = 0; i < ncallees; i++)
		if (cfd[i] >= 0)
			close(cfd[i]);
	close_maps(&m);
	return 0;
}

/* ---- one program ---- */

struct stats {
	int programs, variants, loaded, refused, legacy_failed, violations;
	int timeouts, too_complex;
	int unknown_actions, unknown_headroom;
	double tightness;
	int tight_n;
	unsigned long long insns[2];	/* legacy, legacy with STATE_FREQ */
	unsigned long long runs;
	/* runs whose action / push had a known bound to be checked against */
	unsigned long long checked_actions, checked_headroom;
};

static struct stats st;

static struct prog prog_main, prog_callees[2];

static void make_variants(struct variant *v, int *nv, unsigned long long seed)
{
	static const __u32 headrooms[] = { 0, 8, 16, 64, 216 };
	__u64 decl;

	memset(v, 0, sizeof(*v) * 4);
	v[1].freq = true;
	seed_rng(seed ^ 0x5bd1e995);
	decl = 0;
	while (!decl)
		decl = rnd(32);
	v[2].declared = v[3].declared = true;
	v[2].decl.actions = v[3].decl.actions = decl;
	v[2].decl.headroom = v[3].decl.headroom = headrooms[rnd(ARRAY_SIZE(headrooms))];
	v[2].strict = v[3].strict = chance(30);
	v[3].freq = true;
	*nv = legacy_only ? 1 : 4;
}

static const char *vname(const struct variant *v, char *buf, size_t len)
{
	char a[96];

	if (!v->declared)
		snprintf(buf, len, "legacy%s", v->freq ? ", BPF_F_TEST_STATE_FREQ" : "");
	else
		snprintf(buf, len, "declared \"%s headroom %u%s\"%s",
			 acts(v->decl.actions, a, sizeof(a)), v->decl.headroom,
			 v->strict ? " strict" : "", v->freq ? ", BPF_F_TEST_STATE_FREQ" : "");
	return buf;
}

static bool still_fails(const struct variant *v)
{
	struct result r;

	return !run_variant(&prog_main, prog_callees, prog_main.tail ? 2 : 0, v, &r) &&
	       r.violation;
}

static void minimise_block(struct node *n, const struct variant *v, bool *changed)
{
	for (; n; n = n->next) {
		if (n->dead)
			continue;
		n->dead = true;
		if (still_fails(v)) {
			*changed = true;
			continue;
		}
		n->dead = false;
		if (n->kid[0] && !n->flat && n->kind != N_IF) {
			n->flat = true;
			if (still_fails(v))
				*changed = true;
			else
				n->flat = false;
		} else if (n->kind == N_IF && !n->flat) {
			struct node *saved = n->kid[1];

			n->kid[1] = NULL;
			if (saved && still_fails(v)) {
				*changed = true;
			} else {
				n->kid[1] = saved;
				n->flat = true;
				if (still_fails(v))
					*changed = true;
				else
					n->flat = false;
			}
		}
		if (!n->flat) {
			minimise_block(n->kid[0], v, changed);
			minimise_block(n->kid[1], v, changed);
		} else {
			minimise_block(n->kid[0], v, changed);
		}
	}
}

static void minimise(const struct variant *v)
{
	bool changed = true;
	int rounds = 0, fn;

	while (changed && rounds++ < 6) {
		changed = false;
		for (fn = 0; fn < prog_main.nfuncs; fn++)
			minimise_block(prog_main.f[fn].body, v, &changed);
	}
}

/* The oracle needs the kernel's answers to hold programs to: a program
 * that pushes 14 bytes and returns XDP_TX must derive exactly that and be
 * observed doing it, or every later "no violation" says nothing.
 */
static int canary(void)
{
	struct variant v = {};
	struct node *push, *ret;
	struct result r;
	char a[96], o[96];

	nr_nodes = 0;
	memset(&prog_main, 0, sizeof(prog_main));
	prog_main.nfuncs = 1;
	push = new_node(N_ADJ);
	ret = new_node(N_EXIT);
	push->a = -1;
	push->imm = -14;
	ret->b = 2;
	ret->imm = XDP_TX;
	push->next = ret;
	prog_main.f[0].body = push;
	if (run_variant(&prog_main, NULL, 0, &v, &r) || r.violation ||
	    r.derived != 1ULL << XDP_TX || r.derived_headroom != 14 ||
	    r.observed != 1ULL << XDP_TX || r.max_push != 14) {
		printf("FAIL canary (push 14, return XDP_TX): %s; derived %s headroom %d, observed %s push %lld%s%s\n",
		       r.loaded ? "loaded" : "refused", acts(r.derived, a, sizeof(a)),
		       (int)r.derived_headroom, acts(r.observed, o, sizeof(o)), r.max_push,
		       r.why[0] ? ": " : "", r.why);
		return -1;
	}
	return 0;
}

static void fuzz_one(unsigned long long seed, int idx)
{
	unsigned long long pseed = seed * 1000003ULL + idx;
	struct variant v[4];
	struct result r;
	char vb[160], a1[96], a2[96], a3[96];
	int nv, i;

	seed_rng(pseed);
	nr_nodes = 0;
	gen_prog(&prog_main, false);
	if (prog_main.tail) {
		gen_prog(&prog_callees[0], true);
		gen_prog(&prog_callees[1], true);
	}
	make_variants(v, &nv, pseed);
	st.programs++;
	for (i = 0; i < nv; i++) {
		st.variants++;
		run_variant(&prog_main, prog_callees, prog_main.tail ? 2 : 0, &v[i], &r);
		if (legacy_only) {
			printf("program %d: %s%s%s\n", idx, r.loaded ? "loads" : "refused",
			       r.loaded ? "" : ": ", r.loaded ? "" : r.msg);
			continue;
		}
		if (!r.loaded && (r.timeout || strstr(r.msg, "too large") ||
				  strstr(r.msg, "too complex"))) {
			/* the verifier's complexity limits, as on a kernel without the series */
			if (r.timeout)
				st.timeouts++;
			else
				st.too_complex++;
			if (verbose)
				printf("program %d (%s): %s\n", idx, vname(&v[i], vb, sizeof(vb)), r.msg);
			continue;
		}
		if (!r.loaded) {
			if (!v[i].declared) {
				st.legacy_failed++;
				printf("seed %llu program %d (%s): legacy load failed: %s (errno %d)\n",
				       seed, idx, vname(&v[i], vb, sizeof(vb)), r.msg, r.err);
				if (verbose)
					print_prog(stdout, &prog_main, "refused program");
			} else {
				st.refused++;
			}
			continue;
		}
		st.loaded++;
		st.runs += NPKTS * NMAPCFG;
		st.checked_actions += r.checked_actions;
		st.checked_headroom += r.checked_headroom;
		if (!v[i].declared) {
			st.insns[v[i].freq] += r.insns;
			if (r.derived & BPF_XDP_ACT_UNKNOWN) {
				st.unknown_actions++;
			} else if (r.derived) {
				st.tightness += (double)__builtin_popcountll(r.observed & r.derived) /
						__builtin_popcountll(r.derived);
				st.tight_n++;
			}
			if (r.derived_headroom == BPF_XDP_HEADROOM_UNKNOWN)
				st.unknown_headroom++;
		}
		if (verbose)
			printf("program %d (%s): derived %s headroom %d, effective %s headroom %d, observed %s push %lld, %u insns\n",
			       idx, vname(&v[i], vb, sizeof(vb)), acts(r.derived, a1, sizeof(a1)),
			       (int)r.derived_headroom, acts(r.effective, a2, sizeof(a2)),
			       (int)r.effective_headroom, acts(r.observed, a3, sizeof(a3)),
			       r.max_push, r.insns);
		if (r.violation) {
			st.violations++;
			printf("FAIL seed %llu program %d (%s): %s\n", seed, idx,
			       vname(&v[i], vb, sizeof(vb)), r.why);
			printf("  derived %s headroom %d, effective %s headroom %d\n",
			       acts(r.derived, a1, sizeof(a1)), (int)r.derived_headroom,
			       acts(r.effective, a2, sizeof(a2)), (int)r.effective_headroom);
			print_prog(stdout, &prog_main, "as generated");
			minimise(&v[i]);
			print_prog(stdout, &prog_main, "minimised, still fails");
			if (prog_main.tail) {
				print_prog(stdout, &prog_callees[0], "tail-call callee 0");
				print_prog(stdout, &prog_callees[1], "tail-call callee 1");
			}
			printf("  reproduce: xdp_reqs_fuzz -s %llu -i %d -n 1 -v\n", seed, idx);
			break;
		}
	}
}

static int find_kfuncs(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();

	if (!vmlinux)
		return -1;
	kfunc_new = btf__find_by_name_kind(vmlinux, "bpf_iter_num_new", BTF_KIND_FUNC);
	kfunc_next = btf__find_by_name_kind(vmlinux, "bpf_iter_num_next", BTF_KIND_FUNC);
	kfunc_destroy = btf__find_by_name_kind(vmlinux, "bpf_iter_num_destroy", BTF_KIND_FUNC);
	btf__free(vmlinux);
	return kfunc_new > 0 && kfunc_next > 0 && kfunc_destroy > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long long seed = 1;
	int n = 100, first = 0, jobs = 1, i, k, opt, rc = 0;
	int pipes[8];
	pid_t pid;

	struct sigaction sa = { .sa_handler = on_alarm };

	sigaction(SIGALRM, &sa, NULL);
	while ((opt = getopt(argc, argv, "n:s:i:j:t:vL")) != -1) {
		switch (opt) {
		case 'n':
			n = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'i':
			first = atoi(optarg);
			break;
		case 'j':
			jobs = atoi(optarg);
			if (jobs < 1 || jobs > (int)ARRAY_SIZE(pipes))
				jobs = 1;
			break;
		case 't':
			load_timeout = atoi(optarg);
			break;
		case 'v':
			verbose = true;
			break;
		case 'L':
			legacy_only = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-n programs] [-s seed] [-i first] [-j jobs] [-t s] [-v] [-L]\n",
				argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(NULL);
	if (find_kfuncs()) {
		fprintf(stderr, "xdp_reqs_fuzz: no bpf_iter_num kfuncs in vmlinux BTF\n");
		return 2;
	}
	seed_rng(seed);
	make_inputs();
	if (!legacy_only) {
		printf("xdp_reqs_fuzz: seed %llu, programs %d-%d, %d worker(s)\n", seed, first,
		       first + n - 1, jobs);
		if (canary())
			return 1;
	}
	/* -j: workers take every jobs-th program and send back their counts */
	for (k = 0; k < jobs; k++) {
		int fds[2];

		if (jobs == 1) {
			for (i = first; i < first + n; i++)
				fuzz_one(seed, i);
			break;
		}
		if (pipe(fds)) {
			perror("xdp_reqs_fuzz: pipe");
			return 2;
		}
		pid = fork();
		if (pid < 0) {
			perror("xdp_reqs_fuzz: fork");
			return 2;
		}
		if (!pid) {
			close(fds[0]);
			for (i = first + k; i < first + n; i += jobs)
				fuzz_one(seed, i);
			if (write(fds[1], &st, sizeof(st)) != sizeof(st))
				_exit(2);
			_exit(0);
		}
		close(fds[1]);
		pipes[k] = fds[0];
	}
	for (k = 0; jobs > 1 && k < jobs; k++) {
		struct stats w;
		int status;

		if (read(pipes[k], &w, sizeof(w)) != sizeof(w)) {
			fprintf(stderr, "xdp_reqs_fuzz: worker %d died\n", k);
			rc = 1;
			continue;
		}
		close(pipes[k]);
		st.programs += w.programs;
		st.variants += w.variants;
		st.loaded += w.loaded;
		st.refused += w.refused;
		st.legacy_failed += w.legacy_failed;
		st.violations += w.violations;
		st.timeouts += w.timeouts;
		st.too_complex += w.too_complex;
		st.unknown_actions += w.unknown_actions;
		st.unknown_headroom += w.unknown_headroom;
		st.tightness += w.tightness;
		st.tight_n += w.tight_n;
		st.insns[0] += w.insns[0];
		st.insns[1] += w.insns[1];
		st.runs += w.runs;
		st.checked_actions += w.checked_actions;
		st.checked_headroom += w.checked_headroom;
		wait(&status);
	}
	if (legacy_only)
		return 0;
	printf("fuzz: seed %llu, %d programs, %d variants, %d loaded, %llu runs\n",
	       seed, st.programs, st.variants, st.loaded, st.runs);
	printf("fuzz: refused: %d declared (misfit or headroom), %d over the complexity limits, %d over %d s, %d legacy for another reason\n",
	       st.refused, st.too_complex, st.timeouts, load_timeout, st.legacy_failed);
	printf("fuzz: legacy derived unknown actions %d, unknown headroom %d; tightness %.1f%% (observed share of derived actions, %d programs)\n",
	       st.unknown_actions, st.unknown_headroom,
	       st.tight_n ? 100.0 * st.tightness / st.tight_n : 0.0, st.tight_n);
	printf("fuzz: verified insns legacy %llu, with BPF_F_TEST_STATE_FREQ %llu\n",
	       st.insns[0], st.insns[1]);
	printf("fuzz: runs checked against known actions %llu, against a known headroom %llu\n",
	       st.checked_actions, st.checked_headroom);
	printf("fuzz: %d violations\n", st.violations);
	if (st.loaded && (!st.checked_actions || !st.checked_headroom)) {
		printf("FAIL no run had a known bound to check\n");
		rc = 1;
	}
	return rc || st.violations || st.legacy_failed ? 1 : 0;
}
