#ifndef SCHEMAGEN_CRC32C_HARDWARE_H
#define SCHEMAGEN_CRC32C_HARDWARE_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has a CRC-32C instruction (SSE4.2 `crc32` on x86_64, the ARMv8 CRC
/// extension on arm64), 0 otherwise: then `schemagen_crc32c_hardware_update` must not be called.
int schemagen_crc32c_hardware_available(void);

/// The CRC-32C register `crc` (already inverted, as the running state is) carried over the
/// `count` bytes at `bytes`, with the CPU's instruction. Only when
/// `schemagen_crc32c_hardware_available()` returned 1. `bytes` may be NULL when `count` is 0.
uint32_t schemagen_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t count);

#endif
