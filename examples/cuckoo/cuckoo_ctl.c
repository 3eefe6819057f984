// SPDX-License-Identifier: GPL-2.0
/* cuckoo_ctl.c - control plane of the cuckoo switch (see cuckoo_ctl.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include "crc32c_core.h"
#include "nf_mas.h"
#include "nf_trace.h"
#include "cuckoo_ctl.h"

#define CK_MAX_KICKS 1000

/* The table flavor's one value, mapped: NULL for the array of buckets, or MAP_FAILED. */
static struct ck_bucket *map_table(int fd)
{
	struct bpf_map_info info = { };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return MAP_FAILED;
	if (info.max_entries != 1)
		return NULL;
	if (info.value_size != sizeof(struct ck_table)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	return mmap(NULL, sizeof(struct ck_table), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
}

int ck_ctl_open(struct ck_ctl *c, int fd, enum ck_hash hash)
{
	memset(c, 0, sizeof(*c));
	c->map = map_table(fd);
	if (c->map == MAP_FAILED) {
		c->map = NULL;
		return -errno;
	}
	c->fd = fd;
	c->hash = hash;
	c->rnd = 0x9e3779b97f4a7c15ull;
	enetstl_crc32c_table_init(c->crc);
	c->tab = calloc(CK_BUCKETS, sizeof(*c->tab));
	if (!c->tab) {
		ck_ctl_close(c);
		return -ENOMEM;
	}
	for (__u32 b = 0; b < CK_BUCKETS; b++) {
		if (c->map) {
			c->tab[b] = c->map[b];
		} else if (bpf_map_lookup_elem(fd, &b, &c->tab[b])) {
			int err = -errno;

			ck_ctl_close(c);
			return err;
		}
		for (int s = 0; s < CK_SLOTS; s++)
			c->used += c->tab[b].sig[s] != 0;
	}
	return 0;
}

void ck_ctl_close(struct ck_ctl *c)
{
	free(c->tab);
	c->tab = NULL;
	if (c->map)
		munmap(c->map, sizeof(struct ck_table));
	c->map = NULL;
}

__u32 ck_ctl_hash(const struct ck_ctl *c, const struct enetstl_flow_key *k)
{
	if (c->hash == CK_HASH_MAS) {
		__u64 x[NF_KEY_WORDS];

		nf_mas_words(k, x);
		return nf_mas_row(x, 0) >> 32;
	}
	return enetstl_crc32c_sw(c->crc, CK_SEED, (const u8 *)k, sizeof(*k));
}

static int find(const struct ck_bucket *b, const struct enetstl_flow_key *k, __u16 sig)
{
	for (int s = 0; s < CK_SLOTS; s++)
		if (b->sig[s] == sig && !memcmp(&b->key[s], k, sizeof(*k)))
			return s;
	return -1;
}

static int free_slot(const struct ck_bucket *b)
{
	for (int s = 0; s < CK_SLOTS; s++)
		if (!b->sig[s])
			return s;
	return -1;
}

static int put(struct ck_ctl *c, __u32 b)
{
	struct ck_bucket *m;

	if (!c->map)
		return bpf_map_update_elem(c->fd, &b, &c->tab[b], BPF_ANY) ? -errno : 0;
	/* in place: ports and keys first, then the signatures that point at them */
	m = &c->map[b];
	memcpy(m->port, c->tab[b].port, sizeof(m->port));
	memcpy(m->key, c->tab[b].key, sizeof(m->key));
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memcpy(m->sig, c->tab[b].sig, sizeof(m->sig));
	return 0;
}

/* The slot of @k in its first or alternate bucket (*@bucket), or -ENOENT. */
static int locate(const struct ck_ctl *c, const struct enetstl_flow_key *k, __u32 *bucket)
{
	__u32 h = ck_ctl_hash(c, k), b = h & (CK_BUCKETS - 1);
	__u16 sig = ck_sig(h);
	int s = find(&c->tab[b], k, sig);

	if (s < 0) {
		b = ck_alt(b, sig);
		s = find(&c->tab[b], k, sig);
	}
	*bucket = b;
	return s < 0 ? -ENOENT : s;
}

int ck_ctl_lookup(const struct ck_ctl *c, const struct enetstl_flow_key *k, __u32 *port)
{
	__u32 b;
	int s = locate(c, k, &b);

	if (s < 0)
		return s;
	*port = c->tab[b].port[s];
	return 0;
}

static void set(struct ck_bucket *b, int s, __u16 sig, const struct enetstl_flow_key *k, __u32 port)
{
	b->sig[s] = sig;
	b->key[s] = *k;
	b->port[s] = port;
}

int ck_ctl_insert(struct ck_ctl *c, const struct enetstl_flow_key *k, __u32 port)
{
	__u32 h = ck_ctl_hash(c, k), b1 = h & (CK_BUCKETS - 1), path[CK_MAX_KICKS + 1], b;
	int slot[CK_MAX_KICKS];
	__u16 sig = ck_sig(h);
	struct enetstl_flow_key key = *k;
	int s, n = 0, err;

	/* an update in place */
	s = locate(c, k, &b);
	if (s >= 0) {
		c->tab[b].port[s] = port;
		return put(c, b);
	}
	/* a free slot in either bucket */
	for (int i = 0; i < 2; i++) {
		b = i ? ck_alt(b1, sig) : b1;
		s = free_slot(&c->tab[b]);
		if (s >= 0) {
			set(&c->tab[b], s, sig, k, port);
			c->used++;
			return put(c, b);
		}
	}
	/* random walk: displace a victim to its other bucket until one has room */
	b = (c->rnd >> 7) & 1 ? ck_alt(b1, sig) : b1;
	for (n = 0; n < CK_MAX_KICKS; n++) {
		struct enetstl_flow_key vkey;
		__u32 vport;
		__u16 vsig;

		c->rnd ^= c->rnd << 13;
		c->rnd ^= c->rnd >> 7;
		c->rnd ^= c->rnd << 17;
		s = c->rnd % CK_SLOTS;
		vkey = c->tab[b].key[s];
		vport = c->tab[b].port[s];
		vsig = c->tab[b].sig[s];
		set(&c->tab[b], s, sig, &key, port);
		path[n] = b;
		slot[n] = s;
		key = vkey;
		port = vport;
		sig = vsig;
		b = ck_alt(b, sig);
		s = free_slot(&c->tab[b]);
		if (s >= 0) {
			set(&c->tab[b], s, sig, &key, port);
			path[++n] = b;
			c->used++;
			/* last bucket first: each displaced entry lands before its old slot changes */
			for (int i = n; i >= 0; i--) {
				err = put(c, path[i]);
				if (err)
					return err;
			}
			return 0;
		}
	}
	/* full: undo the kicks on the copy, newest first (the map was not touched);
	 * in hand is always the entry the kick being undone took out */
	for (int i = n - 1; i >= 0; i--) {
		struct ck_bucket *ub = &c->tab[path[i]];
		struct enetstl_flow_key tkey = ub->key[slot[i]];
		__u32 tport = ub->port[slot[i]];
		__u16 tsig = ub->sig[slot[i]];

		set(ub, slot[i], sig, &key, port);
		key = tkey;
		port = tport;
		sig = tsig;
	}
	return -ENOSPC;
}

int ck_ctl_delete(struct ck_ctl *c, const struct enetstl_flow_key *k)
{
	__u32 b;
	int s = locate(c, k, &b);

	if (s < 0)
		return s;
	c->tab[b].sig[s] = 0;
	memset(&c->tab[b].key[s], 0, sizeof(c->tab[b].key[s]));
	c->tab[b].port[s] = 0;
	c->used--;
	return put(c, b);
}

/* Deterministic filler keys: TCP to port 80 from pseudo-random sources, port 1000. */
static int fill_to(struct ck_ctl *c, __u64 *rnd, unsigned int target)
{
	__u32 old;
	int err;

	while (c->used < target) {
		struct enetstl_flow_key k = { .family = 4, .proto = 6, .dport = 0x5000 };

		*rnd ^= *rnd << 13;
		*rnd ^= *rnd >> 7;
		*rnd ^= *rnd << 17;
		k.src[0] = (__u32)*rnd;
		k.dst[0] = (__u32)(*rnd >> 32);
		k.sport = (__u16)(*rnd >> 17);
		if (!ck_ctl_lookup(c, &k, &old))
			continue;
		err = ck_ctl_insert(c, &k, 1000);
		if (err)
			return err;
	}
	return 0;
}

int ck_ctl_fill(struct ck_ctl *c, const struct enetstl_flow_key *keys, const __u32 *ports,
		unsigned int n,
		unsigned int load_pct)
{
	unsigned int target = (__u64)CK_CAPACITY * load_pct / 100, m = 0;
	__u64 rnd = 0x243f6a8885a308d3ull;
	__u32 old;
	int err;

	/* filler first, so that the given keys meet a table as full as asked for */
	for (unsigned int i = 0; i < n; i++)
		m += ports[i] != 0;
	err = fill_to(c, &rnd, target > m ? target - m : 0);
	for (unsigned int i = 0; i < n && !err; i++) {
		if (!ports[i] || !ck_ctl_lookup(c, &keys[i], &old))
			continue;
		err = ck_ctl_insert(c, &keys[i], ports[i]);
	}
	return err ? err : fill_to(c, &rnd, target);
}

int ck_ctl_fill_trace(struct ck_ctl *c, const struct nf_trace *t, unsigned int load_pct)
{
	__u32 *ports = calloc(t->nflows, sizeof(*ports));
	int err;

	if (!ports)
		return -ENOMEM;
	for (unsigned int f = 0; f < t->nflows; f++)
		ports[f] = ck_trace_port(f);
	err = ck_ctl_fill(c, t->flows, ports, t->nflows, load_pct);
	free(ports);
	return err;
}
