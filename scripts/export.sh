#!/usr/bin/env bash
# Write the commits of build/linux on top of "base" back out as the one
# series, kernel/patches/NNNN-*.patch in commit order: kernel, libbpf and
# bpftool patches together, in the order they depend on each other, so
# that "make tree" (git am in file-name order) reproduces build/linux.
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
git -C "$tree" format-patch -q base..HEAD --zero-commit --no-signature -o "$tmp" >/dev/null
mkdir -p "$top/kernel/patches"
rm -f "$top"/kernel/patches/*.patch
cp "$tmp"/*.patch "$top/kernel/patches/" 2>/dev/null || true
echo "export: $(ls "$tmp" | wc -l) patch(es) in kernel/patches"
