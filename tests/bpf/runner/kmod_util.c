// SPDX-License-Identifier: GPL-2.0
/* kmod_util.c - load/unload modules by syscall, read sysfs and the kernel log. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "runner.h"

int mod_load(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	err = syscall(SYS_finit_module, fd, params ? params : "", 0) ? -errno : 0;
	close(fd);
	return err;
}

int mod_unload(const char *name, int wait_ms)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int waited = 0;

	/* A released BPF program drops its module reference after an RCU grace period. */
	for (;;) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return 0;
		if ((errno != EWOULDBLOCK && errno != EBUSY) || waited >= wait_ms)
			return -errno;
		nanosleep(&ts, NULL);
		waited += 20;
	}
}

bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return (int)n;
}

static int kmsg_fd = -1;

static int kmsg_open(void)
{
	if (kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	return kmsg_fd;
}

void kmsg_mark(void)
{
	if (kmsg_open() >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
}

/* Whether a record since kmsg_mark() has one of the '|'-separated @needles. */
bool kmsg_contains(const char *needles)
{
	char rec[2048], alt[256], *save, *needle;
	bool found = false;
	ssize_t n;

	if (kmsg_open() < 0)
		return false;
	while ((n = read(kmsg_fd, rec, sizeof(rec) - 1)) != 0) {
		if (n < 0) {
			if (errno == EPIPE)	/* overwritten records: keep reading */
				continue;
			break;
		}
		rec[n] = '\0';
		snprintf(alt, sizeof(alt), "%s", needles);
		for (needle = strtok_r(alt, "|", &save); needle; needle = strtok_r(NULL, "|", &save))
			found |= strstr(rec, needle) != NULL;
	}
	return found;
}

bool cpu_has_flag(const char *flag)
{
	static char info[1 << 16];
	char *line, pat[64];

	if (read_file("/proc/cpuinfo", info, sizeof(info)) < 0)
		return false;
	line = strstr(info, "\nflags");
	if (!line)
		return false;
	snprintf(pat, sizeof(pat), " %s", flag);
	for (char *p = strstr(line, pat); p; p = strstr(p + 1, pat)) {
		char c = p[strlen(pat)];

		if (c == ' ' || c == '\n')
			return p < strchr(line + 1, '\n');
	}
	return false;
}
