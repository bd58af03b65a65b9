#!/usr/bin/env bash
# Create build/linux (or build/linux-stock with STOCK=1): a git repository
# whose first commit, tagged "base", is the pristine Debian source, with the
# project's patch series (kernel/patches) applied on top by git am in
# file-name order.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/versions.sh"

stock=${STOCK:-0}
tree=$top/build/linux

have=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
if [ "$have" != "$KERNEL_DEB_VERSION" ]; then
	echo "tree: WARNING: linux-source-6.12 is '$have', the series is based on $KERNEL_DEB_VERSION" >&2
fi
[ -f "$KERNEL_TARBALL" ] || { echo "tree: $KERNEL_TARBALL missing, run scripts/setup.sh" >&2; exit 1; }

git_q() { git -C "$tree" -c user.name=xdp-reqs -c user.email=xdp-reqs@localhost "$@"; }

if ! git -C "$tree" rev-parse -q --verify base >/dev/null 2>&1; then
	echo "tree: extracting $KERNEL_TARBALL into $tree"
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -C "$tree.tmp" -xf "$KERNEL_TARBALL" --strip-components=1
	mv "$tree.tmp" "$tree"
	git -C "$tree" init -q -b main
	# The tarball's own .gitignore hides generated files from git status.
	git -C "$tree" add -A -f .
	git_q commit -q -m "linux-source-6.12 $have (pristine Debian source)"
	git -C "$tree" tag base
fi

# The stock twin is a worktree of the same repository, pinned at base.
if [ "$stock" = 1 ]; then
	if [ ! -e "$top/build/linux-stock/.git" ]; then
		git -C "$tree" worktree prune
		git -C "$tree" worktree add -q --detach "$top/build/linux-stock" base
	fi
	git -C "$top/build/linux-stock" checkout -q -f --detach base
	exit 0
fi

# Re-create the series on top of base when it differs from what is applied.
series=()
for p in "$top"/kernel/patches/*.patch; do
	[ -f "$p" ] && series+=("$p")
done
want=$( { for p in "${series[@]}"; do git patch-id --stable <"$p" | cut -d' ' -f1; done; } | tr '\n' ' ')
have_ids=$( { git -C "$tree" rev-list --reverse base..HEAD | while read -r c; do
	git -C "$tree" show "$c" | git patch-id --stable | cut -d' ' -f1; done; } | tr '\n' ' ')
if [ "$want" = "$have_ids" ]; then
	exit 0
fi
# Never throw away work: commits or changes in build/linux that the series
# does not have yet are built as they are, with a note.
if [ "${FORCE:-0}" != 1 ]; then
	if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	   [ -n "$(git -C "$tree" rev-list base..HEAD)" ]; then
		echo "tree: build/linux differs from the series (not exported yet?); using it as it is." >&2
		echo "tree: 'make export' saves it, 'FORCE=1 make tree' resets it to the series." >&2
		exit 0
	fi
fi
git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -f main 2>/dev/null || true
git -C "$tree" reset -q --hard base
for p in "${series[@]}"; do
	if ! git_q am -q --keep-cr "$p" >/dev/null 2>"$tree.am.log"; then
		echo "tree: patch does not apply: ${p#$top/}" >&2
		sed 's/^/  /' "$tree.am.log" >&2
		git -C "$tree" am --abort || true
		exit 1
	fi
done
rm -f "$tree.am.log"
echo "tree: applied ${#series[@]} patch(es)"
