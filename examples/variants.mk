# SPDX-License-Identifier: GPL-2.0
#
# Every NF variant `make examples` builds, one per line, as
#   OBJECT:NF:ROWS:FLAVOR:ebpf|enetstl
# OBJECT is the object's name (build/examples/OBJECT.bpf.o, the name
# enetstl-example and enetstl-nftest know it by); NF its folder examples/NF/,
# with the one body NF.bpf.c and the descriptor NF_ops (struct nf_ops); ROWS the
# k of a sketch (-DNF_ROWS=k), - for none; FLAVOR which building blocks
# (-DNF_FLAVOR_<FLAVOR>=1, see examples/README.md), - for none. The Makefile
# builds the objects from this list and generates the C table of variants
# (nf_skels.h) from it: adding a variant is adding its line here.
NF_TABLE := \
	cm_k2_best_ebpf:countmin:2:best:ebpf \
	cm_k2_ebpf:countmin:2:-:ebpf \
	cm_k2_enetstl:countmin:2:-:enetstl \
	cm_k2_crc_enetstl:countmin:2:crc:enetstl \
	cm_k4_best_ebpf:countmin:4:best:ebpf \
	cm_k4_ebpf:countmin:4:-:ebpf \
	cm_k4_enetstl:countmin:4:-:enetstl \
	cm_k4_crc_enetstl:countmin:4:crc:enetstl \
	cm_k6_best_ebpf:countmin:6:best:ebpf \
	cm_k6_ebpf:countmin:6:-:ebpf \
	cm_k6_enetstl:countmin:6:-:enetstl \
	cm_k6_crc_enetstl:countmin:6:crc:enetstl \
	cm_k8_best_ebpf:countmin:8:best:ebpf \
	cm_k8_ebpf:countmin:8:-:ebpf \
	cm_k8_enetstl:countmin:8:-:enetstl \
	cm_k8_crc_enetstl:countmin:8:crc:enetstl \
	ns_k4_best_ebpf:nitrosketch:4:best:ebpf \
	ns_k4_ebpf:nitrosketch:4:-:ebpf \
	ns_k4_enetstl:nitrosketch:4:-:enetstl \
	ns_k4_crc_enetstl:nitrosketch:4:crc:enetstl \
	ns_k6_ebpf:nitrosketch:6:-:ebpf \
	ns_k8_best_ebpf:nitrosketch:8:best:ebpf \
	ns_k8_ebpf:nitrosketch:8:-:ebpf \
	ns_k8_enetstl:nitrosketch:8:-:enetstl \
	ns_k8_crc_enetstl:nitrosketch:8:crc:enetstl \
	cuckoo_best_ebpf:cuckoo:-:best:ebpf \
	cuckoo_ebpf:cuckoo:-:-:ebpf \
	cuckoo_enetstl:cuckoo:-:-:enetstl \
	cuckoo_crc_enetstl:cuckoo:-:crc:enetstl \
	cuckoo_table_enetstl:cuckoo:-:table:enetstl \
	htss_best_ebpf:htss:-:best:ebpf \
	htss_ebpf:htss:-:-:ebpf \
	htss_enetstl:htss:-:-:enetstl \
	htss_crc_enetstl:htss:-:crc:enetstl \
	cffs_best_ebpf:cffs:-:best:ebpf \
	cffs_ebpf:cffs:-:-:ebpf \
	cffs_enetstl:cffs:-:-:enetstl \
	cffs_queue_enetstl:cffs:-:queue:enetstl \
	carousel_ebpf:carousel:-:-:ebpf \
	carousel_list_ebpf:carousel:-:list:ebpf \
	carousel_array_ebpf:carousel:-:array:ebpf \
	carousel_enetstl:carousel:-:-:enetstl \
	carousel_wheel_enetstl:carousel:-:wheel:enetstl \
	kv_ebpf:kvstore:-:-:ebpf \
	kv_enetstl:kvstore:-:-:enetstl
