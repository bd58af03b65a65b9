# xdp-reqs: entry points. See README.md.
TOP := $(abspath .)
export TOP

.PHONY: all setup tree export check kernel selftests test vm demo bench clean

all: kernel selftests

setup:
	@scripts/setup.sh

tree: setup
	@scripts/tree.sh

export:
	@scripts/export.sh

check: tree
	@scripts/check.sh

# STOCK=1 builds the pristine base in build/linux-stock -> build/kobj-stock.
kernel: tree
	@scripts/build-kernel.sh

selftests: kernel
	@$(MAKE) -s -C selftests TOP=$(TOP)

# T=prefix runs only the tests whose names start with it.
test: selftests
	@scripts/vm-run.sh selftests/guest-run.sh $(TOP)/build/selftests $(T)

vm: kernel
	@scripts/vm-run.sh

clean:
	rm -rf build
