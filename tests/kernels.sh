#!/bin/sh
# Print the test kernels, one release per line: the newest installed 6.1 and
# the newest installed 6.12 that have both an image and a kbuild tree.
# Usage: tests/kernels.sh [6.1|6.12]   (no argument: both)
set -eu
newest() {
	for img in /boot/vmlinuz-"$1".*; do
		[ -e "$img" ] || continue
		rel=${img#/boot/vmlinuz-}
		[ -e "/lib/modules/$rel/build/Makefile" ] && echo "$rel"
	done | grep -E "^$(echo "$1" | sed 's/\./\\./g')\.[0-9]" | sort -V | tail -n 1
}
for series in ${1:-6.1 6.12}; do
	rel=$(newest "$series")
	[ -n "$rel" ] || { echo "kernels.sh: no installed $series kernel with headers; run tests/setup-deps.sh" >&2; exit 1; }
	echo "$rel"
done
