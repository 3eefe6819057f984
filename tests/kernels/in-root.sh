#!/bin/bash
# in-root.sh KVER CMD [ARG...]: run CMD where the kbuild of kernel KVER works.
# For this host's own kernels that is here. For a kernel of another suite it
# is that suite's root (tests/kernels/setup-roots.sh), chrooted in a private
# mount namespace, with this repository bind-mounted at its own path: paths
# are the same inside and out, and the mounts go away with the command.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 KVER CMD [ARG...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
k=$1
shift
root=$("$top/tests/kernels.sh" --root "$k") || exit 1
[ "$root" != / ] || exec "$@"
[ "$(id -u)" -eq 0 ] || { echo "in-root: kernel $k lives in $root: chroot needs root" >&2; exit 1; }
case $PWD/ in
"$top"/*) ;;
*) echo "in-root: the working directory $PWD is not inside $top" >&2; exit 1 ;;
esac
# shellcheck disable=SC2016 # expanded by the inner shell
exec unshare --mount --propagation private /bin/bash -c '
	set -e
	r=$1 top=$2 cwd=$3
	shift 3
	mount --bind /dev "$r/dev"
	mount -t proc proc "$r/proc"
	mkdir -p "$r$top"
	mount --bind "$top" "$r$top"
	exec chroot "$r" /usr/bin/env PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 \
		/bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
' in-root "$root" "$top" "$PWD" "$@"
