// Prefetch hints for reading page records in a memory map (SchemaGenRuntime's PageFile): Swift
// has no prefetch instruction of its own. A hint never faults, so a range past the map is harmless.
#include "MemoryPrefetch.h"

void schemagen_prefetch_range(const void *bytes, size_t count) {
    const size_t line = 64;
    uintptr_t first = (uintptr_t)bytes & ~(uintptr_t)(line - 1);
    uintptr_t end = (uintptr_t)bytes + count;
    for (uintptr_t p = first; p < end; p += line) __builtin_prefetch((const void *)p, 0, 3);
}
