# SPDX-License-Identifier: GPL-2.0
"""Single-step XDP program runs through QEMU's gdbstub (see kfunc-trace.sh).

As a gdb script (gdb -batch -x kfunc-trace.py, env TRACE_*): stop at every
entry of bpf_dispatcher_xdp_func; a run is identified by the program it
calls (rdx) and the number of programs loaded so far (bpf_prog_load), so
that a freed program's address reused by the next is a new program. Past
TRACE_SKIP runs of a program, step TRACE_N runs instruction by instruction
until the dispatcher returns, and write pc, function+offset and instruction.

As a plain script (python3 kfunc-trace.py trace.txt): per traced run, the
number of instructions in each function.
"""
import bisect
import collections
import os
import sys


def load_syms(path):
    syms = []
    for line in open(path, errors="replace"):
        p = line.split()
        if len(p) < 3:
            continue
        try:
            a = int(p[0], 16)
        except ValueError:
            continue
        if a:
            syms.append((a, p[2] + (" " + p[3] if len(p) > 3 else "")))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def summarize(path):
    runs = []
    for line in open(path):
        if line.startswith("==="):
            runs.append((line.strip("= \n"), collections.Counter()))
        elif runs:
            runs[-1][1][line.split()[1].rsplit("+", 1)[0]] += 1
    for head, c in runs:
        print(head)
        for fn, n in c.most_common():
            print("  %5d  %s" % (n, fn))


def trace():
    import gdb  # noqa: only inside gdb

    env = os.environ
    skip, ntrace = int(env.get("TRACE_SKIP", "450")), int(env.get("TRACE_N", "2"))
    nprogs = int(env.get("TRACE_PROGS", "9"))
    addrs, names = load_syms(env["TRACE_SYMS"])
    byname = {n.split()[0]: a for a, n in zip(addrs, names)}
    out = open(env["TRACE_OUT"], "w")
    gdb.execute("set pagination off")
    gdb.execute("target remote 127.0.0.1:%s" % env["TRACE_PORT"])
    arch = gdb.selected_frame().architecture()
    inf = gdb.selected_inferior()
    disp, load = byname["bpf_dispatcher_xdp_func"], byname["bpf_prog_load"]
    gdb.execute("hbreak *0x%x" % disp)
    gdb.execute("hbreak *0x%x" % load)

    def reg(r):
        return int(gdb.parse_and_eval("$" + r)) & 0xFFFFFFFFFFFFFFFF

    def sym(pc):
        i = bisect.bisect_right(addrs, pc) - 1
        if i < 0 or pc - addrs[i] > 0x20000:
            return "bpf_prog", 0
        return names[i], pc - addrs[i]

    loads, fresh = 0, True
    runs, traced, done = collections.Counter(), collections.Counter(), set()
    while len(done) < nprogs:
        gdb.execute("continue", to_string=True)
        if reg("pc") == load:
            loads += 1
            continue
        key = (loads, reg("rdx"))
        runs[key] += 1
        if runs[key] <= skip or key in done:
            continue
        if fresh:  # this boot's module and BPF symbols, written before the first run
            addrs, names = load_syms(env["TRACE_SYMS_NOW"])
            fresh = False
        sp = reg("rsp")
        ret = int.from_bytes(inf.read_memory(sp, 8).tobytes(), "little")
        lines = []
        while not (reg("pc") == ret and reg("rsp") > sp) and len(lines) < 100000:
            pc = reg("pc")
            s, off = sym(pc)
            lines.append("%x %s+0x%x\t%s" % (pc, s, off, arch.disassemble(pc)[0]["asm"]))
            gdb.execute("stepi", to_string=True)
        out.write("=== program %d@%x run %d: %d instructions\n" % (key[0], key[1], runs[key], len(lines)))
        out.write("\n".join(lines) + "\n")
        out.flush()
        traced[key] += 1
        if traced[key] >= ntrace:
            done.add(key)
    gdb.execute("delete")
    gdb.execute("detach")


if __name__ == "__main__" and len(sys.argv) > 1:
    summarize(sys.argv[1])
else:
    trace()
