# The exact Debian kernel source the patch series is based on.
KERNEL_DEB_VERSION=6.12.117-1~deb12u1
KERNEL_TARBALL=/usr/src/linux-source-6.12.tar.xz
