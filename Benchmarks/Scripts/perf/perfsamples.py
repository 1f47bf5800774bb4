"""Reading `perf script` output: each sample's stack (innermost frame first) and demangled names.
Shared by attr.py, callers.py, cpu.py and split.py."""
import subprocess

def stacks(path):
    """The samples of a `perf script` dump, each a list of its frames' symbols, innermost first."""
    samples, stack = [], []
    for line in open(path):
        line = line.rstrip('\n')
        if not line:
            if stack: samples.append(stack)
            stack = []
            continue
        if line[0] in '\t ':
            parts = line.strip().split(None, 1)
            stack.append(parts[1] if len(parts) > 1 else '?')
    if stack: samples.append(stack)
    return samples

def demangle(names):
    """Swift's simplified demangling of each of `names`, in order."""
    p = subprocess.run(['swift', 'demangle', '--simplified', '--compact'], input='\n'.join(names), capture_output=True, text=True)
    return p.stdout.split('\n')

def demangled(samples):
    """`samples` with every frame demangled."""
    names = sorted({f for s in samples for f in s})
    table = dict(zip(names, demangle(names)))
    return [[table[f] for f in s] for s in samples]
