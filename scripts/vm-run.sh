#!/usr/bin/env bash
# Boot the patched (or with STOCK=1 the stock) kernel under QEMU/TCG with
# the host root read-only over 9p and run CMD in the guest. With no CMD,
# give an interactive shell. The guest's exit status becomes ours; its
# kernel log is left in $VM_OUT/dmesg. Fails on timeout (VM_TIMEOUT s).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
stock=${STOCK:-0}
obj=$top/build/kobj
[ "$stock" = 1 ] && obj=$top/build/kobj-stock
kernel=$obj/arch/x86/boot/bzImage
out=${VM_OUT:-$top/build/vm-out}
timeout=${VM_TIMEOUT:-1500}
[ -f "$kernel" ] || { echo "vm-run: $kernel missing, run make kernel" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
interactive=1
if [ $# -gt 0 ]; then
	interactive=0
	{ echo "cd '$top'"; printf '%s ' "$@"; echo; } >"$out/cmd.sh"
fi

qemu=(qemu-system-x86_64 -accel tcg -cpu max -m 2G -smp 2 -nographic -no-reboot
	-kernel "$kernel"
	-append "console=ttyS0 root=hostroot rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=512000 ro init=$top/scripts/vm-init.sh panic=-1 nowatchdog quiet xdpreqs.top=$top"
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=root,mount_tag=hostroot
	-fsdev local,id=proj,path="$top",security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=proj,mount_tag=project
	-fsdev local,id=out,path="$out",security_model=none
	-device virtio-9p-pci,fsdev=out,mount_tag=out
	-netdev user,id=n0 -device virtio-net-pci,netdev=n0,romfile=)

if [ $interactive = 1 ]; then
	exec "${qemu[@]}"
fi
rc=0
# The firmware's screen output is noise on a serial console.
timeout --foreground "$timeout" "${qemu[@]}" </dev/null | tr -d '\r' | tee "$out/console" |
	sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g' |
	grep --line-buffered -vE '^(SeaBIOS|iPXE|Press Ctrl-B|Booting from ROM|reboot: Restarting)|^\s*$' || rc=$?
if [ ! -f "$out/status" ]; then
	echo "vm-run: guest did not finish (timeout ${timeout}s or crash, qemu rc=$rc)" >&2
	exit 124
fi
exit "$(cat "$out/status")"
