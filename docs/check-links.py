#!/usr/bin/env python3
# Check that the relative links (and #anchors into .md files) of the given
# markdown files resolve. Usage: docs/check-links.py README.md docs/*.md tests/README.md
import re,os,sys
def slugs(path):
    s=set()
    for l in open(path):
        m=re.match(r'^#+\s+(.*)',l)
        if m:
            h=m.group(1).strip().lower()
            h=re.sub(r'[^\w\- ]','',h).replace(' ','-')
            s.add(h)
    return s
bad=0; n=0
for f in sys.argv[1:]:
    txt=open(f).read()
    txt=re.sub(r'```.*?```','',txt,flags=re.S)
    for m in re.finditer(r'\]\(([^)\s]+)\)',txt):
        t=m.group(1); n+=1
        if re.match(r'(https?|mailto):',t): continue
        path,_,anc=t.partition('#')
        tgt=os.path.normpath(os.path.join(os.path.dirname(f),path)) if path else f
        if not os.path.exists(tgt):
            print(f"{f}: missing {t}"); bad+=1; continue
        if anc and tgt.endswith('.md') and anc not in slugs(tgt):
            print(f"{f}: bad anchor {t}"); bad+=1
print(f"{n} links, {bad} bad"); sys.exit(bad>0)
