#!/usr/bin/env python3
"""Split samples under a root frame by the innermost frame matching an owner pattern (demangled)."""
import sys, re, collections
from perfsamples import stacks, demangled
path, root, owners_file = sys.argv[1], sys.argv[2], sys.argv[3]
owners = [l.rstrip('\n').split('=', 1) for l in open(owners_file) if '=' in l and not l.startswith('#')]
rr=re.compile(root)
under=[s for s in demangled(stacks(path)) if any(rr.search(f) for f in s)]
res=[(n,re.compile(r)) for n,r in owners]
c=collections.Counter(); other=collections.Counter()
for s in under:
    for f in s:
        hit=None
        for n,r in res:
            if r.search(f): hit=n; break
        if hit: c[hit]+=1; break
    else:
        c['(other)']+=1; other[s[0]]+=1
print(f"root {root!r}: {len(under)} samples")
for n,_ in owners+[('(other)','')]:
    if c[n]: print(f"{100*c[n]/len(under):6.2f}% {c[n]:6d} {n}")
print("top other:", [(k[:80],v) for k,v in other.most_common(8)])
