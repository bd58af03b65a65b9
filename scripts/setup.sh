#!/usr/bin/env bash
# Install every Debian package the project needs. Idempotent and quiet when
# everything is already there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.sh"

pkgs=(
	"linux-source-6.12=$KERNEL_DEB_VERSION"
	build-essential bc bison flex libelf-dev libssl-dev cpio kmod
	libcap-dev libzstd-dev zlib1g-dev pkg-config
	dwarves ccache rsync git xz-utils python3
	# upstream's ynl CLI (tools/net/ynl) in the tests and the demo
	python3-yaml
	clang-19 llvm-19 lld-19
	qemu-system-x86 busybox-static
	iproute2 ethtool iputils-ping
	xdp-tools libxdp-dev
)

missing=()
for p in "${pkgs[@]}"; do
	name=${p%%=*}
	want=${p#*=}
	have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)
	case "$have" in
	"install ok installed "*)
		if [ "$name" != "$p" ] && [ "${have##* }" != "$want" ]; then
			missing+=("$p")
		fi
		;;
	*) missing+=("$p") ;;
	esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

export DEBIAN_FRONTEND=noninteractive
echo "setup: installing ${missing[*]}"
apt-get update -qq
# The series is based on one exact Debian kernel version. If the archive
# no longer carries it, say so and take the newest 6.12 instead.
avail=$(apt-cache madison linux-source-6.12 || true)
if ! grep -qF "$KERNEL_DEB_VERSION" <<<"$avail"; then
	echo "setup: WARNING: linux-source-6.12 $KERNEL_DEB_VERSION is not in the archive;" >&2
	echo "setup: WARNING: installing the newest 6.12 instead, patches may not apply" >&2
	missing=("${missing[@]/linux-source-6.12=$KERNEL_DEB_VERSION/linux-source-6.12}")
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
