#!/usr/bin/env bash
# checkpatch --strict over the series, one verdict line per patch. A
# finding listed in scripts/checkpatch-accepted.txt is shown with its
# reason and does not fail the check; any other finding does.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
accepted=$top/scripts/checkpatch-accepted.txt
bad=0
for p in "$top"/kernel/patches/*.patch; do
	[ -f "$p" ] || continue
	name=$(basename "$p")
	out=$(cd "$tree" && perl scripts/checkpatch.pl --strict --max-line-length=80 \
		--no-color --show-types --terse "$p" 2>&1 | grep -E ': (ERROR|WARNING|CHECK):')
	open=""
	notes=""
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		type=$(sed -E 's/.*: (ERROR|WARNING|CHECK):([A-Z_]+):.*/\2/' <<<"$line")
		reason=""
		while read -r glob t why; do
			case "$glob" in ''|'#'*) continue ;; esac
			# shellcheck disable=SC2053
			[[ "$name" == $glob && "$type" == "$t" ]] && reason=$why && break
		done <"$accepted"
		if [ -n "$reason" ]; then
			notes+="      accepted $type: $reason"$'\n'
		else
			open+="      ${line#"$p":}"$'\n'
		fi
	done <<<"$out"
	if [ -n "$open" ]; then
		echo "issue ${p#"$top"/}"
		printf '%s' "$open"
		bad=1
	else
		echo "ok    ${p#"$top"/}"
	fi
	printf '%s' "$notes"
done
exit $bad
