#!/bin/bash
# PID 1 in the test guest. The host root is mounted read-only over 9p; the
# host passes a writable 9p export (tag "out") holding cmd.sh. Runs it,
# stores its exit status and the kernel log there, then powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TERM=${TERM:-linux}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t bpf bpf /sys/fs/bpf
mount -t debugfs debugfs /sys/kernel/debug
mkdir -p /tmp/out /dev/pts
mount -t devpts devpts /dev/pts 2>/dev/null
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out /tmp/out
# The project may live under a path the mounts above hide (a clone in
# /tmp): it has its own export, mounted where the host has it.
top=$(sed -n 's/.*xdpreqs\.top=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$top" ]; then
	mkdir -p "$top" 2>/dev/null
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro project "$top"
fi
ip link set lo up
cd /tmp/out
if [ -f /tmp/out/cmd.sh ]; then
	bash /tmp/out/cmd.sh >/dev/console 2>&1
	echo $? >/tmp/out/status
else
	echo "xdp-reqs test guest: $(uname -r). Leave with 'exit'."
	setsid bash -c 'exec bash -i </dev/ttyS0 >/dev/ttyS0 2>&1'
	echo 0 >/tmp/out/status
fi
dmesg >/tmp/out/dmesg
sync
busybox reboot -f
