# SPDX-License-Identifier: GPL-2.0
#
# eNetSTL top-level build.
#   make demo      boot the stock Debian 6.1 kernel in QEMU, load enetstl.ko,
#                  run a small XDP program that uses the kfuncs, print results
#   make check     every test stage on the kernel matrix (tests/check.sh,
#                  tests/README.md): unit, BTF step, DKMS, VM suites, NFs
#   make modules   enetstl.ko for the test kernels (or KVERS="...")
#   make examples  the NF examples (XDP objects, enetstl-example) in build/examples
#   make bench     kfunc micro-benchmarks and NF benchmarks (bench-nf) in the VM
#   make deb / rpm  the three packages into build/packages (debian/, rpm/)
#   make check-packages  the packages end to end in debootstrap roots: DKMS
#                  across kernel upgrades and bookworm -> trixie -> backports,
#                  each booted in QEMU, purge (docs/packaging.md)
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
	verifier_simd verifier_mem verifier_list verifier_flow verifier_cuckoo verifier_cffs \
	verifier_wheel
TEST_PROGS := kfunc_calls compare_calls hash_calls cm_calls cuckoo_calls cffs_calls wheel_calls random_calls flow_calls rx_path fpu_stress \
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

# Link a static binary with $(CC) and the arguments $(1). glibc warns that
# static binaries still load NSS modules; the warning is filtered out, and
# since the filter hides the compiler's exit status, the target is removed
# first and must exist after: a failed link cannot leave an old binary.
define static_link
	@rm -f $@
	$(CC) $(1) 2>&1 | { grep -v 'statically linked applications' || true; }
	@test -x $@
endef

runner: $(RUNNER)
$(RUNNER): tests/bpf/runner/*.c tests/bpf/runner/*.h tests/ref/*.h $(TL) $(TEST_SKELS) $(USER_HDRS) \
		$(BUILD)/bpf/verifier_progs.h
	$(call static_link,$(RUNNER_CFLAGS) -o $@ tests/bpf/runner/*.c tests/lib/tl.c $(RUNNER_LIBS))

# --- examples ---
# Network functions: each one body (examples/<nf>/<nf>.bpf.c), its variants
# built from it with defines (see examples/README.md), listed in one place:
# examples/variants.mk (NF_TABLE: OBJECT:NF:ROWS:FLAVOR:ebpf|enetstl).
EXAMPLES := $(BUILD)/examples
include examples/variants.mk
# Tables of OBJECT:FIELD:... rows (this one and NF_KC_TABLE below):
# row_field OBJECT,TABLE,N is field N of OBJECT's row; row_names TABLE the objects.
row_field = $(word $(3),$(subst :, ,$(filter $(1):%,$(2))))
row_names = $(foreach r,$(1),$(firstword $(subst :, ,$(r))))
nf_field = $(call row_field,$(1),$(NF_TABLE),$(2))
NF_VARIANTS := $(call row_names,$(NF_TABLE))
nf_uniq = $(if $(1),$(firstword $(1)) $(call nf_uniq,$(filter-out $(firstword $(1)),$(1))))
NF_NAMES := $(call nf_uniq,$(foreach v,$(NF_VARIANTS),$(call nf_field,$(v),2)))
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

# cm_k8_enetstl -> -DNF_ENETSTL=1 -DNF_ROWS=8, source examples/countmin/countmin.bpf.c;
# cuckoo_crc_enetstl -> -DNF_ENETSTL=1 -DNF_FLAVOR_CRC=1; cm_k8_best_ebpf -> the
# best pure eBPF (-DNF_FLAVOR_BEST=1, see examples/README.md)
nf_upper = $(subst a,A,$(subst b,B,$(subst c,C,$(subst d,D,$(subst e,E,$(subst f,F,$(subst g,G,\
	$(subst h,H,$(subst i,I,$(subst j,J,$(subst k,K,$(subst l,L,$(subst m,M,$(subst n,N,\
	$(subst o,O,$(subst p,P,$(subst q,Q,$(subst r,R,$(subst s,S,$(subst t,T,$(subst u,U,\
	$(subst v,V,$(subst w,W,$(subst x,X,$(subst y,Y,$(subst z,Z,$(1)))))))))))))))))))))))))))
nf_defs = -DNF_ENETSTL=$(if $(filter enetstl,$(call nf_field,$(1),5)),1,0) \
	$(patsubst %,-DNF_ROWS=%,$(filter-out -,$(call nf_field,$(1),3))) \
	$(patsubst %,-DNF_FLAVOR_%=1,$(call nf_upper,$(filter-out -,$(call nf_field,$(1),4))))
nf_src = examples/$(call nf_field,$(1),2)/$(call nf_field,$(1),2).bpf.c
# Debian 13's UAPI <linux/bpf.h> declares the BPF list types, Debian 12's
# does not: examples/common/nf_graph.bpf.h declares them only where missing.
NF_UAPI_DEFS := $(shell printf '\043include <linux/bpf.h>\nstruct bpf_list_head x;\n' | \
	$(CLANG) $(BPF_CFLAGS) -fsyntax-only -x c - 2>/dev/null && echo -DNF_UAPI_BPF_LIST=1)
.SECONDEXPANSION:
$(NF_VARIANTS:%=$(EXAMPLES)/%.bpf.o): $(EXAMPLES)/%.bpf.o: \
		$$(call nf_src,$$*) $(NF_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) $(NF_UAPI_DEFS) -Iexamples/common -I$(dir $<) $(call nf_defs,$*) \
		-c $< -o $@

$(EXAMPLES)/%.skel.h: $(EXAMPLES)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $* > $@

# Static (EXAMPLE_STATIC=1), so that they also run in the busybox guest.
$(EXAMPLES)/enetstl-demo: examples/demo/enetstl-demo.c examples/demo/flowhash.h \
		kmod/core/*.h $(EXAMPLES)/flowhash.skel.h
	$(call static_link,$(EXAMPLE_CFLAGS) -Wall -Wextra -Werror -I$(EXAMPLES) -Ikmod/core -Iexamples/demo \
		-o $@ $< $(EXAMPLE_LIBS))

NF_USER_CFLAGS := -Wall -Wextra -Werror -I$(EXAMPLES) -Ikmod/core \
	-Iexamples/common -Iexamples -I$(BUILD)/include -Ilibenetstl-bpf/include \
	-Ilibenetstl-bpf/include-user
# The userspace side of every NF: its descriptor (examples/NF/NF_ops.c, a
# struct nf_ops) and control plane (*_ctl.c), and the code they share.
NF_USER_SRCS := examples/common/*.c \
	$(filter-out examples/common/%,$(wildcard examples/*/*_ops.c examples/*/*_ctl.c))
NF_SKELS := $(NF_VARIANTS:%=$(EXAMPLES)/%.skel.h)
# Every skeleton (nf_skels.h); the tables of variants, X(OBJECT, NF, ROWS,
# ENETSTL, FLAVOR), and of NFs, X(NF), from examples/variants.mk (nf_list.h).
$(EXAMPLES)/nf_skels.h: Makefile examples/variants.mk
	@mkdir -p $(dir $@)
	@for v in $(NF_VARIANTS); do echo "#include \"$$v.skel.h\""; done > $@
$(EXAMPLES)/nf_list.h: Makefile examples/variants.mk
	@mkdir -p $(dir $@)
	@{ echo "#define NF_SKEL_LIST(X) \\"; \
	   $(foreach v,$(NF_VARIANTS),echo "	X($(v), $(call nf_field,$(v),2), \
		$(patsubst -,0,$(call nf_field,$(v),3)), $(if $(filter enetstl,$(call nf_field,$(v),5)),1,0), \
		\"$(patsubst -,,$(call nf_field,$(v),4))\") \\";) echo; \
	   echo "#define NF_OPS_LIST(X) \\"; \
	   for n in $(NF_NAMES); do echo "	X($$n) \\"; done; echo; } > $@

$(EXAMPLES)/enetstl-example: examples/loader/*.c $(NF_USER_SRCS) $(NF_HDRS) kmod/core/*.h \
		$(NF_SKELS) $(EXAMPLES)/nf_skels.h $(EXAMPLES)/nf_list.h
	$(call static_link,$(EXAMPLE_CFLAGS) $(NF_USER_CFLAGS) -o $@ examples/loader/*.c $(NF_USER_SRCS) \
		$(EXAMPLE_LIBS))

# The NFs in plain kernel C (tests/bench/nfmod, test-only module) and their
# XDP sides (tests/bench/nfc_NF.bpf.c): variants of the NF tests and the bench
# only (not examples, not packaged), one per line as OBJECT:NF:ROWS:FLAVOR,
# the FLAVOR of the eNetSTL variant whose algorithm (and reference) they share.
NF_KC_TABLE := cm_k2_kc:countmin:2:crc cm_k4_kc:countmin:4:crc cm_k6_kc:countmin:6:crc \
	cm_k8_kc:countmin:8:crc cuckoo_kc:cuckoo:-:crc cuckoo_table_kc:cuckoo:-:table \
	kv_kc:kvstore:-:-
NFC := $(BUILD)/nfc
kc_field = $(call row_field,$(1),$(NF_KC_TABLE),$(2))
NF_KC_VARIANTS := $(call row_names,$(NF_KC_TABLE))
$(NF_KC_VARIANTS:%=$(NFC)/%.bpf.o): $(NFC)/%.bpf.o: tests/bench/nfc_$$(call kc_field,$$*,2).bpf.c \
		$(NF_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -Iexamples/common -Iexamples \
		$(patsubst %,-DNF_ROWS=%,$(filter-out -,$(call kc_field,$*,3))) -c $< -o $@
$(NFC)/%.skel.h: $(NFC)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $* > $@
$(NFC)/nf_kc_skels.h: Makefile
	@mkdir -p $(dir $@)
	@{ for v in $(NF_KC_VARIANTS); do echo "#include \"$$v.skel.h\""; done; \
	   echo "#define NF_KC_SKEL_LIST(X) \\"; \
	   $(foreach v,$(NF_KC_VARIANTS),echo "	X($(v), $(call kc_field,$(v),2), \
		$(patsubst -,0,$(call kc_field,$(v),3)), \"$(patsubst -,,$(call kc_field,$(v),4))\") \\";) \
	   echo; } > $@
# The NFs' common floor (parse and counters only), timed by the NF bench.
$(NFC)/nf_floor.bpf.o: tests/bench/nf_floor.bpf.c $(NF_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -Iexamples/common -Iexamples -c $< -o $@
nfc-modules: modules
	@for k in $(KVERS); do $(IN_ROOT) $$k $(MAKE) --no-print-directory -C tests/bench/nfmod KVER=$$k || exit 1; done

# The NF oracle tests and benchmark (runs in the VM: tests/nf/).
$(BUILD)/enetstl-nftest: tests/nf/*.c tests/nf/*.h $(NF_USER_SRCS) $(NF_HDRS) kmod/core/*.h \
		$(NF_SKELS) $(EXAMPLES)/nf_skels.h $(EXAMPLES)/nf_list.h $(NF_KC_VARIANTS:%=$(NFC)/%.skel.h) \
		$(NFC)/nf_kc_skels.h $(NFC)/nf_floor.skel.h tests/lib/tl.[ch]
	$(call static_link,-static -O2 -g $(NF_USER_CFLAGS) -I$(NFC) -Itests/nf -Itests/ref -Itests/lib -o $@ \
		tests/nf/*.c tests/lib/tl.c $(NF_USER_SRCS) \
		$(RUNNER_LIBS))

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
	$(call static_link,-static -O2 -g -Wall -Wextra -Werror -I$(BUILD)/bench -I$(BUILD)/bpf -Itests/bpf/progs \
		-Ilibenetstl-bpf/include -Ilibenetstl-bpf/include-user -Itests/lib -o $@ $< tests/lib/tl.c \
		$(RUNNER_LIBS))

$(BUILD)/bench/bench.bpf.o: tests/bench/bench.bpf.c tests/bench/bench.h $(HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -Itests/bench -c $< -o $@

$(BUILD)/bench/bench.skel.h: $(BUILD)/bench/bench.bpf.o
	$(BPFTOOL) gen skeleton $< name bench > $@

$(BUILD)/bench/enetstl-bench: tests/bench/enetstl-bench.c tests/bench/bench.h $(BUILD)/bench/bench.skel.h
	$(call static_link,-static -O2 -g -Wall -Wextra -Werror -I$(BUILD)/bench -Itests/bench \
		-Ilibenetstl-bpf/include -Ilibenetstl-bpf/include-user -o $@ $< \
		$(RUNNER_LIBS))

# --- tests ---
check: setup
	@tests/check.sh

check-unit:
	$(MAKE) -C tests/unit check

check-btf: modules
	@for k in $(KVERS); do $(IN_ROOT) $$k tests/kmod/test-btf-step.sh \
		kmod/build/$$k/obj/enetstl.ko $$k || exit 1; done

# DKMS on this host, for this host's kernels (another suite's kernel has its
# headers only in that suite's root; make check-packages covers those).
check-dkms:
	tests/dkms/test-dkms.sh $$(for k in $(KVERS); do \
		[ "$$(tests/kernels.sh --root $$k)" != / ] || echo $$k; done)

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
