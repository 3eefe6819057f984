#!/bin/bash
# DKMS test: install the source tree the way the packages do, then
# `dkms add/build/install` for each given kernel (running or not), check the
# installed module (version, vermagic, module BTF, resolved kfunc ids), and
# `dkms remove` everything again.
# Usage: tests/dkms/test-dkms.sh KVER...      (root; changes /usr/src, /var/lib/dkms)
set -u
cd "$(dirname "$0")/../.."
VER=$(cat VERSION)
SRC=/usr/src/enetstl-$VER
tmp=$(mktemp -d)

. tests/lib/result.sh
ok() { pass "dkms: $*"; }
ko() { fail "dkms: $*"; }
unregister() {
	dkms remove "enetstl/$VER" --all >/dev/null 2>&1
	rm -rf "$SRC" "/var/lib/dkms/enetstl/$VER" "/var/lib/enetstl/dkms/$VER"
}
trap 'unregister; rm -rf "$tmp"' EXIT

[ "$(id -u)" -eq 0 ] || { echo "test-dkms: must run as root" >&2; exit 1; }
# /usr/src and /var/lib/dkms are machine-wide: one run at a time (several
# checkouts or worktrees may run make check on one machine).
exec 9>/run/lock/enetstl-dkms-test.lock
flock 9
# Run dkms as apt would: a parent make's variables would leak into the CC that
# dkms derives from the kernel's .kernelvariables ("make[1]: Entering ...").
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
[ $# -gt 0 ] || { echo "usage: $0 KVER..." >&2; exit 2; }
unregister
make -s dkms-source DKMS_SRC="$SRC" >/dev/null
if dkms add "enetstl/$VER" >"$tmp/add.log" 2>&1; then
	ok "add enetstl/$VER from $SRC"
else
	ko "add: $(tail -n 3 "$tmp/add.log")"
fi

for k in "$@"; do
	if ! dkms build "enetstl/$VER" -k "$k" >"$tmp/build.log" 2>&1; then
		ko "build for $k"; sed 's/^/  /' "$tmp/build.log" | tail -n 20
		cat /var/lib/dkms/enetstl/"$VER"/build/make.log 2>/dev/null | tail -n 20
		continue
	fi
	ok "build for $k"
	if ! dkms install "enetstl/$VER" -k "$k" >"$tmp/install.log" 2>&1; then
		ko "install for $k"; tail -n 10 "$tmp/install.log"; continue
	fi
	mod=$(find "/lib/modules/$k/updates/dkms" -name 'enetstl.ko*' 2>/dev/null | head -n 1)
	if [ -z "$mod" ]; then
		ko "install for $k: no enetstl.ko under /lib/modules/$k/updates/dkms"; continue
	fi
	case "$mod" in
	*.xz) xz -dc "$mod" > "$tmp/m.ko" ;;
	*.zst) zstd -qdc "$mod" > "$tmp/m.ko" ;;
	*.gz) gzip -dc "$mod" > "$tmp/m.ko" ;;
	*) cp "$mod" "$tmp/m.ko" ;;
	esac
	# Keep it: the VM tests load the module exactly as DKMS installed it (stripped).
	mkdir -p "build/dkms/$k" && cp "$tmp/m.ko" "build/dkms/$k/enetstl.ko"
	v=$(modinfo -F version "$tmp/m.ko") vm=$(modinfo -F vermagic "$tmp/m.ko")
	if [ "$v" = "$VER" ] && [ "${vm%% *}" = "$k" ] &&
	   kmod/build/"$k"/btfids check "$tmp/m.ko" >"$tmp/check.log" 2>&1; then
		ok "install for $k: $mod, version $v, $(cat "$tmp/check.log")"
	else
		ko "install for $k: version '$v' vermagic '$vm': $(cat "$tmp/check.log")"
	fi
	if dkms status "enetstl/$VER" -k "$k" | grep -q installed; then
		ok "status for $k says installed"
	else
		ko "status for $k: $(dkms status "enetstl/$VER" -k "$k")"
	fi
done

# A kernel the module cannot be built for (ENETSTL_DKMS_BREAK=KVER fails
# that kernel's build only; the others build, as on a fleet's host): DKMS
# must skip it (77) and the kernel hooks (dkms autoinstall) exit 0, whether
# the module is installed for another kernel or for none; the failure is
# kept for `enetstl status`; the other kernels keep their module; a good
# build afterwards installs again.
k=$1
pre=/var/lib/enetstl/dkms/$VER/$k
dkms remove "enetstl/$VER" -k "$k" >/dev/null 2>&1
ENETSTL_DKMS_BREAK=$k dkms install "enetstl/$VER" -k "$k" >"$tmp/break.log" 2>&1
rc=$?
if [ $rc -eq 77 ] && [ -z "$(find "/lib/modules/$k/updates/dkms" -name 'enetstl.ko*' 2>/dev/null)" ]; then
	ok "unbuildable $k: dkms install skips it (exit 77), no module installed"
else
	ko "unbuildable $k: dkms install exit $rc, want 77 and no module"; tail -n 5 "$tmp/break.log"
fi
# what apt runs when a kernel or its headers are installed
for hook in /etc/kernel/postinst.d/dkms /etc/kernel/header_postinst.d/dkms; do
	[ -x "$hook" ] || continue
	if ENETSTL_DKMS_BREAK=$k "$hook" "$k" >"$tmp/hook.log" 2>&1; then
		ok "unbuildable $k: the kernel hook $hook exits 0"
	else
		ko "unbuildable $k: $hook failed: $(tail -n 2 "$tmp/hook.log")"
	fi
done
if grep -q 'ENETSTL_DKMS_BREAK' "$pre/failed" 2>/dev/null && [ -s "$pre/build.log" ]; then
	ok "unbuildable $k: the failure is kept ($pre/failed: $(cat "$pre/failed"))"
else
	ko "unbuildable $k: no failure record in $pre"
fi
out=$(kmod/tools/enetstl status 2>&1)
if echo "$out" | grep -q "^problem: enetstl $VER does not build for kernel $k" &&
   echo "$out" | grep -A1 "does not build for kernel $k" | grep -q '^  fix: '; then
	ok "unbuildable $k: enetstl status names it, with a fix: line"
else
	ko "unbuildable $k: enetstl status says: $(echo "$out" | grep "$k")"
fi
for o in "${@:2}"; do
	if dkms status "enetstl/$VER" -k "$o" | grep -q installed; then
		ok "unbuildable $k: $o keeps its module"
	else
		ko "unbuildable $k: $o lost its module: $(dkms status "enetstl/$VER" -k "$o")"
	fi
done
if dkms install "enetstl/$VER" -k "$k" >"$tmp/fixed.log" 2>&1 &&
   dkms status "enetstl/$VER" -k "$k" | grep -q installed && [ ! -e "$pre/failed" ]; then
	ok "buildable again: $k builds and installs, the failure record is gone"
else
	ko "buildable again: $k: $(tail -n 3 "$tmp/fixed.log")"
fi

dkms remove "enetstl/$VER" --all >"$tmp/remove.log" 2>&1
left=$(find /lib/modules/*/updates/dkms -name 'enetstl.ko*' 2>/dev/null; ls -d /var/lib/dkms/enetstl 2>/dev/null)
if [ -z "$left" ]; then ok "remove --all leaves no module and no dkms tree"; else ko "remove left: $left"; fi
summary dkms
