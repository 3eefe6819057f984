// SPDX-License-Identifier: GPL-2.0
/*
 * test_fpu.c - FPU integrity: the kfuncs' AVX2 code must never corrupt the
 * vector registers of the task it interrupts. Each thread fills ymm0-ymm15
 * with its own pattern, sends a datagram with a raw syscall (the receive
 * path, generic XDP and the AVX2 kfuncs run inside it, as softirq work in
 * this task's context), and reads the registers back in the same asm block.
 * Without kernel_fpu_begin()/end() around the AVX2 code this fails at once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "runner.h"
#include "test_common.h"
#include "fpu_stress.skel.h"

#define FPU_ROUNDS	4000	/* datagrams per thread */
#define FPU_THREADS	2

struct fpu_thread {
	int sock;
	unsigned int id;
	unsigned long corrupt, sent;
};

/* ymm0-15 <- in, sendto(), out <- ymm0-15, all in one asm block. */
static long sendto_keeping_ymm(int fd, const void *buf, size_t len, const struct sockaddr_in *dst,
			       const uint64_t in[64], uint64_t out[64])
{
	register long r10 __asm__("r10") = 0;
	register const void *r8 __asm__("r8") = dst;
	register long r9 __asm__("r9") = sizeof(*dst);
	long ret = SYS_sendto;

	__asm__ volatile(
		"vmovdqu 0(%[in]), %%ymm0\n\t"    "vmovdqu 32(%[in]), %%ymm1\n\t"
		"vmovdqu 64(%[in]), %%ymm2\n\t"   "vmovdqu 96(%[in]), %%ymm3\n\t"
		"vmovdqu 128(%[in]), %%ymm4\n\t"  "vmovdqu 160(%[in]), %%ymm5\n\t"
		"vmovdqu 192(%[in]), %%ymm6\n\t"  "vmovdqu 224(%[in]), %%ymm7\n\t"
		"vmovdqu 256(%[in]), %%ymm8\n\t"  "vmovdqu 288(%[in]), %%ymm9\n\t"
		"vmovdqu 320(%[in]), %%ymm10\n\t" "vmovdqu 352(%[in]), %%ymm11\n\t"
		"vmovdqu 384(%[in]), %%ymm12\n\t" "vmovdqu 416(%[in]), %%ymm13\n\t"
		"vmovdqu 448(%[in]), %%ymm14\n\t" "vmovdqu 480(%[in]), %%ymm15\n\t"
		"syscall\n\t"
		"vmovdqu %%ymm0, 0(%[out])\n\t"    "vmovdqu %%ymm1, 32(%[out])\n\t"
		"vmovdqu %%ymm2, 64(%[out])\n\t"   "vmovdqu %%ymm3, 96(%[out])\n\t"
		"vmovdqu %%ymm4, 128(%[out])\n\t"  "vmovdqu %%ymm5, 160(%[out])\n\t"
		"vmovdqu %%ymm6, 192(%[out])\n\t"  "vmovdqu %%ymm7, 224(%[out])\n\t"
		"vmovdqu %%ymm8, 256(%[out])\n\t"  "vmovdqu %%ymm9, 288(%[out])\n\t"
		"vmovdqu %%ymm10, 320(%[out])\n\t" "vmovdqu %%ymm11, 352(%[out])\n\t"
		"vmovdqu %%ymm12, 384(%[out])\n\t" "vmovdqu %%ymm13, 416(%[out])\n\t"
		"vmovdqu %%ymm14, 448(%[out])\n\t" "vmovdqu %%ymm15, 480(%[out])\n\t"
		"vzeroupper"
		: "+a"(ret)
		: "D"(fd), "S"(buf), "d"(len), "r"(r10), "r"(r8), "r"(r9),
		  [in] "r"(in), [out] "r"(out)
		: "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
		  "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
		  "xmm14", "xmm15");
	return ret;
}

static void *fpu_thread_fn(void *arg)
{
	struct fpu_thread *t = arg;
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(FPU_PORT),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	uint64_t in[64], out[64], seed = 0x9e3779b97f4a7c15ull * (t->id + 1);
	uint8_t payload[FPU_PAYLOAD];

	for (int round = 0; round < FPU_ROUNDS; round++) {
		for (int i = 0; i < 64; i++) {
			seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
			in[i] = seed;
		}
		memcpy(payload, in, sizeof(payload));	/* matching entries, varied keys */
		if (sendto_keeping_ymm(t->sock, payload, sizeof(payload), &dst, in, out) ==
		    (long)sizeof(payload))
			t->sent++;
		if (memcmp(in, out, sizeof(in)))
			t->corrupt++;
	}
	return NULL;
}

void test_fpu_integrity(void)
{
	struct fpu_stress *skel;
	struct fpu_thread th[FPU_THREADS] = {};
	pthread_t tid[FPU_THREADS];
	int ifindex = if_nametoindex("lo");
	unsigned long corrupt = 0, sent = 0;
	uint64_t seen = 0, calls = 0, held = 0;
	uint32_t k0 = 0, k1 = 1, k2 = 2;
	char label[200];

	if (!cpu_has_flag("avx2")) {
		tl_skip("CPU has no AVX2: scalar paths only", "[native] FPU integrity under AVX2 kfuncs");
		return;
	}
	tl_errors = 0;
	skel = fpu_stress__open_and_load();
	if (!CHECK(skel, "fpu_stress load: %s", strerror(errno)))
		goto out;
	if (!CHECK(!bpf_xdp_attach(ifindex, bpf_program__fd(skel->progs.xdp_fpu_stress),
				   XDP_FLAGS_SKB_MODE, NULL), "attach to lo: %s", strerror(errno)))
		goto out;
	for (int i = 0; i < FPU_THREADS; i++) {
		th[i].id = i;
		th[i].sock = socket(AF_INET, SOCK_DGRAM, 0);
		pthread_create(&tid[i], NULL, fpu_thread_fn, &th[i]);
	}
	for (int i = 0; i < FPU_THREADS; i++) {
		pthread_join(tid[i], NULL);
		close(th[i].sock);
		corrupt += th[i].corrupt;
		sent += th[i].sent;
	}
	bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL);
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.fpu_counts), &k0, &seen);
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.fpu_counts), &k1, &calls);
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.fpu_counts), &k2, &held);
	CHECK_EQ("datagrams sent", sent, FPU_THREADS * FPU_ROUNDS);
	/* Not vacuous: the AVX2 kfuncs really ran inside those syscalls. */
	CHECK(seen >= sent * 9 / 10, "XDP saw only %llu of %lu datagrams",
	      (unsigned long long)seen, sent);
	/* About half of the calls ran in sections the program held. */
	CHECK(held > calls / 4 && held < calls * 3 / 4, "%llu of %llu calls in held sections",
	      (unsigned long long)held, (unsigned long long)calls);
	CHECK_EQ("rounds with corrupted ymm registers", corrupt, 0);
out:
	fpu_stress__destroy(skel);
	snprintf(label, sizeof(label),
		 "[native] FPU integrity: %d threads x %d sends with ymm0-15 live, %llu kfunc calls in XDP (%llu in held SIMD sections), %lu corrupted",
		 FPU_THREADS, FPU_ROUNDS, (unsigned long long)calls, (unsigned long long)held, corrupt);
	tl_result("%s", label);
}
