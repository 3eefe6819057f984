#!/bin/bash
# make check-packages: the packages end to end. make deb (lintian) and make
# rpm (rpmlint), the .debs rebuilt with only their Build-Depends
# (test-build-deps.sh, in bookworm and trixie roots), then installed,
# upgraded to a new kernel, to Debian 13 and its backports kernel, booted and
# purged (test-install.sh). Each step prints PASS/FAIL/SKIP lines; the last
# line is "packaging: N passed, N failed, N skipped".
# Root (debootstrap, chroot, mounts). One run at a time per machine: the
# caches under /var/cache/enetstl-tests are shared.
set -u
cd "$(dirname "$0")/../.." || exit 1
here=tests/packaging
. "$here/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "check-packages: must run as root (debootstrap, chroot)" >&2; exit 1; }
mkdir -p "$CACHE" build/packaging
exec 9>"$CACHE/check-packages.lock"
flock 9
# Run apt, dpkg and dkms as a user would, not as a child of make.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
out=build/packages
log=build/packaging/run.log
start=$(date +%s)
: >"$log"

# step NAME CMD...: run, show its output as it comes, keep its PASS/FAIL/SKIP
# lines for the count. A command that fails without a FAIL line of its own
# gets one; one that prints no PASS/FAIL line gets one from its exit status.
step() {
	local name=$1 rc t0=$SECONDS
	shift
	echo "=== packaging: $name"
	"$@" 2>&1 | tee "$log.step"
	rc=${PIPESTATUS[0]}
	if ! grep -qE '^(PASS|FAIL|SKIP): ' "$log.step"; then
		if [ "$rc" -eq 0 ]; then echo "PASS: $name"; else echo "FAIL: $name (exit $rc)"; fi
	elif [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$log.step"; then
		echo "FAIL: $name (exit $rc)"
	fi | tee -a "$log.step"
	grep -E '^(PASS|FAIL|SKIP): ' "$log.step" >>"$log"
	echo "($name: $((SECONDS - t0)) s)"
	rm -f "$log.step"
}

step "make deb: three .debs, lintian without errors" make -s deb
step "make rpm: three .rpms, rpmlint without errors" make -s rpm
for p in enetstl-dkms_ enetstl-examples_ libenetstl-bpf-dev_ enetstl-dkms- enetstl-devel- enetstl-examples-; do
	set -- "$out/$p"[0-9]*
	if [ -f "$1" ]; then
		echo "PASS: package ${1##*/}"
	else
		echo "FAIL: no $p* in $out"
	fi
done | tee -a "$log"
step "build from a clean checkout with only the Build-Depends" "$here/test-build-deps.sh" "$out"
step "the same in a trixie root: the packages a Debian 13 fleet installs" \
	"$here/test-build-deps.sh" "$out" trixie "$out/trixie"
step "install, 6.12 upgrade, purge; again, dist-upgrade to trixie, backports kernel, unbuildable kernel, boots, purge" \
	"$here/test-install.sh" "$out" "$out/trixie"

p=$(grep -c '^PASS: ' "$log") f=$(grep -c '^FAIL: ' "$log") s=$(grep -c '^SKIP: ' "$log")
echo "check-packages: $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s; logs in build/packaging"
echo "packaging: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
