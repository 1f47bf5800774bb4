#!/usr/bin/env python3
"""Callers (the next frames up) of a target frame in samples under a root frame, from a perf script dump:
callers.py PERF_SCRIPT ROOT_REGEX TARGET_REGEX [DEPTH]."""
import sys, re, collections
from perfsamples import stacks, demangle
path, root, target = sys.argv[1], sys.argv[2], sys.argv[3]
depth = int(sys.argv[4]) if len(sys.argv) > 4 else 3
samples = stacks(path)
rr=re.compile(root); tr=re.compile(target)
c=collections.Counter(); n=0
for s in samples:
    if not any(rr.search(f) for f in s): continue
    for i,f in enumerate(s):
        if tr.search(f):
            c[tuple(s[i+1:i+1+depth])]+=1; n+=1; break
keys=[k for k,_ in c.most_common(12)]
flat=[x for k in keys for x in k]
dm=demangle(flat); i=0
print("total",n)
for k in keys:
    print(c[k], ' <- '.join(d[:110] for d in dm[i:i+len(k)])); i+=len(k)
