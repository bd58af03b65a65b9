#!/usr/bin/env bash
# What the XDP requirement derivation costs the verifier: load the same
# XDP programs (ours and real-world ones from the tree's BPF selftests)
# on the stock and on the patched kernel, and print processed insns,
# total and peak states and the median verification time side by side.
# Writes build/bench/results.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
runs=${RUNS:-11}
mkdir -p "$out"
# Debian's xdp-tools objects (xdp-filter, libxdp's dispatcher, AF_XDP's
# default program) are real programs users load: measure them too.
objs=$(ls "$top"/build/selftests/bench/*.bpf.o "$top"/build/selftests/xdp_reqs_derive.bpf.o \
	"$top"/build/selftests/xdp_reqs_attach.bpf.o \
	/usr/lib/x86_64-linux-gnu/bpf/xdpfilt_*.o \
	/usr/lib/x86_64-linux-gnu/bpf/xdp-dispatcher.o \
	/usr/lib/x86_64-linux-gnu/bpf/xsk_def_xdp_prog*.o 2>/dev/null | tr '\n' ' ')
for k in stock patched; do
	stock=0
	[ $k = stock ] && stock=1
	STOCK=$stock VM_OUT="$out/vm-$k" VM_TIMEOUT=3000 "$top/scripts/vm-run.sh" \
		"$top/build/selftests/xdp_reqs_bench -n $runs $objs > /tmp/out/bench.txt;" \
		"$top/build/selftests/xdp_reqs_datapath > /tmp/out/datapath.txt;" \
		"$top/build/selftests/veristat -q -o csv -e file,prog,verdict,insns,states,peak_states" \
		"$objs > /tmp/out/veristat.csv" >/dev/null
	cp "$out/vm-$k/bench.txt" "$out/$k.txt"
	cp "$out/vm-$k/veristat.csv" "$out/veristat-$k.csv"
	cp "$out/vm-$k/datapath.txt" "$out/datapath-$k.txt"
done
# the patched libbpf and bpftool on the stock kernel
VM_OUT="$out/vm-portability" STOCK=1 "$top/scripts/vm-run.sh" \
	"$top/scripts/portability.sh $top > /tmp/out/portability.txt 2>&1" >/dev/null || true
cp "$out/vm-portability/portability.txt" "$out/portability.txt"
# upstream's comparison, by file and program
"$top/build/selftests/veristat" -C -e file,prog,verdict,insns,states,peak_states \
	"$out/veristat-stock.csv" "$out/veristat-patched.csv" >"$out/veristat.txt" || true
{
	echo "| program | insns stock | insns patched | states stock | states patched | peak stock | peak patched | usec stock | usec patched |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	join <(sort "$out/stock.txt") <(sort "$out/patched.txt") |
		awk '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $6, $3, $7, $4, $8, $5, $9 }'
} >"$out/results.md"
# datapath: ns per BPF_PROG_TEST_RUN repeat, stock and patched
{
	echo "| program | stock ns | patched ns | patched/stock | guarded ns (patched) | guard ns |"
	echo "|---|---:|---:|---:|---:|---:|"
	join <(awk '$2 == "legacy" { print $1, $3 }' "$out/datapath-stock.txt" | sort) \
		<(awk '{ print $1, $2, $3 }' "$out/datapath-patched.txt" |
		  awk '{ v[$1] = v[$1] " " $3 } END { for (k in v) print k v[k] }' | sort) |
		awk '{ r = ($2 > 0 && $3 > 0) ? sprintf("%.3f", $3 / $2) : "-";
		       g = ($4 != "-" && $3 > 0) ? $4 - $3 : "-";
		       printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, r, $4, g }'
} >"$out/datapath.md"
cat "$out/results.md"
echo
cat "$out/datapath.md"
echo
cat "$out/veristat.txt"
echo
grep '^portability:' "$out/portability.txt"
awk '$2 != "-" { n++ } END { print n " programs measured" }' "$out/patched.txt"
# portability is a check, not a measurement: a failure fails make bench
! grep -q '^portability: .*: FAIL' "$out/portability.txt"
