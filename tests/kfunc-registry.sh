#!/bin/bash
# The kfuncs the module registers (BTF_ID_FLAGS in kmod/) against the ones
# the headers declare (`extern ... ENETSTL_KFUNC;` in libenetstl-bpf):
# each must be in both; docs/api.md, which lists them too, must be up to
# date. Prints one PASS or FAIL line per check and a
# result line; exits non-zero on a difference.
set -u
cd "$(dirname "$0")/.."
reg=$(grep -ho 'BTF_ID_FLAGS(func, *[a-z0-9_]*' kmod/*.c kmod/*.h | sed 's/.*, *//' | sort -u)
decl=$(cat libenetstl-bpf/include/enetstl/*.h | tr '\n' ' ' | grep -o 'extern [^;]*;' |
	grep 'ENETSTL_KFUNC' | sed -E 's/\(.*//; s/.*[ *]//' | sort -u)
. tests/lib/result.sh
only_reg=$(comm -23 <(echo "$reg") <(echo "$decl"))
only_decl=$(comm -13 <(echo "$reg") <(echo "$decl"))
if [ -z "$only_reg" ]; then
	pass "kfuncs: all $(echo "$reg" | wc -l) registered kfuncs are declared in the headers"
else
	fail "kfuncs registered but not declared in libenetstl-bpf/include:" $only_reg
fi
if [ -z "$only_decl" ]; then
	pass "kfuncs: all $(echo "$decl" | wc -l) declared kfuncs are registered by the module"
else
	fail "kfuncs declared but not registered by kmod/:" $only_decl
fi
# The API index lists the kfuncs too: it must say what the headers say.
if docs/gen-api.sh --check >/dev/null 2>&1; then
	pass "docs/api.md lists the headers' kfuncs as docs/gen-api.sh writes them"
else
	fail "docs/api.md is out of date: run docs/gen-api.sh"
fi
summary kfunc-registry
