# shellcheck shell=bash
# tests/lib/result.sh - the shell side of the test library, for the test
# scripts: one PASS/FAIL/SKIP line per test and the closing
# "LABEL: N passed, N failed, N skipped" line that make check counts.
# Source it, then: pass MSG; fail MSG; skip MSG WHY;
# summary LABEL (prints the line, returns 1 on a failure).
tl_pass=0 tl_fail=0 tl_skip=0
pass() { echo "PASS: $*"; tl_pass=$((tl_pass + 1)); }
fail() { echo "FAIL: $*"; tl_fail=$((tl_fail + 1)); }
skip() { echo "SKIP: $1: $2"; tl_skip=$((tl_skip + 1)); }
summary() {
	echo "$1: $tl_pass passed, $tl_fail failed, $tl_skip skipped"
	[ "$tl_fail" -eq 0 ]
}
