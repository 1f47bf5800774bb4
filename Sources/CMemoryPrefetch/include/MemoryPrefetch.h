#ifndef SCHEMAGEN_MEMORY_PREFETCH_H
#define SCHEMAGEN_MEMORY_PREFETCH_H

#include <stddef.h>
#include <stdint.h>

/// Asks the CPU to start loading every cache line of the `count` bytes at `bytes` (for reading),
/// without waiting and without faulting, so the misses of a cold record are all in flight at
/// once instead of met one after another by a loop that reads it front to back. A hint only:
/// nothing is read, and `bytes` may be anything when `count` is 0.
void schemagen_prefetch_range(const void *bytes, size_t count);

#endif
