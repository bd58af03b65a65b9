#!/usr/bin/env bash
# Write the commits of build/linux on top of "base" back out as the two
# series: libbpf-patches/ for commits that only touch tools/lib/bpf,
# tools/bpf and tools/include, kernel/patches/ for all others. Numbering is
# per series, so "make tree" (kernel series first) reproduces the files.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
git -C "$tree" rev-parse -q --verify base >/dev/null || { echo "export: no build/linux" >&2; exit 1; }
# Only commits are exported: say so when there is more.
if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	echo "export: note: build/linux has uncommitted changes, which are not exported" >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/k" "$tmp/l"
nk=0 nl=0
for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
	if git -C "$tree" diff-tree --no-commit-id --name-only -r "$c" |
	   grep -qvE '^tools/(lib/bpf|bpf|include)/'; then
		nk=$((nk + 1)); dir=$tmp/k; n=$nk
	else
		nl=$((nl + 1)); dir=$tmp/l; n=$nl
	fi
	git -C "$tree" format-patch -q -1 "$c" --zero-commit --no-signature \
		--start-number "$n" -o "$dir" >/dev/null
done
mkdir -p "$top/kernel/patches" "$top/libbpf-patches"
rm -f "$top"/kernel/patches/*.patch "$top"/libbpf-patches/*.patch
cp "$tmp"/k/*.patch "$top/kernel/patches/" 2>/dev/null || true
cp "$tmp"/l/*.patch "$top/libbpf-patches/" 2>/dev/null || true
echo "export: $nk kernel patch(es), $nl libbpf/bpftool patch(es)"
