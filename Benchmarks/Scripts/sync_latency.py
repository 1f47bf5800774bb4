import os, time, sys, statistics
# Usage: python3 Scripts/sync_latency.py DIR WRITES ROUNDS   (DIR on the disk the store uses)
# Latency of one 96-byte durable write, 4 ways, rounds interleaved: append+fsync, append+fdatasync,
# overwrite of zeros written (and synced) ahead + fsync, the same + fdatasync.
d = sys.argv[1]; n = int(sys.argv[2]); rounds = int(sys.argv[3])
rec = b'x' * 96
def run(kind, sync):
    p = f'{d}/f-{kind}-{sync.__name__}'
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (os.O_APPEND if kind == 'append' else 0), 0o600)
    if kind == 'prealloc':
        os.write(fd, b'\0' * (1 << 20)); os.fsync(fd)
    t = time.perf_counter()
    for i in range(n):
        if kind == 'append': os.write(fd, rec)
        else: os.pwrite(fd, rec, i * 96)
        sync(fd)
    dt = (time.perf_counter() - t) / n
    os.close(fd); os.unlink(p)
    return dt
res = {}
for r in range(rounds):
    for kind in ('append', 'prealloc'):
        for sync in (os.fsync, os.fdatasync):
            res.setdefault((kind, sync.__name__), []).append(run(kind, sync))
print('load', open('/proc/loadavg').read().strip())
for k, v in res.items():
    print(f'{k[0]:9s} {k[1]:10s} median {1e3*statistics.median(v):.3f} ms per durable write (min {1e3*min(v):.3f}, max {1e3*max(v):.3f}), {rounds} rounds of {n}')
