#!/usr/bin/env bash
# checkpatch --strict over both series, one verdict line per patch.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
bad=0
for p in "$top"/kernel/patches/*.patch "$top"/libbpf-patches/*.patch; do
	[ -f "$p" ] || continue
	out=$(cd "$tree" && perl scripts/checkpatch.pl --strict --max-line-length=80 \
		--no-color --show-types --terse "$p" 2>&1)
	if [ -z "$(grep -E ': (ERROR|WARNING|CHECK):' <<<"$out")" ]; then
		echo "ok    ${p#$top/}"
	else
		echo "issue ${p#$top/}"
		grep -E ': (ERROR|WARNING|CHECK):' <<<"$out" | sed 's/^/      /'
		bad=1
	fi
done
exit $bad
