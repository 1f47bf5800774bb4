import re, sys, collections
# Usage: strace -f -tt -T -s 80 -e trace=write,pwrite64,fsync,fdatasync,fallocate,ftruncate -o TRACE \
#            .build/release/StoreBenchmarks --commits ... ; python3 Scripts/strace_commit_phases.py TRACE
# Cuts an strace -f -tt -T trace of StoreBenchmarks into commit phases, using the progress lines the
# benchmark writes to stdout (full run) or its "@@ begin/end" markers on stderr (--commits), and
# prints per phase: commits, and per syscall: count, per commit, mean and total latency.
path = sys.argv[1]
line_re = re.compile(r'^(\d+)\s+[\d:.]+\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()(.*?)(?:= (-?\d+)[^<]*<([\d.]+)>)?\s*$')
phases = []  # (name, commits, counter)
current = None
def start(name, commits):
    global current
    current = (name, commits, collections.defaultdict(lambda: [0, 0.0, 0]))
    phases.append(current)
pending = {}
for line in open(path):
    m = line_re.match(line)
    if not m: continue
    pid, resumed, name, rest, ret, lat = m.groups()
    if name == 'write' and ('write(1,' in line or 'write(2,' in line):
        text = rest
        if '@@ begin' in text:
            t = re.search(r'@@ begin (.*?)\\n', text).group(1)
            start(t, 1000 if t.endswith('single') else 4000)
        elif '@@ end' in text:
            current = None
        else:
            t = re.search(r'"(.*?)(\\n|")', text)
            t = t.group(1) if t else ''
            if ': bulk l' in t or ': memory' in t:
                eng = t.split(':')[0]
                start(eng + ' single', 1000)
            elif ': durabl' in t:
                eng = t.split(':')[0]
                start(eng + ' 8 threads', 4000)
            elif ': concur' in t:
                current = None
        continue
    if current is None: continue
    c = current[2]
    if resumed:
        if lat: c[resumed][1] += float(lat)
        if ret is not None and resumed in ('write', 'pwrite64') and int(ret) > 0: c[resumed][2] += int(ret)
        continue
    c[name][0] += 1
    if lat: c[name][1] += float(lat)
    if 'unfinished' not in line and ret is not None and name in ('write','pwrite64'):
        c[name][2] += int(ret) if int(ret) > 0 else 0
for name, commits, c in phases:
    if not c: continue
    print(f'== {name} ({commits} commits)')
    for sc, (n, total, nbytes) in sorted(c.items()):
        extra = f', {nbytes/max(n,1):.0f} bytes each' if nbytes else ''
        print(f'   {sc:10s} {n:6d} calls, {n/commits:.2f} per commit, mean {1e3*total/max(n,1):.3f} ms, total {total:.3f} s{extra}')
