#!/bin/bash
# The kfuncs the module registers (BTF_ID_FLAGS in kmod/) against the ones
# the headers declare (`extern ... ENETSTL_KFUNC;` in libenetstl-bpf):
# each must be in both. Prints one PASS or FAIL line per direction and a
# result line; exits non-zero on a difference.
set -u
cd "$(dirname "$0")/.."
reg=$(grep -ho 'BTF_ID_FLAGS(func, *[a-z0-9_]*' kmod/*.c kmod/*.h | sed 's/.*, *//' | sort -u)
decl=$(cat libenetstl-bpf/include/enetstl/*.h | tr '\n' ' ' | grep -o 'extern [^;]*;' |
	grep 'ENETSTL_KFUNC' | sed -E 's/\(.*//; s/.*[ *]//' | sort -u)
pass=0 fail=0
only_reg=$(comm -23 <(echo "$reg") <(echo "$decl"))
only_decl=$(comm -13 <(echo "$reg") <(echo "$decl"))
if [ -z "$only_reg" ]; then
	echo "PASS: kfuncs: all $(echo "$reg" | wc -l) registered kfuncs are declared in the headers"
	pass=$((pass + 1))
else
	echo "FAIL: kfuncs registered but not declared in libenetstl-bpf/include:" $only_reg
	fail=$((fail + 1))
fi
if [ -z "$only_decl" ]; then
	echo "PASS: kfuncs: all $(echo "$decl" | wc -l) declared kfuncs are registered by the module"
	pass=$((pass + 1))
else
	echo "FAIL: kfuncs declared but not registered by kmod/:" $only_decl
	fail=$((fail + 1))
fi
echo "kfunc-registry: $pass passed, $fail failed"
[ $fail -eq 0 ]
