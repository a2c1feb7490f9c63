/* CRC-32 (zlib) and FNV-1a 64. */
#include "ser/checksum.h"

uint32_t ser_crc32(uint32_t crc, const void *data, size_t len)
{
    /* The 256-entry table is rebuilt per call (2048 shifts) so that the
     * library holds no writable static state; cheap next to any file. */
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++)
        crc = table[(crc ^ p[i]) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

uint64_t ser_fnv1a64(uint64_t hash, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= 0x100000001b3ULL;
    }
    return hash;
}
