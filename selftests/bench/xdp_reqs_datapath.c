// SPDX-License-Identifier: GPL-2.0
/* What the series costs a packet: BPF_PROG_TEST_RUN with repeat over
 * programs that return XDP_DROP, XDP_TX, XDP_PASS and bpf_redirect(),
 * loaded without a declaration (the path every program takes on both
 * kernels), and, where the kernel takes XDP requirements, the same
 * programs declared with a set that forces a guard at their exit. Prints
 * "name variant ns-per-run" (median of -n samples of -r repeats each), so
 * that scripts/bench.sh can put stock and patched side by side.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV_IMM(d, i)	INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define EXIT		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* r0 = action, or the first packet byte & 3 (aborted..tx) for the
 * programs whose exit the verifier cannot bound to one action
 */
static const struct bpf_insn prog_const[] = { MOV_IMM(0, 0), EXIT };
static const struct bpf_insn prog_byte[] = {
	INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 1, offsetof(struct xdp_md, data), 0),
	INSN(BPF_LDX | BPF_MEM | BPF_W, 3, 1, offsetof(struct xdp_md, data_end), 0),
	INSN(BPF_ALU64 | BPF_MOV | BPF_X, 4, 2, 0, 0),
	INSN(BPF_ALU64 | BPF_ADD | BPF_K, 4, 0, 0, 1),
	MOV_IMM(0, XDP_PASS),
	INSN(BPF_JMP | BPF_JGT | BPF_X, 4, 3, 2, 0),
	INSN(BPF_LDX | BPF_MEM | BPF_B, 0, 2, 0, 0),
	INSN(BPF_ALU64 | BPF_AND | BPF_K, 0, 0, 0, 3),
	EXIT,
};
static const struct bpf_insn prog_redirect[] = {
	MOV_IMM(1, 1), MOV_IMM(2, 0),
	INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_redirect),
	EXIT,
};

struct bench {
	const char *name;
	const struct bpf_insn *insns;
	int len, action;	/* action for prog_const */
	__u64 guard_decl;	/* a declaration that leaves the exit guarded */
};

#define A(x)	(1ULL << (x))
static const struct bench benches[] = {
	{ "drop", prog_const, 2, XDP_DROP, A(XDP_PASS) },
	{ "tx", prog_const, 2, XDP_TX, A(XDP_PASS) },
	{ "pass", prog_const, 2, XDP_PASS, A(XDP_DROP) },
	{ "redirect", prog_redirect, ARRAY_SIZE(prog_redirect), 0, A(XDP_PASS) },
	/* the guard's own cost: an exit it lets through (drop, pass) */
	{ "byte_and_3", prog_byte, ARRAY_SIZE(prog_byte), 0, A(XDP_DROP) | A(XDP_PASS) },
};

static int cmp_u32(const void *a, const void *b)
{
	return *(const __u32 *)a < *(const __u32 *)b ? -1 : *(const __u32 *)a > *(const __u32 *)b;
}

static int load(const struct bench *b, bool guarded)
{
	struct bpf_insn insns[16];
	struct bpf_xdp_reqs decl = { .actions = b->guard_decl };
	LIBBPF_OPTS(bpf_prog_load_opts, opts);

	memcpy(insns, b->insns, b->len * sizeof(insns[0]));
	if (b->insns == prog_const)
		insns[0].imm = b->action;
	if (guarded)
		opts.xdp_reqs = &decl;
	return bpf_prog_load(BPF_PROG_TYPE_XDP, b->name, "GPL", insns, b->len, &opts);
}

static bool guarded(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return !bpf_prog_get_info_by_fd(fd, &info, &len) && info.xdp_reqs_guarded;
}

int main(int argc, char **argv)
{
	int samples = 9, repeat = 200000, opt, v, s;
	__u8 pkt[64] = { XDP_DROP };
	size_t i;

	while ((opt = getopt(argc, argv, "n:r:")) != -1) {
		if (opt == 'n')
			samples = atoi(optarg);
		else if (opt == 'r')
			repeat = atoi(optarg);
		else
			return fprintf(stderr, "usage: %s [-n samples] [-r repeat]\n", argv[0]), 2;
	}
	if (samples < 1 || samples > 64)
		samples = 9;
	printf("xdp_reqs_datapath: ns per run, median of %d samples of %d repeats\n", samples,
	       repeat);
	for (i = 0; i < ARRAY_SIZE(benches); i++) {
		for (v = 0; v < 2; v++) {
			__u32 ns[64];
			int fd = load(&benches[i], v);

			if (fd < 0) {
				/* a kernel without the series refuses the declaration */
				printf("%s %s - (%s)\n", benches[i].name, v ? "guarded" : "legacy",
				       strerror(errno));
				continue;
			}
			if (v && !guarded(fd)) {
				printf("%s guarded - (no guard inserted)\n", benches[i].name);
				close(fd);
				continue;
			}
			for (s = 0; s < samples; s++) {
				LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = pkt,
					    .data_size_in = sizeof(pkt), .repeat = repeat);

				if (bpf_prog_test_run_opts(fd, &t)) {
					printf("%s %s - (test_run: %s)\n", benches[i].name,
					       v ? "guarded" : "legacy", strerror(errno));
					break;
				}
				ns[s] = t.duration;
			}
			if (s == samples) {
				qsort(ns, samples, sizeof(ns[0]), cmp_u32);
				printf("%s %s %u\n", benches[i].name, v ? "guarded" : "legacy",
				       ns[samples / 2]);
			}
			close(fd);
		}
	}
	return 0;
}
