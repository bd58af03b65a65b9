// SPDX-License-Identifier: GPL-2.0
/* Part 2 of xdp_reqs_hunt.bpf.c */
#define HUNT_PART 2
#include "xdp_reqs_hunt.bpf.c"
