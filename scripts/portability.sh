#!/usr/bin/env bash
# Runs in a guest booted with the STOCK kernel (make bench does): the
# patched libbpf and bpftool against a kernel without the series. A
# program that only declares __xdp_reqs() in its source loads without the
# declaration and with one libbpf warning; a loader that asks for more (a
# target device) fails with a message that says why. Exit status 1 on any
# difference.
set -uo pipefail
top=$1
bpftool=$top/build/bpftool/bpftool
obj=$top/build/samples/xdp_fallback.bpf.o
fail=0
check() { # what, condition...
	local what=$1
	shift
	if "$@"; then echo "portability: $what: OK"; else echo "portability: $what: FAIL"; fail=1; fi
}

mount -t bpf bpf /sys/fs/bpf 2>/dev/null
out=$("$bpftool" prog load "$obj" /sys/fs/bpf/portable type xdp 2>&1)
rc=$?
echo "$out"
check "declared program loads on a kernel without the series" test $rc = 0
check "one warning names the dropped declaration" \
	test "$(grep -c "kernel does not take XDP requirements, loading without __xdp_reqs(\"redirect,pass\")" <<<"$out")" = 1
rm -f /sys/fs/bpf/portable

out=$("$bpftool" prog load "$obj" /sys/fs/bpf/portable type xdp xdp_target lo 2>&1)
rc=$?
echo "$out"
check "a target is refused" test $rc != 0
check "libbpf says why" grep -q "kernel does not take XDP requirements$" <<<"$out"
rm -f /sys/fs/bpf/portable
exit $fail
