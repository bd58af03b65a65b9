#!/usr/bin/env bash
# Build every patch of the series on its own: for each commit on top of
# base, compile each kernel object the series touches (and libbpf for the
# libbpf patches) in a separate worktree and output directory.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
wt=$top/build/linux-series
obj=$top/build/kobj-series
export CCACHE_DIR=${CCACHE_DIR:-$top/build/ccache} CCACHE_BASEDIR=$top/build
[ -e "$wt/.git" ] || git -C "$tree" worktree add -q --detach "$wt" base
mkdir -p "$obj/libbpf"
cp "$top/build/kobj/.config" "$obj/.config"
mk() { make -s -C "$wt" O="$obj" CC="ccache gcc" -j"$(( $(nproc) + 1 ))" "$@"; }
objs=$(git -C "$tree" diff --name-only base HEAD -- '*.c' | grep -v '^tools/' | sed 's/\.c$/.o/' | tr '\n' ' ')
fail=0
for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
	git -C "$wt" checkout -q --detach "$c"
	subj=$(git -C "$wt" log -1 --format=%s)
	if git -C "$wt" diff --name-only "$c^" "$c" | grep -qv '^tools/'; then
		mk olddefconfig >/dev/null
		if out=$(mk $objs 2>&1); then echo "ok    $subj"; else echo "FAIL  $subj"; echo "$out" | tail -20; fail=1; fi
	else
		if out=$(make -s -C "$wt/tools/lib/bpf" OUTPUT="$obj/libbpf/" BUILD_STATIC_ONLY=1 -j3 2>&1); then
			echo "ok    $subj"; else echo "FAIL  $subj"; echo "$out" | tail -20; fail=1; fi
	fi
done
exit $fail
