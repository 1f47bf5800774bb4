#!/usr/bin/env python3
"""Attribute perf script samples under a root frame: self symbols and inclusive frames."""
import sys, re, collections
from perfsamples import stacks, demangle
path, root = sys.argv[1], sys.argv[2]
groups = sys.argv[3:]  # name=regex
samples = stacks(path)
rootre = re.compile(root)
under = [s for s in samples if any(rootre.search(fr) for fr in s)]
print(f"samples total {len(samples)}, under root {len(under)}")
selfc = collections.Counter(s[0] for s in under)
names = [n for n, _ in selfc.most_common(40)]
dm = demangle(names)
for (n, c), d in zip(selfc.most_common(40), dm):
    print(f"{100*c/len(under):6.2f}% {c:6d} {d[:150]}")
print("inclusive:")
for g in groups:
    name, rx = g.split('=', 1)
    r = re.compile(rx)
    c = sum(1 for s in under if any(r.search(fr) for fr in s))
    print(f"{100*c/len(under):6.2f}% {c:6d} {name}")
