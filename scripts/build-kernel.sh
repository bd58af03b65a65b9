#!/usr/bin/env bash
# Configure (tinyconfig + kernel/config) and build the kernel of
# build/linux into build/kobj, or with STOCK=1 the pristine base in
# build/linux-stock into build/kobj-stock. Incremental and ccache'd.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
stock=${STOCK:-0}
if [ "$stock" = 1 ]; then
	src=$top/build/linux-stock obj=$top/build/kobj-stock
else
	src=$top/build/linux obj=$top/build/kobj
fi
jobs=$(( $(nproc) + 1 ))
export CCACHE_DIR=${CCACHE_DIR:-$top/build/ccache}
export CCACHE_BASEDIR=$top/build
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export KBUILD_BUILD_TIMESTAMP="2024-11-17" KBUILD_BUILD_USER=xdp-reqs KBUILD_BUILD_HOST=xdp-reqs
mk() { make -s -C "$src" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" -j"$jobs" "$@"; }

mkdir -p "$obj"
frag=$top/kernel/config
stamp=$obj/.xdp-reqs-config
want=$(cat "$frag" "$src/Makefile" | sha1sum | cut -d' ' -f1)
if [ ! -f "$obj/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	echo "kernel: configuring $(basename "$obj")"
	mk tinyconfig >/dev/null
	KCONFIG_CONFIG=$obj/.config "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "$frag" >/dev/null
	mk olddefconfig >/dev/null
	# Every symbol of the fragment must survive olddefconfig.
	bad=0
	while read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		grep -qxF "$line" "$obj/.config" || { echo "kernel: config lost $line" >&2; bad=1; }
	done <"$frag"
	[ $bad = 0 ] || exit 1
	echo "$want" >"$stamp"
fi
echo "kernel: building $(basename "$obj")"
# pahole 1.24 reports harmless BTF duplicates by the hundred
mk bzImage 2> >(grep -v "multiple IDs found" >&2)
# Headers for userspace builds against this tree.
mk headers_install INSTALL_HDR_PATH="$obj/usr" >/dev/null
echo "kernel: $obj/arch/x86/boot/bzImage"
