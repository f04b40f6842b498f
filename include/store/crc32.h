/* CRC-32 (IEEE 802.3, the one zlib and PNG use) for the journal's per-record checksum. */
#ifndef SELFEVAL_STORE_CRC32_H
#define SELFEVAL_STORE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continues a CRC: start with crc = 0. crc32_update(0, "123456789", 9) == 0xCBF43926. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t n);

#endif
