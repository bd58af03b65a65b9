/* SPDX-License-Identifier: GPL-2.0 */
/* Pieces of inline assembly shared by the xdp_reqs test programs that
 * force the order in which the verifier walks their paths.
 */
#ifndef __XDP_REQS_ASM_H
#define __XDP_REQS_ASM_H

#define __used		__attribute__((used))

/* r9 = ctx, r7 = packet byte 0; an empty packet passes */
#define LOAD_BYTE0							\
	"r9 = r1;"							\
	"r2 = *(u32 *)(r1 + %[xdp_data]);"				\
	"r3 = *(u32 *)(r1 + %[xdp_data_end]);"				\
	"r1 = r2;"							\
	"r1 += 1;"							\
	"if r1 > r3 goto l_short_%=;"					\
	"r7 = *(u8 *)(r2 + 0);"

/* the same from r9 (ctx saved already) */
#define LOAD_BYTE0_R9							\
	"r2 = *(u32 *)(r9 + %[xdp_data]);"				\
	"r3 = *(u32 *)(r9 + %[xdp_data_end]);"				\
	"r1 = r2;"							\
	"r1 += 1;"							\
	"if r1 > r3 goto l_short_%=;"					\
	"r7 = *(u8 *)(r2 + 0);"

#define SHORT_PASS							\
"l_short_%=:"								\
	"r0 = %[pass];"							\
	"exit;"

#endif
