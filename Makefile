# xdp-reqs: entry points. See README.md.
TOP := $(abspath .)
export TOP

.PHONY: all setup tree export check kernel bpftool selftests samples test vm demo bench fuzz clean

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

bpftool: kernel
	@scripts/build-bpftool.sh

selftests: kernel bpftool
	@$(MAKE) -s -C selftests TOP=$(TOP)

samples: selftests bpftool
	@$(MAKE) -s -C samples TOP=$(TOP)

# T=prefix runs only the tests whose names start with it.
test: selftests
	@scripts/vm-run.sh selftests/guest-run.sh $(TOP)/build/selftests $(T)

vm: kernel
	@scripts/vm-run.sh

# The end-to-end story in the test guest (see README.md).
demo: samples
	@scripts/vm-run.sh scripts/demo.sh

# Stock vs patched verifier cost, side by side; results in build/bench/.
bench: selftests
	@$(MAKE) -s kernel STOCK=1
	@$(MAKE) -s -C selftests TOP=$(TOP) bench
	@scripts/bench.sh

# The differential soundness fuzzer: N programs from SEED (build/fuzz/);
# with a stock kernel built it also compares legacy verdicts.
fuzz: selftests
	@scripts/fuzz.sh

clean:
	rm -rf build
