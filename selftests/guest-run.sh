#!/bin/bash
# Runs inside the test guest: the test runner, then a scan of the kernel
# log for splats (each one is a failed test). Prints one line per test and
# the final "N passed, N failed, N skipped" line; exit status 1 on failure.
out=$1
shift
res=/tmp/results
dmesg -c >/dev/null
# the runner's own summary line is replaced by the one below
"$out/xdp_reqs_test" "$@" | tee "$res" | grep -vE '^[0-9]+ passed, [0-9]+ failed'
rc=${PIPESTATUS[0]}
lines=$(grep -c '^#' "$res")
# The soundness fuzzer with a fixed seed (make fuzz runs more programs);
# selected by T= like the runner's tests.
if [ $# -eq 0 ] || [[ xdp_reqs_fuzz == "$1"* ]]; then
	"$out/xdp_reqs_fuzz" -j 2 -n "${FUZZ_N:-150}" -s 1 >/tmp/fuzz.txt 2>&1
	frc=$?
	grep -E '^(FAIL|  |/\*|seed|fuzz:)' /tmp/fuzz.txt | head -200
	lines=$((lines + 1))
	if [ "$frc" -eq 0 ]; then
		echo "#$lines xdp_reqs_fuzz:OK" | tee -a "$res"
	else
		echo "#$lines xdp_reqs_fuzz:FAIL (exit status $frc)" | tee -a "$res"
	fi
fi
# A runner that dies (signal, crash) without a FAIL line still fails.
if [ "$rc" -ne 0 ] && ! grep -qE '^#[^ ]+ [^ ]+:FAIL' "$res"; then
	lines=$((lines + 1))
	echo "#$lines runner_exit:FAIL (exit status $rc)" | tee -a "$res"
fi
splats=$(dmesg | grep -E 'WARNING:|BUG:|KASAN:|UBSAN:|Oops|general protection|possible recursive locking|circular locking dependency|suspicious RCU usage|inconsistent lock state|Kernel panic' || true)
if [ -n "$splats" ]; then
	echo "#$((lines + 1)) dmesg_clean:FAIL"
	echo "kernel log splats:"
	dmesg | grep -B2 -A20 -E 'WARNING:|BUG:|KASAN:|UBSAN:|Oops|general protection|possible recursive locking|circular locking dependency|suspicious RCU usage|inconsistent lock state' | head -80
	echo "#$((lines + 1)) dmesg_clean:FAIL" >>"$res"
else
	echo "#$((lines + 1)) dmesg_clean:OK"
	echo "#$((lines + 1)) dmesg_clean:OK" >>"$res"
fi
pass=$(grep -cE '^#[^ ]+ [^ ]+:OK' "$res")
fail=$(grep -cE '^#[^ ]+ [^ ]+:FAIL' "$res")
skip=$(grep -cE '^#[^ ]+ [^ ]+:SKIP' "$res")
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
