#!/bin/bash
# mkroot.sh [SUITE]: print the path of a cached Debian minbase root of SUITE
# (default bookworm) as a tarball, made with debootstrap when missing or stale
# (older than a week, or made by another version of this script). A stable
# suite's apt knows SUITE, -updates, -security and -backports; sid and
# experimental know sid (and experimental). Concurrent runs wait for each other.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
SUITE=${1:-$SUITE}

key=$({ cat "$here/mkroot.sh"; echo "$MIRROR $SUITE"; } | md5sum | cut -c1-12)
tarball=$CACHE/base-$SUITE-$key.tar
mkdir -p "$CACHE"
exec 8>"$CACHE/mkroot.lock"
flock 8

if [ -s "$tarball" ] && [ -n "$(find "$tarball" -mtime -7)" ]; then
	echo "$tarball"
	exit 0
fi
command -v debootstrap >/dev/null || { echo "mkroot: debootstrap missing: run tests/setup-deps.sh" >&2; exit 1; }

dir=$(mktemp -d "$CACHE/mkroot.XXXXXX")
trap 'root_remove "$dir"' EXIT
echo "mkroot: debootstrap $SUITE minbase into $dir (cached in $tarball)" >&2
mkdir -p "$CACHE/debootstrap-debs"
debootstrap --variant=minbase --cache-dir="$CACHE/debootstrap-debs" \
	"$SUITE" "$dir" "$MIRROR" >"$dir.log" 2>&1 ||
	{ tail -n 20 "$dir.log" >&2; rm -f "$dir.log"; exit 1; }
rm -f "$dir.log"
case $SUITE in
sid|unstable|experimental)
	printf 'deb %s sid main\n' "$MIRROR" > "$dir/etc/apt/sources.list"
	[ "$SUITE" != experimental ] ||
		printf 'deb %s experimental main\n' "$MIRROR" >> "$dir/etc/apt/sources.list" ;;
*)
	cat > "$dir/etc/apt/sources.list" <<EOT
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb ${MIRROR%/debian}/debian-security $SUITE-security main
deb $MIRROR $SUITE-backports main
EOT
	;;
esac
# No daemons in a chroot.
printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
chmod +x "$dir/usr/sbin/policy-rc.d"
echo enetstl-test > "$dir/etc/hostname"
rm -f "$dir"/var/cache/apt/archives/*.deb
chmod 755 "$dir"	# mktemp made it 0700: the root's /, for every user
tar -C "$dir" -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
rm -f "$CACHE"/base-"$SUITE"-*.tar.old
for old in "$CACHE"/base-"$SUITE"-*.tar; do
	[ "$old" = "$tarball" ] || rm -f "$old"
done
echo "$tarball"
