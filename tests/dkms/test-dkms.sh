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
pass=0 fail=0
tmp=$(mktemp -d)

ok() { echo "PASS: dkms: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: dkms: $*"; fail=$((fail + 1)); }
unregister() {
	dkms remove "enetstl/$VER" --all >/dev/null 2>&1
	rm -rf "$SRC"
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

dkms remove "enetstl/$VER" --all >"$tmp/remove.log" 2>&1
left=$(find /lib/modules/*/updates/dkms -name 'enetstl.ko*' 2>/dev/null; ls -d /var/lib/dkms/enetstl 2>/dev/null)
if [ -z "$left" ]; then ok "remove --all leaves no module and no dkms tree"; else ko "remove left: $left"; fi
echo "dkms: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
