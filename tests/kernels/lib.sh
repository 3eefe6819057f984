# shellcheck shell=bash
# Shared by the kernel-matrix scripts (sourced): where the suite roots live
# and how to read tests/kernels/matrix.
KROOTS=${ENETSTL_TEST_CACHE:-/var/cache/enetstl-tests}/kroot
KMATRIX=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/matrix
KNOWN_FAILURES=$(dirname "$KMATRIX")/known-failures

# matrix_rows: the table without comments: "name suite target metapackage text..."
matrix_rows() { grep -Ev '^[[:space:]]*(#|$)' "$KMATRIX"; }

# kroot_state SUITE: the file that lists the kernels set up in SUITE's root,
# "name release" a line (written by setup-roots.sh)
kroot_state() { echo "$KROOTS/$1/.enetstl-kernels"; }
