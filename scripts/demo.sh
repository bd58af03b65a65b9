#!/bin/bash
# The end-to-end story, run in the test guest by "make demo": before any
# packet flows, the kernel says whether an XDP program can run natively on
# a device, and says what is missing when it cannot.
top=$(cd "$(dirname "$0")/.." && pwd)
bpftool=$top/build/bpftool/bpftool
obj=$top/build/samples/xdp_fallback.bpf.o
fallback=$top/build/samples/xdp_fallback
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
fail=0

say "Two devices: a netdevsim port without XDP_REDIRECT, a veth pair"
echo "1 1" >/sys/bus/netdevsim/new_device
for _ in $(seq 50); do
	nsim=$(ls /sys/bus/netdevsim/devices/netdevsim1/net/ 2>/dev/null) && [ -n "$nsim" ] && break
	sleep 0.1
done
ip link set "$nsim" up
ip link add veth0 type veth peer name veth1
ip link set veth0 up && ip link set veth1 up
echo "netdevsim port: $nsim; veth pair: veth0 <-> veth1"

say "What do they offer to native XDP programs? (the netdev family)"
run "$bpftool" net show dev "$nsim"
run "$bpftool" net show dev veth0
ynl() { python3 "$top/build/linux/tools/net/ynl/cli.py" --no-schema \
	--spec "$top/build/linux/Documentation/netlink/specs/netdev.yaml" "$@"; }
run ynl --do dev-get --json "{\"ifindex\": $(cat /sys/class/net/veth0/ifindex)}"

say "A driver that leaves less headroom states it (netdevsim's knob stands in)"
knob=/sys/kernel/debug/netdevsim/netdevsim1/ports/0/xdp_headroom
run sh -c "echo 64 > $knob"
run ynl --do dev-get --json "{\"ifindex\": $(cat /sys/class/net/"$nsim"/ifindex)}"
run "$bpftool" net show dev "$nsim"
run sh -c "echo 0 > $knob"

say "The program declares what it needs in its source"
grep -A3 '__xdp_reqs' "$top/samples/xdp_fallback.bpf.c"

say "Load it for $nsim: refused before a packet flows, with the reason"
if run "$bpftool" prog load "$obj" /sys/fs/bpf/fwd type xdp xdp_target "$nsim"; then
	echo "UNEXPECTED: the load succeeded"; fail=1
fi

say "Load it for veth0: it fits"
run "$bpftool" prog load "$obj" /sys/fs/bpf/fwd type xdp xdp_target veth0 || fail=1
run "$bpftool" prog show pinned /sys/fs/bpf/fwd || fail=1
rm -f /sys/fs/bpf/fwd

say "A loader falls back on its own, as Suricata wants to"
run "$fallback" -d "$nsim" || fail=1
run "$fallback" -d veth0 -o veth1 || fail=1
run "$bpftool" net show dev "$nsim"
run "$bpftool" net show dev veth0

say "A legacy program (no declaration) still attaches, with a warning"
ip link set dev "$nsim" xdpgeneric off
run "$bpftool" prog load "$top/build/samples/xdp_legacy.bpf.o" /sys/fs/bpf/legacy \
	type xdp >/dev/null 2>&1
run "$bpftool" net attach xdpdrv pinned /sys/fs/bpf/legacy dev "$nsim" 2>&1 | head -3

exit $fail
