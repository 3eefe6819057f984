# SPDX-License-Identifier: GPL-2.0
#
# eNetSTL top-level build.
#   make demo      boot the stock Debian 6.1 kernel in QEMU, load enetstl.ko,
#                  run a small XDP program that uses the kfuncs, print results
#   make check     unit tests, BTF-step tests, DKMS test, VM tests on the
#                  newest installed 6.1 and 6.12 kernels
#   make modules   enetstl.ko for the test kernels (or KVERS="...")
#   make examples  the NF examples (XDP objects, enetstl-example) in build/examples
#   make bench     kfunc micro-benchmarks and NF benchmarks (bench-nf) in the VM
#   make deb / rpm  the three packages into build/packages (debian/, rpm/)
#   make check-packages  the packages end to end: a debootstrap root, DKMS on
#                  6.1 then a 6.12 upgrade, both booted in QEMU, purge
# Both demo and check first run tests/setup-deps.sh (apt; idempotent).

VERSION := $(shell cat VERSION)
BUILD := $(CURDIR)/build
KVERS ?= $(shell tests/kernels.sh 2>/dev/null)
MULTIARCH := $(shell gcc -print-multiarch)

# clang 15+ emits BTF type tags, so that objects with kptrs load with standard
# tools (bpftool, ip, xdp-loader) on 6.4+; Debian 12 and 13 both ship clang-19.
CLANG ?= clang-19
BPFTOOL ?= bpftool
BPF_CFLAGS := -O2 -g -Wall -Werror -target bpf -mcpu=v3 \
	-I/usr/include/$(MULTIARCH) -I$(BUILD)/include -Ilibenetstl-bpf/include
HDRS := $(wildcard libenetstl-bpf/include/enetstl/*.h) $(BUILD)/include/enetstl/version.h
# The userspace side: the libbpf helper for loaders (enetstl/loader.h).
USER_HDRS := $(wildcard libenetstl-bpf/include-user/enetstl/*.h)

# verifier_<group>: rejected misuse of one kfunc group (test_verifier.c).
VERIFIER_PROGS := verifier_bitops verifier_crc32c verifier_compare verifier_hash verifier_random \
	verifier_simd verifier_mem verifier_list
TEST_PROGS := kfunc_calls compare_calls hash_calls cm_calls random_calls rx_path fpu_stress \
	simd_calls mem_calls list_calls skiplist mem_dtor $(VERIFIER_PROGS)
TEST_OBJS := $(TEST_PROGS:%=$(BUILD)/bpf/%.bpf.o)
TEST_SKELS := $(TEST_PROGS:%=$(BUILD)/bpf/%.skel.h)
RUNNER := $(BUILD)/enetstl-vmtest
# The test library every C test program links (tests/lib).
TL := tests/lib/tl.c tests/lib/tl.h
RUNNER_CFLAGS := -static -O2 -g -Wall -Wextra -Werror -I$(BUILD)/bpf -I$(BUILD)/include \
	-Ilibenetstl-bpf/include -Ilibenetstl-bpf/include-user -Itests/bpf/progs -Itests/ref -Itests/lib
RUNNER_LIBS := -lbpf -lelf -lz -lzstd -lpthread -lm

.PHONY: all setup modules bpf runner unit check check-unit check-btf check-dkms \
	check-vm demo dkms-source examples examples-dist headers install-headers install-examples \
	install-tools deb rpm check-packages bench bench-nf bench-nf-build bench-modules nfc-modules clean
all: modules bpf runner

setup:
	@tests/setup-deps.sh

$(BUILD)/include/enetstl/version.h: libenetstl-bpf/include/enetstl/version.h.in VERSION
	@mkdir -p $(dir $@)
	sed 's/@VERSION@/$(VERSION)/' $< > $@

# Headers for BPF authors, as the -dev/-devel packages install them.
PREFIX ?= /usr
headers: $(BUILD)/include/enetstl/version.h $(BUILD)/libenetstl-bpf.pc

$(BUILD)/libenetstl-bpf.pc: libenetstl-bpf/libenetstl-bpf.pc.in VERSION
	@mkdir -p $(dir $@)
	sed -e 's|@VERSION@|$(VERSION)|' -e 's|@PREFIX@|$(PREFIX)|' $< > $@

install-headers: headers
	install -d $(DESTDIR)$(PREFIX)/include/enetstl $(DESTDIR)$(PREFIX)/share/pkgconfig
	install -m 644 libenetstl-bpf/include/enetstl/*.h libenetstl-bpf/include-user/enetstl/*.h \
		$(BUILD)/include/enetstl/version.h \
		$(DESTDIR)$(PREFIX)/include/enetstl/
	install -m 644 $(BUILD)/libenetstl-bpf.pc $(DESTDIR)$(PREFIX)/share/pkgconfig/

# A kernel of another suite builds in that suite's root (tests/kernels/).
IN_ROOT := tests/kernels/in-root.sh
modules:
	@for k in $(KVERS); do $(IN_ROOT) $$k $(MAKE) -C kmod KVER=$$k || exit 1; done

# --- BPF test programs and the static in-guest runner ---
bpf: $(TEST_OBJS) $(TEST_SKELS)

# One exception: clang-19's code for the skip-list test program takes 6.1's
# verifier past its 1M-instruction budget (6.12 and later accept it), so
# that one test object is built with the default clang (14 on Debian 12).
TEST_CLANG_skiplist := clang
$(BUILD)/bpf/%.bpf.o: tests/bpf/progs/%.bpf.c tests/bpf/progs/*.h $(HDRS)
	@mkdir -p $(dir $@)
	$(or $(TEST_CLANG_$*),$(CLANG)) $(BPF_CFLAGS) -Itests/bpf/progs -c $< -o $@

$(BUILD)/bpf/%.skel.h: $(BUILD)/bpf/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $* > $@

# The verifier objects' skeletons, and their list for test_verifier.c.
$(BUILD)/bpf/verifier_progs.h: Makefile
	@mkdir -p $(@D)
	{ for p in $(VERIFIER_PROGS); do echo "#include \"$$p.skel.h\""; done; \
	  printf '#define VERIFIER_PROGS(X)'; \
	  for p in $(VERIFIER_PROGS); do printf ' X(%s)' $$p; done; echo; } > $@

runner: $(RUNNER)
$(RUNNER): tests/bpf/runner/*.c tests/bpf/runner/*.h tests/ref/*.h $(TL) $(TEST_SKELS) $(USER_HDRS) \
		$(BUILD)/bpf/verifier_progs.h
	$(CC) $(RUNNER_CFLAGS) -o $@ tests/bpf/runner/*.c tests/lib/tl.c $(RUNNER_LIBS) 2>&1 | \
		{ grep -v 'statically linked applications' || true; }
	@test -x $@

# --- examples ---
# Network functions: each one body (examples/<nf>/<nf>.bpf.c), its variants
# built from it with defines (see examples/README.md). Object names:
# <nf>[_k<rows>][_<flavor>]_<ebpf|enetstl>.
EXAMPLES := $(BUILD)/examples
NF_VARIANTS := $(foreach k,2 4 6 8,cm_k$(k)_best_ebpf cm_k$(k)_ebpf cm_k$(k)_enetstl \
		cm_k$(k)_crc_enetstl) \
	$(foreach k,4 8,ns_k$(k)_best_ebpf ns_k$(k)_ebpf ns_k$(k)_enetstl) cuckoo_best_ebpf cuckoo_ebpf \
	cuckoo_enetstl cuckoo_crc_enetstl htss_best_ebpf htss_ebpf htss_enetstl htss_crc_enetstl \
	cffs_best_ebpf cffs_ebpf cffs_enetstl carousel_ebpf carousel_enetstl kv_ebpf kv_enetstl
NF_SRC_cm := examples/countmin/countmin.bpf.c
NF_SRC_ns := examples/nitrosketch/nitrosketch.bpf.c
NF_SRC_cuckoo := examples/cuckoo/cuckoo.bpf.c
NF_SRC_htss := examples/htss/htss.bpf.c
NF_SRC_cffs := examples/cffs/cffs.bpf.c
NF_SRC_carousel := examples/carousel/carousel.bpf.c
NF_SRC_kv := examples/kvstore/kvstore.bpf.c
NF_HDRS := examples/common/*.h examples/*/*.h $(HDRS) $(USER_HDRS)
# What `make examples` builds, for packaging (install-examples, and so the
# enetstl-examples .deb and .rpm): EXAMPLE_OBJS are XDP objects,
# EXAMPLE_PROGS the programs, each with a man page examples/*/NAME.8.
EXAMPLE_OBJS := $(EXAMPLES)/flowhash.bpf.o $(NF_VARIANTS:%=$(EXAMPLES)/%.bpf.o)
EXAMPLE_PROGS := $(EXAMPLES)/enetstl-demo $(EXAMPLES)/enetstl-example
examples: $(EXAMPLE_OBJS) $(EXAMPLE_PROGS) $(BUILD)/enetstl-nftest

# The example programs are static by default (they also run in the busybox
# test guest); the packages build them with EXAMPLE_STATIC=0: linked against
# the shared libbpf, with the distribution's CFLAGS/LDFLAGS (hardening).
EXAMPLE_STATIC ?= 1
ifeq ($(EXAMPLE_STATIC),1)
EXAMPLE_CFLAGS := -static -O2 -g
EXAMPLE_LIBS := $(RUNNER_LIBS)
else
EXAMPLE_CFLAGS := -O2 -g $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Wl,--as-needed
EXAMPLE_LIBS := -lbpf -lpthread -lm
endif

# Installed layout: the programs need root (BPF, XDP attach): sbin, section
# 8. BPF objects go where libxdp puts its own, /usr/lib/<triplet>/bpf/
# (Fedora: LIBDIR=%{_libdir}), in an enetstl/ subdirectory. examples-dist
# builds only what is packaged (not the test programs `make examples` also
# builds, static, which would need more Build-Depends).
LIBDIR ?= $(PREFIX)/lib/$(MULTIARCH)
BPFDIR ?= $(LIBDIR)/bpf/enetstl
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
examples-dist: $(EXAMPLE_OBJS) $(EXAMPLE_PROGS)
install-examples: examples-dist
	@for p in $(notdir $(EXAMPLE_PROGS)); do \
		set -- examples/*/$$p.8; [ $$# -eq 1 ] && [ -f "$$1" ] || \
		{ echo "install-examples: $$p needs exactly one man page examples/*/$$p.8" >&2; exit 1; }; \
	done
	install -d $(DESTDIR)$(BPFDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 644 $(EXAMPLE_OBJS) $(DESTDIR)$(BPFDIR)/
	install -m 755 $(EXAMPLE_PROGS) $(DESTDIR)$(SBINDIR)/
	install -m 644 $(foreach p,$(notdir $(EXAMPLE_PROGS)),$(wildcard examples/*/$(p).8)) \
		$(DESTDIR)$(MANDIR)/man8/

$(EXAMPLES)/flowhash.bpf.o: examples/demo/flowhash.bpf.c examples/demo/*.h $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# cm_k8_enetstl -> -DNF_ROWS=8 -DNF_ENETSTL=1, source NF_SRC_cm;
# cuckoo_crc_enetstl -> -DNF_ENETSTL=1 -DNF_FLAVOR_CRC=1; cm_k8_best_ebpf -> the
# best pure eBPF (-DNF_FLAVOR_BEST=1, see examples/README.md); the first word is the
# NF (kv_enetstl: no rows)
nf_words = $(subst _, ,$(1))
nf_defs = -DNF_ENETSTL=$(if $(filter enetstl,$(call nf_words,$(1))),1,0) \
	$(patsubst k%,-DNF_ROWS=%,$(filter k%,$(wordlist 2,9,$(call nf_words,$(1))))) \
	$(if $(filter crc,$(call nf_words,$(1))),-DNF_FLAVOR_CRC=1) \
	$(if $(filter best,$(call nf_words,$(1))),-DNF_FLAVOR_BEST=1)
.SECONDEXPANSION:
$(NF_VARIANTS:%=$(EXAMPLES)/%.bpf.o): $(EXAMPLES)/%.bpf.o: \
		$$(NF_SRC_$$(firstword $$(call nf_words,$$*))) $(NF_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -Iexamples/common -I$(dir $<) $(call nf_defs,$*) -c $< -o $@

$(EXAMPLES)/%.skel.h: $(EXAMPLES)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $* > $@

# Static (EXAMPLE_STATIC=1), so that they also run in the busybox guest.
$(EXAMPLES)/enetstl-demo: examples/demo/enetstl-demo.c examples/demo/flowhash.h \
		kmod/core/*.h $(EXAMPLES)/flowhash.skel.h
	$(CC) $(EXAMPLE_CFLAGS) -Wall -Wextra -Werror -I$(EXAMPLES) -Ikmod/core -Iexamples/demo \
		-o $@ $< $(EXAMPLE_LIBS) 2>&1 | { grep -v 'statically linked applications' || true; }
	@test -x $@

NF_USER_CFLAGS := -Wall -Wextra -Werror -I$(EXAMPLES) -Ikmod/core \
	-Iexamples/common -Iexamples -I$(BUILD)/include -Ilibenetstl-bpf/include \
	-Ilibenetstl-bpf/include-user
NF_USER_SRCS := examples/common/*.c examples/cuckoo/cuckoo_ctl.c examples/kvstore/kv_ctl.c
NF_SKELS := $(NF_VARIANTS:%=$(EXAMPLES)/%.skel.h)
$(EXAMPLES)/nf_skels.h: Makefile
	@mkdir -p $(dir $@)
	@{ for v in $(NF_VARIANTS); do echo "#include \"$$v.skel.h\""; done; \
	   echo "#define NF_SKEL_LIST(X) \\"; \
	   for v in $(NF_VARIANTS); do echo "	X($$v) \\"; done; echo; } > $@

$(EXAMPLES)/enetstl-example: examples/loader/*.c $(NF_USER_SRCS) $(NF_HDRS) kmod/core/*.h \
		$(NF_SKELS) $(EXAMPLES)/nf_skels.h
	$(CC) $(EXAMPLE_CFLAGS) $(NF_USER_CFLAGS) -o $@ examples/loader/*.c $(NF_USER_SRCS) \
		$(EXAMPLE_LIBS) 2>&1 | \
		{ grep -v 'statically linked applications' || true; }
	@test -x $@

# The count-min in plain kernel C (tests/bench/nfmod, test-only module) and
# its XDP side, one object per row count: cm_k<rows>_kc, variants of the NF
# tests and the bench only (not examples, not packaged).
NFC := $(BUILD)/nfc
NF_KC_VARIANTS := $(foreach k,2 4 6 8,cm_k$(k)_kc)
$(NF_KC_VARIANTS:%=$(NFC)/%.bpf.o): $(NFC)/cm_k%_kc.bpf.o: tests/bench/nfc.bpf.c $(NF_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -Iexamples/common -Iexamples -DNF_ROWS=$* -c $< -o $@
$(NFC)/%.skel.h: $(NFC)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $* > $@
$(NFC)/nf_kc_skels.h: Makefile
	@mkdir -p $(dir $@)
	@{ for v in $(NF_KC_VARIANTS); do echo "#include \"$$v.skel.h\""; done; \
	   echo "#define NF_KC_SKEL_LIST(X) \\"; \
	   for v in $(NF_KC_VARIANTS); do echo "	X($$v) \\"; done; echo; } > $@
nfc-modules: modules
	@for k in $(KVERS); do $(IN_ROOT) $$k $(MAKE) --no-print-directory -C tests/bench/nfmod KVER=$$k || exit 1; done

# The NF oracle tests and benchmark (runs in the VM: tests/nf/).
$(BUILD)/enetstl-nftest: tests/nf/*.c tests/nf/*.h $(NF_USER_SRCS) $(NF_HDRS) kmod/core/*.h \
		$(NF_SKELS) $(EXAMPLES)/nf_skels.h $(NF_KC_VARIANTS:%=$(NFC)/%.skel.h) $(NFC)/nf_kc_skels.h
	$(CC) -static -O2 -g $(NF_USER_CFLAGS) -I$(NFC) -Itests/nf -Itests/ref -o $@ tests/nf/*.c $(NF_USER_SRCS) \
		$(RUNNER_LIBS) 2>&1 | \
		{ grep -v 'statically linked applications' || true; }
	@test -x $@

# --- benchmarks: pure eBPF vs kfunc, in the VM ---
bench: setup modules bench-modules nfc-modules $(BUILD)/bench/enetstl-bench \
		$(BUILD)/bench/enetstl-slbench bench-nf-build
	@tests/bench/run-bench.sh $(KVERS)
	@tests/nf/run-nf-bench.sh $(KVERS)

# The NF examples alone: ns per packet of eNetSTL, the best pure eBPF, the
# same algorithm in pure eBPF and plain kernel C (tests/nf/).
bench-nf: setup modules nfc-modules bench-nf-build
	@tests/nf/run-nf-bench.sh $(KVERS)
bench-nf-build: $(BUILD)/enetstl-nftest

# The skip list pair: eNetSTL (tests/bpf/progs/skiplist.bpf.c) against the same
# list in plain kernel C behind one kfunc (tests/bench/slmod, test-only module).
bench-modules: modules
	@for k in $(KVERS); do $(IN_ROOT) $$k $(MAKE) --no-print-directory -C tests/bench/slmod KVER=$$k || exit 1; done

$(BUILD)/bench/slbench.bpf.o: tests/bench/slbench.bpf.c tests/bpf/progs/skiplist.h \
		tests/bpf/progs/skiplist_run.bpf.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -Itests/bpf/progs -c $< -o $@

$(BUILD)/bench/slbench.skel.h: $(BUILD)/bench/slbench.bpf.o
	$(BPFTOOL) gen skeleton $< name slbench > $@

$(BUILD)/bench/enetstl-slbench: tests/bench/enetstl-slbench.c $(BUILD)/bench/slbench.skel.h \
		$(BUILD)/bpf/skiplist.skel.h libenetstl-bpf/include-user/enetstl/loader.h $(TL)
	$(CC) -static -O2 -g -Wall -Wextra -Werror -I$(BUILD)/bench -I$(BUILD)/bpf -Itests/bpf/progs \
		-Ilibenetstl-bpf/include -Ilibenetstl-bpf/include-user -Itests/lib -o $@ $< tests/lib/tl.c \
		$(RUNNER_LIBS) 2>&1 | { grep -v 'statically linked applications' || true; }
	@test -x $@

$(BUILD)/bench/bench.bpf.o: tests/bench/bench.bpf.c tests/bench/bench.h $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -Itests/bench -c $< -o $@

$(BUILD)/bench/bench.skel.h: $(BUILD)/bench/bench.bpf.o
	$(BPFTOOL) gen skeleton $< name bench > $@

$(BUILD)/bench/enetstl-bench: tests/bench/enetstl-bench.c tests/bench/bench.h $(BUILD)/bench/bench.skel.h
	$(CC) -static -O2 -g -Wall -Wextra -Werror -I$(BUILD)/bench -Itests/bench \
		-Ilibenetstl-bpf/include -Ilibenetstl-bpf/include-user -o $@ $< \
		$(RUNNER_LIBS) 2>&1 | { grep -v 'statically linked applications' || true; }
	@test -x $@

# --- tests ---
check: setup
	@tests/check.sh

check-unit:
	$(MAKE) -C tests/unit check

check-btf: modules
	@for k in $(KVERS); do tests/kmod/test-btf-step.sh $$k || exit 1; done

check-dkms:
	tests/dkms/test-dkms.sh $(KVERS)

check-vm: modules bpf runner
	@for k in $(KVERS); do tests/bpf/run-vm-tests.sh $$k || exit 1; done

demo: setup
	@$(MAKE) --no-print-directory -s KVERS="$$(tests/kernels.sh 6.1)" modules examples
	@examples/demo/run-demo.sh "$$(tests/kernels.sh 6.1)"

# The DKMS source tree (/usr/src/enetstl-$(VERSION)): what dkms and the
# enetstl-dkms packages install. DESTDIR=/usr/src/enetstl-$(VERSION) by default.
DKMS_SRC ?= /usr/src/enetstl-$(VERSION)
dkms-source:
	@rm -rf $(DKMS_SRC)
	@mkdir -p $(DKMS_SRC)/kmod $(DKMS_SRC)/libenetstl-bpf
	cp VERSION $(DKMS_SRC)/
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf > $(DKMS_SRC)/dkms.conf
	cp -r kmod/Makefile kmod/Kbuild kmod/*.c kmod/*.h kmod/core kmod/btf kmod/dkms $(DKMS_SRC)/kmod/
	cp -r libenetstl-bpf/include $(DKMS_SRC)/libenetstl-bpf/

# `enetstl status`, shipped in the enetstl-dkms packages.
install-tools:
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 755 kmod/tools/enetstl $(DESTDIR)$(SBINDIR)/enetstl
	install -m 644 kmod/tools/enetstl.8 $(DESTDIR)$(MANDIR)/man8/enetstl.8

# --- packages (debian/, rpm/) into build/packages; see tests/packaging ---
PKGOUT := $(BUILD)/packages
deb:
	@tests/packaging/build-deb.sh $(PKGOUT)

rpm:
	@tests/packaging/build-rpm.sh $(PKGOUT)

check-packages: setup
	@tests/packaging/run.sh

clean:
	rm -rf $(BUILD)
	$(MAKE) -C kmod clean
