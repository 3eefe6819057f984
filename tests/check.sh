#!/bin/bash
# make check: every test stage in order, each printing its own PASS/FAIL lines
# and "N passed, N failed" line; then one total line. Exit non-zero on any
# failure. Needs root (module loading in VMs is unprivileged, but DKMS is not).
set -u
cd "$(dirname "$0")/.."
log=$(mktemp)
vq=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$vq"' EXIT
total_pass=0 total_fail=0 total_skip=0 broken=""

# The kernel matrix (tests/kernels/matrix): this host's kernels, then the
# other suites' kernels in their roots, set up (or brought up to date) first.

# account NAME RC LOG: add the closing counts of a stage's output LOG.
account() {
	local name=$1 rc=$2 line p f s
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$3" | tail -n 1)
	if [ -z "$line" ]; then
		echo "check: stage '$name' printed no result line (exit $rc)"
		total_fail=$((total_fail + 1)); broken="$broken $name"
		return
	fi
	p=$(echo "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed.*/\2/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + ${s:-0}))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "check: stage '$name' exited $rc"
		total_fail=$((total_fail + 1))
	fi
	[ "$rc" -eq 0 ] || broken="$broken $name"
}

# stage NAME COMMAND...: run, echo output, add the stage's closing counts.
stage() {
	local name=$1 rc t0=$SECONDS
	shift
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	echo "--- $name: $((SECONDS - t0)) s"
	account "$name" "$rc" "$log"
}

# known KVER: the reason KVER is on tests/kernels/known-failures, if it is
known() {
	local name
	name=$(tests/kernels.sh --name "$1" 2>/dev/null)
	grep -Ev '^[[:space:]]*(#|$)' tests/kernels/known-failures | while read -r pat reason; do
		# shellcheck disable=SC2254 # pat is a glob
		case $1 in $pat) echo "$reason"; break ;; esac
		case $name in $pat) echo "$reason"; break ;; esac
	done
}

# known_skip NAME WHY: a stage of a kernel on the known-failures list: its
# reason instead of counts, counted as skipped.
known_skip() {
	echo "=== $1"
	echo "check: $1: KNOWN FAILURE (tests/kernels/known-failures): $2"
	total_skip=$((total_skip + 1))
}

# kstage NAME KVER COMMAND...: a stage on one kernel, unless it is a known failure.
kstage() {
	local name=$1 why
	why=$(known "$2")
	shift 2
	if [ -n "$why" ]; then known_skip "$name" "$why"; else stage "$name" "$@"; fi
}

# The stages that boot guests run side by side, ENETSTL_CHECK_JOBS at a time
# (default: one per CPU; a TCG guest keeps about one CPU busy), each into its
# own log. Their output and counts are reported in the order they were
# queued, each as soon as it and those before it are done, so the log reads
# as if they had run one by one.
#   vstage NAME KVER COMMAND...: queue a kstage;  vrun: run the queue.
vn=0
vstage() {
	echo "$1" > "$vq/$vn.name"
	known "$2" > "$vq/$vn.why"
	shift 2
	printf '%q ' "$@" > "$vq/$vn.cmd"
	vn=$((vn + 1))
}
vrun() {
	local i jobs=${ENETSTL_CHECK_JOBS:-$(nproc)} name why
	(
		for ((i = 0; i < vn; i++)); do
			[ ! -s "$vq/$i.why" ] || { echo 0 > "$vq/$i.rc"; continue; }
			while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
			(
				t0=$SECONDS
				eval "$(cat "$vq/$i.cmd")" > "$vq/$i.out" 2>&1 </dev/null
				rc=$?
				echo "$((SECONDS - t0))" > "$vq/$i.time"
				echo "$rc" > "$vq/$i.rc.tmp" && mv "$vq/$i.rc.tmp" "$vq/$i.rc"
			) &
		done
		wait
	) &
	for ((i = 0; i < vn; i++)); do
		name=$(cat "$vq/$i.name")
		why=$(cat "$vq/$i.why")
		until [ -e "$vq/$i.rc" ]; do sleep 2; done
		if [ -n "$why" ]; then
			known_skip "$name" "$why"
			continue
		fi
		echo "=== $name"
		cat "$vq/$i.out"
		echo "--- $name: $(cat "$vq/$i.time") s"
		account "$name" "$(cat "$vq/$i.rc")" "$vq/$i.out"
	done
	wait
	vn=0
	rm -f "$vq"/*
}

# quiet NAME COMMAND...: run COMMAND, show its output, one result line.
quiet() {
	local name=$1 rc
	shift
	"$@" >"$log.q" 2>&1
	rc=$?
	cat "$log.q"; rm -f "$log.q"
	if [ $rc -eq 0 ]; then echo "$name: 1 passed, 0 failed"; else echo "$name: 0 passed, 1 failed"; fi
	return $rc
}

# A BPF program built against the installed headers only, found by pkg-config.
installed_headers() {
	local stage=$PWD/build/stage
	rm -rf "$stage"
	make -s install-headers DESTDIR="$stage" >/dev/null || return 1
	if PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_LIBDIR=$stage/usr/share/pkgconfig \
	   clang -O2 -g -Wall -Werror -target bpf -mcpu=v3 -I/usr/include/"$(gcc -print-multiarch)" \
		$(PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_LIBDIR=$stage/usr/share/pkgconfig \
		  pkg-config --cflags libenetstl-bpf) \
		-c examples/demo/flowhash.bpf.c -o build/stage/flowhash.bpf.o; then
		echo "PASS: headers: flowhash.bpf.c builds against the installed headers (pkg-config libenetstl-bpf $(PKG_CONFIG_LIBDIR=$stage/usr/share/pkgconfig pkg-config --modversion libenetstl-bpf))"
		echo "headers: 1 passed, 0 failed"
	else
		echo "FAIL: headers: flowhash.bpf.c does not build against the installed headers"
		echo "headers: 0 passed, 1 failed"
		return 1
	fi
}

stage kernel-roots tests/kernels/setup-roots.sh
kernels=$(tests/kernels.sh | tr '\n' ' ')
[ -n "$kernels" ] || { echo "check: no test kernels (run tests/setup-deps.sh)"; exit 1; }
host_kernels=$(for k in $kernels; do [ "$(tests/kernels.sh --root "$k")" != / ] || echo "$k"; done)
ends=$(printf '%s\n' $kernels | sort -V | sed -n '1p;$p' | uniq)
echo "check: test kernels:"
tests/kernels.sh --table | while read -r name rel root; do
	echo "  $name $rel${root:+ ($root)}"
done
# label KVER: "NAME KVER", the matrix name first
label() { echo "$(tests/kernels.sh --name "$1") $1"; }

stage build quiet build make -s bpf runner examples
stage kfunc-registry tests/kfunc-registry.sh
for k in $kernels; do
	kstage "module $(label "$k")" "$k" quiet module tests/kernels/in-root.sh "$k" make -s -C kmod KVER="$k"
done
stage headers installed_headers
stage unit make -s -C tests/unit check
for k in $kernels; do
	kstage "btf-step $(label "$k")" "$k" tests/kernels/in-root.sh "$k" \
		tests/kmod/test-btf-step.sh "kmod/build/$k/obj/enetstl.ko" "$k"
done
# DKMS on this host, for its own kernels (the packaging test runs DKMS in
# bookworm and trixie roots).
# shellcheck disable=SC2086 # a list
stage dkms tests/dkms/test-dkms.sh $host_kernels
for k in $kernels; do
	vstage "vm-harness $(label "$k")" "$k" tests/vm/selftest.sh "$k"
done
for k in $kernels; do
	vstage "vm $(label "$k")" "$k" tests/bpf/run-vm-tests.sh "$k"
done
# The NF examples: oracle tests of every variant, the loader on a veth pair;
# on the oldest and the newest kernel.
for k in $ends; do
	vstage "nf $(label "$k")" "$k" tests/nf/run-nf-tests.sh "$k"
done
# A CPU without AVX (QEMU's Nehalem): the same suite on the generic paths.
for k in $ends; do
	vstage "vm $(label "$k") no-avx2" "$k" tests/bpf/run-vm-tests.sh "$k" Nehalem
done
vrun

echo "=== summary"
[ -z "$broken" ] || echo "check: failing stages:$broken"
echo "check: $((SECONDS / 60)) min $((SECONDS % 60)) s"
echo "check: $total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ] && [ -z "$broken" ]
