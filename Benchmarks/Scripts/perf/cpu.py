#!/usr/bin/env python3
"""CPU samples (cpu-clock, 4000 Hz: 0.25 ms each) of each workload in a perf script of a StoreBenchmarks run."""
import sys, collections
from perfsamples import stacks, demangled
def load(path): return demangled(stacks(path))
def has(d, *subs): return any(any(x in f for x in subs) for f in d)
for path in sys.argv[1:]:
    S=load(path)
    c=collections.Counter()
    for d in S:
        fetch=has(d,'BTree.withValue','BTreeFetchAhead')
        if has(d,'GroupedQuery.count(order:limit:)'):
            c['grouped counts (top 10 authors + messages per day)']+=1
            if fetch: c['  of which with a row fetch on the stack (top 10 authors)']+=1
        if has(d,'typedNewestInChat'): c['typed newest 100']+=1
        if has(d,'Snapshot.scan') and has(d,'RowCursor'):
            c['row scans (newest 100 + leaderboard)']+=1
            if fetch: c['  of which with a row fetch on the stack (newest 100)']+=1
        if has(d,'Snapshot.get(') : c['point reads (Snapshot.get)']+=1
        if has(d,'typedPointReads'): c['typed point reads']+=1
    print(f"{path}: {len(S)} samples")
    for k in ['grouped counts (top 10 authors + messages per day)','  of which with a row fetch on the stack (top 10 authors)','typed newest 100','row scans (newest 100 + leaderboard)','  of which with a row fetch on the stack (newest 100)','point reads (Snapshot.get)','typed point reads']:
        if c[k]: print(f"  {k}: {c[k]} samples = {c[k]*0.25:.0f} ms CPU")
