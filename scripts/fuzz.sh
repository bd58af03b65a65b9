#!/usr/bin/env bash
# The differential soundness fuzzer (selftests/fuzz/xdp_reqs_fuzz.c) in the
# patched guest: N programs from SEED, two workers (one per vCPU). With a
# stock kernel built (make kernel STOCK=1) it then loads the same programs
# legacy on both kernels and lists every one that loads on stock and is
# refused on patched. Results in build/fuzz/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
n=${N:-1000}
seed=${SEED:-1}
out=$top/build/fuzz
fuzz=$top/build/selftests/xdp_reqs_fuzz
mkdir -p "$out"
rc=0
start=$(date +%s)
VM_OUT="$out/vm-patched" VM_TIMEOUT=${VM_TIMEOUT:-7200} "$top/scripts/vm-run.sh" \
	"$fuzz -j 2 -n $n -s $seed" | tee "$out/patched.txt" || rc=$?
echo "fuzz: $n programs in $(( $(date +%s) - start )) s (including boot)" | tee -a "$out/patched.txt"
if [ -f "$top/build/kobj-stock/arch/x86/boot/bzImage" ]; then
	for k in stock patched; do
		stock=0
		[ $k = stock ] && stock=1
		STOCK=$stock VM_OUT="$out/vm-legacy-$k" VM_TIMEOUT=${VM_TIMEOUT:-7200} \
			"$top/scripts/vm-run.sh" "$fuzz -L -n $n -s $seed > /tmp/out/verdicts.txt" \
			>/dev/null || true
		cp "$out/vm-legacy-$k/verdicts.txt" "$out/legacy-$k.txt"
	done
	# a verdict cut by the time limit on either side says nothing
	regressions=$(awk 'NR == FNR { v[$2] = $0; next }
		v[$2] ~ /: loads$/ && $0 ~ /: refused/ && $0 !~ /took over/' \
		"$out/legacy-stock.txt" "$out/legacy-patched.txt")
	loads_stock=$(grep -c ': loads' "$out/legacy-stock.txt" || true)
	loads_patched=$(grep -c ': loads' "$out/legacy-patched.txt" || true)
	echo "fuzz: legacy loads: stock $loads_stock, patched $loads_patched of $n" | tee -a "$out/patched.txt"
	if [ -n "$regressions" ]; then
		echo "fuzz: loads on stock, refused on patched:" | tee -a "$out/patched.txt"
		echo "$regressions" | tee -a "$out/patched.txt"
		rc=1
	else
		echo "fuzz: no program that loads on stock is refused on patched" | tee -a "$out/patched.txt"
	fi
fi
exit $rc
