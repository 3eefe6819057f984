#!/bin/bash
# The test kernels (tests/kernels/matrix), one release per line:
#  - this host's own (suite "host"): the newest installed 6.1 and 6.12 with
#    an image and a kbuild tree (tests/setup-deps.sh installs them);
#  - the other suites' kernels, as tests/kernels/setup-roots.sh set them up in
#    their suite roots.
# Usage:
#   tests/kernels.sh               every matrix kernel that is set up
#   tests/kernels.sh 6.1|6.12      this host's newest of that series
#   tests/kernels.sh --table       "name release root" for every matrix row;
#                                  release and root are "-" where not set up
#   tests/kernels.sh --root KVER   the root that holds KVER ("/": this host)
#   tests/kernels.sh --name KVER   its matrix name
set -euo pipefail
. "$(dirname "$0")/kernels/lib.sh"

newest_host() {
	for img in /boot/vmlinuz-"$1".*; do
		[ -e "$img" ] || continue
		rel=${img#/boot/vmlinuz-}
		[ -e "/lib/modules/$rel/build/Makefile" ] && echo "$rel"
	done | grep -E "^$(echo "$1" | sed 's/\./\\./g')\.[0-9]" | sort -V | tail -n 1
}

# table: "name release root" for every row of the matrix
table() {
	local name suite target meta rest rel
	matrix_rows | while read -r name suite target meta rest; do
		if [ "$suite" = host ]; then
			case $meta in
			linux-image-amd64) rel=$(newest_host 6.1) ;;
			*) rel=$(newest_host "$meta") ;;
			esac
			if [ -n "$rel" ]; then echo "$name $rel /"; else echo "$name - -"; fi
		else
			rel=$(awk -v n="$name" '$1 == n { print $2 }' "$(kroot_state "$suite")" 2>/dev/null || true)
			if [ -n "$rel" ] && [ -e "$KROOTS/$suite/boot/vmlinuz-$rel" ] &&
			   [ -e "$KROOTS/$suite/lib/modules/$rel/build/Makefile" ]; then
				echo "$name $rel $KROOTS/$suite"
			else
				echo "$name - -"
			fi
		fi
	done
}

case ${1:-} in
--table) table ;;
--root|--name)
	[ $# -eq 2 ] || { echo "usage: $0 $1 KVER" >&2; exit 2; }
	col=3; [ "$1" = --root ] || col=1
	out=$(table | awk -v k="$2" -v c=$col '$2 == k { print $c; exit }')
	[ -n "$out" ] || { echo "kernels.sh: $2 is not a set-up matrix kernel (tests/kernels.sh --table)" >&2; exit 1; }
	echo "$out" ;;
6.*)
	rel=$(newest_host "$1")
	[ -n "$rel" ] || { echo "kernels.sh: no installed $1 kernel with headers; run tests/setup-deps.sh" >&2; exit 1; }
	echo "$rel" ;;
"")
	out=$(table | awk '$2 != "-" { print $2 }')
	for s in 6.1 6.12; do
		[ -n "$(newest_host $s)" ] ||
			{ echo "kernels.sh: no installed $s kernel with headers; run tests/setup-deps.sh" >&2; exit 1; }
	done
	echo "$out" ;;
*) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
