#!/bin/bash
# test-install.sh DEBDIR [TRIXIE_DEBDIR]: the fleet story, end to end, in a
# debootstrap bookworm root made by mkroot.sh, with the root's own apt and dkms:
#  1. kernel 6.1 image + headers, then apt install the three .debs from
#     DEBDIR: DKMS builds enetstl.ko for 6.1, with module BTF;
#  2. the newest 6.12 image + headers and nothing else: the dkms kernel hook
#     builds for 6.12 (this script never runs dkms);
#  3. a BPF program compiled in the root against the installed headers;
#  4. each kernel boots the root in QEMU (boot-root.sh, guest-init.sh):
#     modprobe, kfuncs, the installed example, the probe, enetstl status;
#  5. apt remove, then purge: no module, no dkms tree, no file left; then
#     the RPMs with Debian's rpm -i --nodeps and rpm -e: their %post and
#     %preun build and remove the module with the root's dkms.
# With TRIXIE_DEBDIR (the packages built in a trixie root), the fleet then
# moves on, in the same root:
#  6. the packages again, then apt dist-upgrade to Debian 13: trixie's own
#     dkms, gcc and pahole build for its kernel in the kernel hook; the old
#     kernels go; the trixie builds of the packages replace bookworm's;
#  7. the newest trixie-backports kernel: the hook builds for it (7.x);
#  8. a kernel the module cannot be built for (its kbuild broken by a
#     dpkg diversion, its headers reinstalled): apt goes on, the other
#     kernel keeps its module, enetstl status names it with the fix, and
#     the fix works;
#  9. both trixie kernels boot as in 4; then remove and purge as in 5.
# Prints PASS/FAIL lines and "install: N passed, N failed, N skipped".
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
# shellcheck disable=SC2034 # used by lib.sh
STAGE=install
[ $# -eq 1 ] || [ $# -eq 2 ] || { echo "usage: $0 DEBDIR [TRIXIE_DEBDIR]" >&2; exit 2; }
debdir=$(cd "$1" && pwd)
tdebdir=
[ $# -lt 2 ] || tdebdir=$(cd "$2" && pwd)
ver=$(cat "$here/../../VERSION")
debs="enetstl-dkms_${ver}_all.deb enetstl-examples_${ver}_amd64.deb libenetstl-bpf-dev_${ver}_all.deb"
for d in $debs; do
	[ -f "$debdir/$d" ] || { ko "no $debdir/$d (make deb)"; result; exit 1; }
done

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/install.XXXXXX")
root=$work/root
logs=${ENETSTL_TEST_LOGS:-$here/../../build/packaging}
mkdir -p "$logs"
trap 'root_remove "$root"; rm -rf "$work"' EXIT

# mods KVER: the enetstl modules installed for KVER
mods() { find "$root/lib/modules/$1/updates/dkms" -name 'enetstl.ko*' 2>/dev/null; }
# ko_check KVER: the DKMS module for KVER: version, vermagic, module BTF
ko_check() {
	local m plain
	m=$(mods "$1" | head -n 1)
	[ -n "$m" ] || { echo "no enetstl.ko* under /lib/modules/$1/updates/dkms"; return 1; }
	plain=$work/check.ko
	case $m in
	*.xz) xz -dc "$m" >"$plain" ;; *.zst) zstd -qdc "$m" >"$plain" ;;
	*.gz) gzip -dc "$m" >"$plain" ;; *) cp "$m" "$plain" ;;
	esac
	local v vm
	v=$(modinfo -F version "$plain") vm=$(modinfo -F vermagic "$plain")
	[ "$v" = "$ver" ] || { echo "version '$v', want $ver"; return 1; }
	[ "${vm%% *}" = "$1" ] || { echo "vermagic '$vm', want $1"; return 1; }
	readelf -W -S "$plain" | grep -Eq '\] \.BTF[[:space:]]' || { echo "no .BTF section (no kfuncs)"; return 1; }
	readelf -W -S "$plain" | grep -Eq '\] \.BTF_ids[[:space:]]' || { echo "no .BTF_ids section"; return 1; }
	echo "${m#"$root"}, version $v, vermagic ${vm%% *}, .BTF and .BTF_ids present"
}

base=$("$here/mkroot.sh") || { ko "debootstrap root (mkroot.sh)"; result; exit 1; }
mkdir -p "$root" && tar -C "$root" -xf "$base" && chmod 755 "$root" || { ko "unpack $base"; result; exit 1; }
root_mount "$root"
apt_root "$root" update >"$logs/apt-update.log" 2>&1 ||
	{ ko "apt-get update in the root"; show "$logs/apt-update.log"; result; exit 1; }

# 1. kernel 6.1, then the packages
if apt_root "$root" install linux-image-amd64 linux-headers-amd64 >"$logs/apt-6.1.log" 2>&1; then
	k61=$(cd "$root/boot" && ls vmlinuz-6.1.* | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
	ok "root's apt installed linux-image-amd64 and linux-headers-amd64: $k61"
else
	ko "apt install linux-image-amd64 linux-headers-amd64"; show "$logs/apt-6.1.log"; result; exit 1
fi
mkdir -p "$root/opt/enetstl-test/debs"
for d in $debs; do cp "$debdir/$d" "$root/opt/enetstl-test/debs/"; done
# shellcheck disable=SC2046 # list of files
if apt_root "$root" install $(for d in $debs; do echo "/opt/enetstl-test/debs/$d"; done) \
	>"$logs/apt-enetstl.log" 2>&1; then
	ok "apt install ./enetstl-dkms ./enetstl-examples ./libenetstl-bpf-dev (root's apt, no recommends)"
else
	ko "apt install of the .debs"; show "$logs/apt-enetstl.log" 40
	cat "$root"/var/lib/dkms/enetstl/"$ver"/build/make.log 2>/dev/null | tail -n 20
	result; exit 1
fi
if msg=$(ko_check "$k61"); then ok "DKMS built and installed for $k61: $msg"
else ko "DKMS module for $k61: $msg"; show "$logs/apt-enetstl.log"; fi

# the status tool in the chroot: nothing loaded, no module for the host kernel
out=$(in_root "$root" enetstl status 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q "installed for $k61" && echo "$out" | grep -q '^  fix: '; then
	ok "enetstl status in the chroot: exit 1, reports $k61 built, then: $(echo "$out" | grep -m1 '^  fix: ' | sed 's/^  //')"
else
	ko "enetstl status in the chroot (exit $rc):"; echo "$out" | sed 's/^/    /'
fi
out=$(in_root "$root" enetstl bogus 2>&1); rc=$?
[ $rc -eq 2 ] && ok "enetstl bogus: exit 2: $out" || ko "enetstl bogus: exit $rc: $out"

# 2. the fleet upgrade: a 6.12 image and headers, and nothing else
k612=$(newest_612 "$root")
if [ -z "$k612" ]; then
	ko "no linux-image-6.12.*-amd64 in the root's apt (bookworm-security / -backports)"
else
	before=$(date +%s)
	sleep 1
	if apt_root "$root" install "linux-image-$k612" "linux-headers-$k612" >"$logs/apt-6.12.log" 2>&1; then
		ok "root's apt installed linux-image-$k612 and linux-headers-$k612 only"
	else
		ko "apt install linux-image-$k612 linux-headers-$k612"; show "$logs/apt-6.12.log" 40
	fi
	if msg=$(ko_check "$k612"); then ok "the dkms kernel hook built and installed for $k612: $msg"
	else ko "no DKMS module for $k612 after the kernel upgrade: $msg"; show "$logs/apt-6.12.log" 40; fi
	mlog=$root/var/lib/dkms/enetstl/$ver/$k612/x86_64/log/make.log
	if [ -f "$mlog" ] && [ "$(stat -c %Y "$mlog")" -ge "$before" ] &&
	   grep -q "dkms: running auto installation service for kernel $k612\|Building module\|Building for $k612" "$logs/apt-6.12.log" &&
	   in_root "$root" dkms status -m enetstl -v "$ver" -k "$k612" 2>/dev/null | grep -q ': installed'; then
		ok "built by apt's kernel hook during the 6.12 install (make.log $(date -u -r "$mlog" +%T) >= $(date -u -d @"$before" +%T); this test runs no dkms command)"
	else
		ko "cannot show the 6.12 module came from the kernel hook: make.log $(ls -l "$mlog" 2>&1)"
		grep -i dkms "$logs/apt-6.12.log" | head -n 5 | sed 's/^/    /'
	fi
fi

# 3. a BPF program against the installed headers, compiled in the root
if apt_root "$root" install clang pkg-config bpftool iproute2 >"$logs/apt-tools.log" 2>&1; then
	ok "root's apt installed clang pkg-config bpftool iproute2"
else
	ko "apt install clang pkg-config bpftool iproute2"; show "$logs/apt-tools.log"
fi
t=$root/opt/enetstl-test
cp "$here/probe.bpf.c" "$t/"
cp "$here/guest-init.sh" "$t/init"
in_root "$root" gcc -print-multiarch >"$t/multiarch"
echo "$ver" >"$t/version"
{ printf 123456789; head -c 55 /dev/zero; } >"$t/packet.bin"
if in_root "$root" sh -c 'clang -O2 -g -Wall -Werror -target bpf -mcpu=v3 \
	-I/usr/include/$(gcc -print-multiarch) $(pkg-config --cflags libenetstl-bpf) \
	-c /opt/enetstl-test/probe.bpf.c -o /opt/enetstl-test/probe.bpf.o' >"$work/cc.log" 2>&1; then
	ok "probe.bpf.c compiles in the root with pkg-config --cflags libenetstl-bpf ($(in_root "$root" pkg-config --modversion libenetstl-bpf))"
else
	ko "probe.bpf.c does not compile in the root:"; show "$work/cc.log"
fi

# boot_all KVER...: boot each kernel with this root (unmounted meanwhile)
boot_all() {
	local size k out rc
	root_umount "$root"
	size=$(( $(du -sm "$root" | cut -f1) * 13 / 10 + 256 ))
	if mkfs.ext4 -q -F -L enetstl-root -d "$root" "$work/root.img" "${size}M" >"$work/mkfs.log" 2>&1; then
		for k in "$@"; do
			out=$("$here/boot-root.sh" "$work/root.img" "$root" "$k" "$logs/console-$k.log" 2>&1); rc=$?
			echo "$out"
			[ $rc -eq 0 ] || echo "$out" | grep -q '^FAIL' ||
				ko "boot $k: $(echo "$out" | tail -n 1)"
		done
	else
		ko "mkfs.ext4 -d of the root"; show "$work/mkfs.log"
	fi
	rm -f "$work/root.img"
	root_mount "$root"
}

# 4. boot each kernel with this root
boot_all "$k61" $k612

# remove_purge SUITE: apt remove, then purge: nothing of ours left
remove_purge() {
	local left rc_pkgs known
	in_root "$root" dpkg -L enetstl-dkms enetstl-examples libenetstl-bpf-dev >"$work/files" 2>&1
	if apt_root "$root" remove enetstl-dkms enetstl-examples libenetstl-bpf-dev >"$logs/apt-remove.log" 2>&1; then
		left=$(mods '*'; ls -d "$root/var/lib/dkms/enetstl" 2>/dev/null)
		[ -z "$left" ] && ok "$1: apt remove: no enetstl module for any kernel, no /var/lib/dkms/enetstl" ||
			ko "$1: apt remove left: $left"
	else
		ko "$1: apt remove"; show "$logs/apt-remove.log"
	fi
	# Packages without conffiles are gone from dpkg after remove; purge what is left.
	rc_pkgs=$(in_root "$root" dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' 2>/dev/null |
		awk '$1 != "un" && $2 ~ /enetstl/ {print $2}')
	# shellcheck disable=SC2086 # package list
	if [ -z "$rc_pkgs" ] && echo "nothing to purge: dpkg knows no enetstl package after remove" >"$logs/apt-purge.log" ||
	   apt_root "$root" purge $rc_pkgs >"$logs/apt-purge.log" 2>&1; then
		left=$(grep '^/' "$work/files" | while read -r f; do
			[ -e "$root$f" ] && [ ! -d "$root$f" ] && echo "$f"; done
			ls -d "$root"/usr/src/enetstl-* "$root"/usr/include/enetstl "$root"/usr/lib/*/bpf/enetstl "$root"/var/lib/enetstl 2>/dev/null)
		known=$(in_root "$root" dpkg-query -W -f '${db:Status-Abbrev}${Package}\n' 'enetstl*' 'libenetstl*' 2>/dev/null | grep -v '^un')
		if [ -z "$left" ] && [ -z "$known" ] && [ -s "$work/files" ]; then
			ok "$1: apt purge (${rc_pkgs:-nothing left to purge}): none of the $(grep -c '^/' "$work/files") packaged paths left, dpkg knows no enetstl package"
		else
			ko "$1: apt purge left: $left $known"
		fi
	else
		ko "$1: apt purge"; show "$logs/apt-purge.log"
	fi
}

# 5. remove, then purge
remove_purge bookworm

# 5b. the RPMs, installed with Debian's rpm (--nodeps: no Fedora here), so
# that their scriptlets run with this root's dkms: %post builds for the
# installed kernels, %preun removes the module again
rpms=$(cd "$debdir" && ls enetstl-dkms-"$ver"-*.noarch.rpm enetstl-devel-"$ver"-*.noarch.rpm \
	enetstl-examples-"$ver"-*.x86_64.rpm 2>/dev/null)
if [ "$(echo "$rpms" | wc -w)" -ne 3 ]; then
	skipped "RPMs: not all three in $debdir (make rpm)"
elif ! apt_root "$root" install rpm >"$logs/apt-rpm.log" 2>&1; then
	ko "RPMs: apt install rpm"; show "$logs/apt-rpm.log"
else
	mkdir -p "$root/opt/enetstl-test/rpms"
	for r in $rpms; do cp "$debdir/$r" "$root/opt/enetstl-test/rpms/"; done
	# shellcheck disable=SC2046 # list of files
	if in_root "$root" rpm -i --nodeps $(for r in $rpms; do echo "/opt/enetstl-test/rpms/$r"; done) \
		>"$logs/rpm-install.log" 2>&1 && msg=$(ko_check "$k61"); then
		ok "RPMs: rpm -i --nodeps: %post built and installed for $k61: $msg"
	else
		ko "RPMs: rpm -i --nodeps: ${msg:-}"; show "$logs/rpm-install.log"
	fi
	if in_root "$root" rpm -e enetstl-dkms enetstl-devel enetstl-examples >"$logs/rpm-erase.log" 2>&1 &&
	   [ -z "$(mods '*')" ] && [ ! -e "$root/var/lib/dkms/enetstl" ] && [ ! -e "$root/usr/src/enetstl-$ver" ] &&
	   [ ! -e "$root/var/lib/enetstl" ]; then
		ok "RPMs: rpm -e: %preun removed the module from every kernel; nothing left"
	else
		ko "RPMs: rpm -e left: $(mods '*') $(ls -d "$root"/var/lib/dkms/enetstl "$root"/usr/src/enetstl-* "$root"/var/lib/enetstl 2>/dev/null)"
		show "$logs/rpm-erase.log"
	fi
fi
[ -n "$tdebdir" ] || { result; exit; }

# hook_built KVER LOG SINCE: whether DKMS built KVER during the apt run
# that wrote LOG, which began at SINCE (its make.log is newer; this test runs
# no dkms build itself)
hook_built() {
	local mlog
	mlog=$(ls "$root"/var/lib/dkms/enetstl/"$ver"/"$1"/*/log/make.log 2>/dev/null | head -n 1)
	[ -n "$mlog" ] && [ "$(stat -c %Y "$mlog")" -ge "$3" ] &&
		in_root "$root" dkms status -m enetstl -v "$ver" -k "$1" 2>/dev/null | grep -q ': installed'
}
debpaths() { for d in $debs; do echo "/opt/enetstl-test/$1/$d"; done; }

# 6. the packages again; the fleet moves to Debian 13
# shellcheck disable=SC2046 # list of files
if apt_root "$root" install $(debpaths debs) >"$logs/apt-enetstl-again.log" 2>&1 &&
   [ -n "$(mods "$k61")" ]; then
	ok "bookworm: the packages installed again, DKMS built for $k61"
else
	ko "bookworm: apt install of the .debs after the purge"; show "$logs/apt-enetstl-again.log"
fi
mkdir -p "$root/opt/enetstl-test/debs-trixie"
for d in $debs; do cp "$tdebdir/$d" "$root/opt/enetstl-test/debs-trixie/" || ko "no $tdebdir/$d"; done
cat > "$root/etc/apt/sources.list" <<EOT
deb $MIRROR trixie main
deb $MIRROR trixie-updates main
deb ${MIRROR%/debian}/debian-security trixie-security main
deb $MIRROR trixie-backports main
EOT
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99enetstl-test"
before=$(date +%s)
sleep 1
if apt_root "$root" update >"$logs/apt-trixie.log" 2>&1 &&
   apt_root "$root" -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
	dist-upgrade >>"$logs/apt-trixie.log" 2>&1; then
	ok "apt dist-upgrade to trixie: $(in_root "$root" cat /etc/debian_version)"
else
	ko "apt dist-upgrade to trixie"; show "$logs/apt-trixie.log" 40
	result; exit 1
fi
k13=$(cd "$root/boot" && ls vmlinuz-*+deb13-amd64 2>/dev/null | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
tools="dkms $(in_root "$root" dpkg-query -W -f '${Version}' dkms), $(in_root "$root" gcc --version | head -n 1), pahole $(in_root "$root" pahole --version)"
if [ -z "$k13" ]; then
	ko "trixie: the dist-upgrade brought no +deb13 kernel"
elif msg=$(ko_check "$k13") && hook_built "$k13" "$logs/apt-trixie.log" "$before"; then
	ok "trixie: the kernel hook built for $k13 during the dist-upgrade ($tools): $msg"
else
	ko "trixie: no DKMS module for $k13 from the dist-upgrade: $msg"; show "$logs/apt-trixie.log" 30
fi
# the old kernels go, as a fleet's autoremove takes them
if apt_root "$root" purge "linux-image-$k61" "linux-headers-$k61" ${k612:+"linux-image-$k612" "linux-headers-$k612"} \
	>"$logs/apt-old-kernels.log" 2>&1 && apt_root "$root" autoremove >>"$logs/apt-old-kernels.log" 2>&1 &&
   [ -z "$(mods "$k61")" ]; then
	ok "trixie: bookworm's kernels purged, their modules with them"
else
	ko "trixie: purge of the bookworm kernels"; show "$logs/apt-old-kernels.log"
fi
# the packages as Debian 13 builds them (libelf1t64 and friends)
# shellcheck disable=SC2046 # list of files
if apt_root "$root" install --reinstall $(debpaths debs-trixie) >"$logs/apt-enetstl-trixie.log" 2>&1 &&
   msg=$(ko_check "$k13"); then
	ok "trixie: the trixie builds replace bookworm's (enetstl-examples Depends: $(in_root "$root" dpkg-query -W -f '${Depends}' enetstl-examples)); DKMS rebuilt for $k13"
else
	ko "trixie: apt install --reinstall of the trixie .debs: ${msg:-}"; show "$logs/apt-enetstl-trixie.log"
fi

# 7. the newest trixie-backports kernel
before=$(date +%s)
sleep 1
if apt_root "$root" -t trixie-backports install linux-image-amd64 linux-headers-amd64 \
	>"$logs/apt-backports.log" 2>&1; then
	kbpo=$(cd "$root/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | grep -v -- '-rt-' | sort -V | tail -n 1)
	ok "trixie-backports: apt installed linux-image-amd64 linux-headers-amd64: $kbpo"
else
	ko "apt -t trixie-backports install linux-image-amd64 linux-headers-amd64"; show "$logs/apt-backports.log" 30
fi
if [ -n "${kbpo:-}" ] && [ "$kbpo" != "$k13" ] && msg=$(ko_check "$kbpo") &&
   hook_built "$kbpo" "$logs/apt-backports.log" "$before"; then
	ok "trixie-backports: the kernel hook built for $kbpo during that apt run: $msg"
else
	ko "trixie-backports: no module for ${kbpo:-the backports kernel} from the kernel hook: ${msg:-}"
	show "$logs/apt-backports.log" 30
fi

# 8. a kernel the module cannot be built for must not break apt: $k13 with
# its kbuild's modpost diverted away, its headers installed again (the hook
# runs DKMS for it)
modpost=$(in_root "$root" readlink -f "/usr/src/linux-headers-$k13/scripts")/mod/modpost
# as for a kernel DKMS never built for: no module, no remembered outcome
in_root "$root" dkms remove "enetstl/$ver" -k "$k13" >/dev/null 2>&1
rm -rf "$root/var/lib/enetstl/dkms/$ver/$k13"
in_root "$root" dpkg-divert --local --rename --divert "$modpost.enetstl-test" --add "$modpost" >/dev/null
if apt_root "$root" install --reinstall "linux-headers-$k13" >"$logs/apt-unbuildable.log" 2>&1 &&
   [ -z "$(in_root "$root" dpkg --audit)" ]; then
	ok "unbuildable $k13 (no modpost): apt install --reinstall linux-headers-$k13 succeeds, dpkg --audit is clean"
else
	ko "unbuildable $k13: apt failed or left packages unconfigured"; show "$logs/apt-unbuildable.log" 30
fi
[ -z "$(mods "$k13")" ] && ok "unbuildable $k13: no module installed for it" ||
	ko "unbuildable $k13: a module is installed: $(mods "$k13")"
if msg=$(ko_check "$kbpo"); then ok "unbuildable $k13: $kbpo keeps its module"; else ko "unbuildable $k13: $kbpo: $msg"; fi
out=$(in_root "$root" enetstl status 2>&1)
fix=$(echo "$out" | grep -A1 "^problem: enetstl $ver does not build for kernel $k13" | sed -n 's/^  fix: .*retry: //p')
if [ -n "$fix" ]; then
	ok "unbuildable $k13: enetstl status: $(echo "$out" | grep "^problem: .*$k13")"
else
	ko "unbuildable $k13: enetstl status does not name it:"; echo "$out" | sed 's/^/    /'
fi
in_root "$root" dpkg-divert --local --rename --remove "$modpost" >/dev/null
if [ -n "$fix" ] && in_root "$root" sh -c "$fix" >"$logs/fix.log" 2>&1 && msg=$(ko_check "$k13"); then
	ok "unbuildable $k13: kbuild repaired, status's fix ($fix) installs the module: $msg"
else
	ko "unbuildable $k13: the fix '$fix' did not install the module: ${msg:-}"; show "$logs/fix.log"
fi

# 9. boot both trixie kernels, then remove and purge on trixie
boot_all "$k13" ${kbpo:+"$kbpo"}
remove_purge trixie
result
