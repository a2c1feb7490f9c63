/* ser/checksum.h - checksums and fingerprints of byte strings.
 *
 * CRC-32 is the IEEE 802.3 / zlib polynomial (python: zlib.crc32), used
 * for file integrity.  FNV-1a 64 is used for short, stable identifiers
 * (feature-layout hashes, training-data fingerprints).  Both can be
 * computed incrementally: pass the previous value back in. */
#ifndef SER_CHECKSUM_H
#define SER_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* CRC-32 (reflected, polynomial 0xEDB88320) of data[0..len), continuing
 * from `crc` (0 for a fresh checksum).  Equals zlib.crc32(data, crc). */
uint32_t ser_crc32(uint32_t crc, const void *data, size_t len);

#define SER_FNV1A64_INIT 0xcbf29ce484222325ULL
/* FNV-1a 64 of data[0..len), continuing from `hash` (SER_FNV1A64_INIT
 * for a fresh hash). */
uint64_t ser_fnv1a64(uint64_t hash, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
