#!/usr/bin/env python3
"""Attribute perf script samples under a root frame: self symbols and inclusive frames."""
import sys, re, collections, subprocess
path, root = sys.argv[1], sys.argv[2]
groups = sys.argv[3:]  # name=regex
def demangle(names):
    p = subprocess.run(['swift', 'demangle', '--simplified', '--compact'], input='\n'.join(names), capture_output=True, text=True)
    return p.stdout.split('\n')
samples = []
stack = []
with open(path) as f:
    for line in f:
        line = line.rstrip('\n')
        if not line:
            if stack: samples.append(stack)
            stack = []
            continue
        if line.startswith('\t') or line.startswith(' '):
            parts = line.strip().split(None, 1)
            stack.append(parts[1] if len(parts) > 1 else '?')
        else:
            stack = []
if stack: samples.append(stack)
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
