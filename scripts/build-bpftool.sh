#!/usr/bin/env bash
# Build bpftool from build/linux/tools/bpf/bpftool into build/bpftool/,
# linked against the libbpf of the same tree (bpftool's Makefile builds it
# into build/bpftool/libbpf/). Incremental, ccache'd, quiet on success.
#
# Debian packages: build-essential libelf-dev zlib1g-dev libcap-dev
# clang-19 llvm-19 (installed here if missing). Skeletons (prog profile,
# pids of bpftool *show*) need the BTF of the test kernel,
# build/kobj/vmlinux: without it bpftool is built without them.
# JIT disassembly is left out (no LLVM or libbfd development files), so
# the build does not depend on whatever else the machine has installed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux/tools/bpf/bpftool
out=$top/build/bpftool/
vmlinux=${VMLINUX_BTF:-$top/build/kobj/vmlinux}
jobs=$(( $(nproc) + 1 ))

pkgs=(build-essential libelf-dev zlib1g-dev libcap-dev clang-19 llvm-19)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "bpftool: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -d "$src" ] || { echo "bpftool: $src missing (run make tree)" >&2; exit 1; }
export CCACHE_DIR=${CCACHE_DIR:-$top/build/ccache}
export CCACHE_BASEDIR=$top/build
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

# feature-*=0 on the command line wins over bpftool's feature detection
args=(OUTPUT="$out" CC="$cc" HOSTCC="$cc"
      CLANG=clang-19 LLVM_STRIP=llvm-strip-19
      feature-llvm=0 feature-libbfd=0 feature-libbfd-liberty=0
      feature-libbfd-liberty-z=0)
if [ -f "$vmlinux" ]; then
	args+=(VMLINUX_BTF="$vmlinux")
else
	echo "bpftool: $vmlinux missing, building without skeletons" >&2
	args+=(VMLINUX_BTF= VMLINUX_H=)
fi

mkdir -p "$out"
log=$out/build.log
if ! make -s -C "$src" -j"$jobs" "${args[@]}" >"$log" 2>&1; then
	cat "$log" >&2
	echo "bpftool: build failed" >&2
	exit 1
fi
# compiler warnings are worth seeing; the feature table is not
grep -E "warning:|error:" "$log" >&2 || true
echo "bpftool: ${out}bpftool"
