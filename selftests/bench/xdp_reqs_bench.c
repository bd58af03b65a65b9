// SPDX-License-Identifier: GPL-2.0
/* What the verifier spends on an XDP program: for every XDP program in
 * the objects named on the command line, load it alone, -n times, at
 * BPF_LOG_STATS and print "object/program insns states peak usec" (the
 * median of the verification times). Runs on the stock and the patched
 * kernel alike, so that scripts/bench.sh can put both side by side.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

static char log_buf[1 << 20];

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Load @name of @path alone; fill in the stats line's numbers. */
static int load_once(const char *path, const char *name, int *insns,
		     int *states, int *peak, int *usec)
{
	struct bpf_program *prog, *p;
	struct bpf_object *obj;
	const char *s;
	int err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return -errno;
	prog = NULL;
	bpf_object__for_each_program(p, obj) {
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), name));
		if (!strcmp(bpf_program__name(p), name))
			prog = p;
	}
	log_buf[0] = 0;
	bpf_program__set_log_buf(prog, log_buf, sizeof(log_buf));
	bpf_program__set_log_level(prog, 4);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	if (err)
		return err;
	s = strstr(log_buf, "verification time");
	if (!s || sscanf(s, "verification time %d usec", usec) != 1)
		return -ENOENT;
	s = strstr(log_buf, "processed ");
	if (!s || sscanf(s, "processed %d insns (limit %*d) max_states_per_insn %*d total_states %d peak_states %d",
			 insns, states, peak) != 3)
		return -ENOENT;
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 11, opt, i, r;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n') {
			fprintf(stderr, "usage: %s [-n RUNS] OBJ...\n", argv[0]);
			return 2;
		}
		runs = atoi(optarg);
	}
	libbpf_set_print(quiet);
	for (i = optind; i < argc; i++) {
		struct bpf_program *p;
		struct bpf_object *obj;
		char base[256];

		obj = bpf_object__open_file(argv[i], NULL);
		if (!obj)
			continue;
		snprintf(base, sizeof(base), "%s", basename(argv[i]));
		bpf_object__for_each_program(p, obj) {
			int insns = 0, states = 0, peak = 0, usec[64], err = 0;

			if (bpf_program__type(p) != BPF_PROG_TYPE_XDP)
				continue;
			for (r = 0; r < runs && r < 64 && !err; r++)
				err = load_once(argv[i], bpf_program__name(p), &insns,
						&states, &peak, &usec[r]);
			if (err) {
				printf("%s/%s - - - - (%d)\n", base, bpf_program__name(p), err);
				continue;
			}
			qsort(usec, r, sizeof(int), cmp_int);
			printf("%s/%s %d %d %d %d\n", base, bpf_program__name(p),
			       insns, states, peak, usec[r / 2]);
		}
		bpf_object__close(obj);
	}
	return 0;
}
