#!/bin/bash
# test-install.sh DEBDIR: the fleet story, end to end, in a debootstrap
# bookworm root made by mkroot.sh, with the root's own apt and dkms:
#  1. kernel 6.1 image + headers, then apt install the three .debs from
#     DEBDIR: DKMS builds enetstl.ko for 6.1, with module BTF;
#  2. the newest 6.12 image + headers and nothing else: the dkms kernel hook
#     builds for 6.12 (this script never runs dkms);
#  3. a BPF program compiled in the root against the installed headers;
#  4. each kernel boots the root in QEMU (boot-root.sh, guest-init.sh):
#     modprobe, kfuncs, the installed example, the probe, enetstl status;
#  5. apt remove, then purge: no module, no dkms tree, no file left.
# Prints PASS/FAIL lines and "install: N passed, N failed, N skipped".
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
# shellcheck disable=SC2034 # used by lib.sh
STAGE=install
[ $# -eq 1 ] || { echo "usage: $0 DEBDIR" >&2; exit 2; }
debdir=$(cd "$1" && pwd)
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
in_root "$root" dpkg -L enetstl-dkms enetstl-examples libenetstl-bpf-dev >"$work/files" 2>&1

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

# 4. boot each kernel with this root
root_umount "$root"
size=$(( $(du -sm "$root" | cut -f1) * 13 / 10 + 256 ))
if mkfs.ext4 -q -F -L enetstl-root -d "$root" "$work/root.img" "${size}M" >"$work/mkfs.log" 2>&1; then
	for k in $k61 $k612; do
		out=$("$here/boot-root.sh" "$work/root.img" "$root" "$k" "$logs/console-$k.log" 2>&1); rc=$?
		echo "$out"
		[ $rc -eq 0 ] || echo "$out" | grep -q '^FAIL' ||
			ko "boot $k: $(echo "$out" | tail -n 1)"
	done
else
	ko "mkfs.ext4 -d of the root"; show "$work/mkfs.log"
fi
root_mount "$root"

# 5. remove, then purge
if apt_root "$root" remove enetstl-dkms enetstl-examples libenetstl-bpf-dev >"$logs/apt-remove.log" 2>&1; then
	left=$(mods '*'; ls -d "$root/var/lib/dkms/enetstl" 2>/dev/null)
	[ -z "$left" ] && ok "apt remove: no enetstl module for any kernel, no /var/lib/dkms/enetstl" ||
		ko "apt remove left: $left"
else
	ko "apt remove"; show "$logs/apt-remove.log"
fi
# Packages without conffiles are gone from dpkg after remove; purge what is left.
rc_pkgs=$(in_root "$root" dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' 2>/dev/null |
	awk '$1 != "un" && $2 ~ /enetstl/ {print $2}')
# shellcheck disable=SC2086 # package list
if [ -z "$rc_pkgs" ] && echo "nothing to purge: dpkg knows no enetstl package after remove" >"$logs/apt-purge.log" ||
   apt_root "$root" purge $rc_pkgs >"$logs/apt-purge.log" 2>&1; then
	left=$(grep '^/' "$work/files" | while read -r f; do
		[ -e "$root$f" ] && [ ! -d "$root$f" ] && echo "$f"; done
		ls -d "$root"/usr/src/enetstl-* "$root"/usr/include/enetstl "$root"/usr/lib/*/bpf/enetstl 2>/dev/null)
	known=$(in_root "$root" dpkg-query -W -f '${db:Status-Abbrev}${Package}\n' 'enetstl*' 'libenetstl*' 2>/dev/null | grep -v '^un')
	if [ -z "$left" ] && [ -z "$known" ] && [ -s "$work/files" ]; then
		ok "apt purge (${rc_pkgs:-nothing left to purge}): none of the $(grep -c '^/' "$work/files") packaged paths left, dpkg knows no enetstl package"
	else
		ko "apt purge left: $left $known"
	fi
else
	ko "apt purge"; show "$logs/apt-purge.log"
fi
result
