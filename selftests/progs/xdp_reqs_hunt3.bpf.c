// SPDX-License-Identifier: GPL-2.0
/* Part 3 of xdp_reqs_hunt.bpf.c */
#define HUNT_PART 3
#include "xdp_reqs_hunt.bpf.c"
