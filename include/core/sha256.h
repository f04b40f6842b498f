/* SHA-256 (FIPS 180-4): names exact bytes and values — a draft file in what is exported from it
 * and in summary rows, the draft a journal was started on (docs/journal.md), the values at each
 * review step (docs/draft-format.md). One implementation for every layer; it does no I/O. */
#ifndef SELFEVAL_CORE_SHA256_H
#define SELFEVAL_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64

typedef struct {
    uint32_t h[8];
    uint64_t total;          /* bytes hashed */
    unsigned char buf[64];
    size_t nbuf;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
void sha256_final(sha256_ctx *c, unsigned char out[32]);
/* The sum of buf as 64 lowercase hex digits and a NUL in hex[65]. */
void sha256_hex(const void *buf, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
