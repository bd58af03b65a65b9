// SPDX-License-Identifier: GPL-2.0
/* Part 4 of xdp_reqs_hunt.bpf.c */
#define HUNT_PART 4
#include "xdp_reqs_hunt.bpf.c"
