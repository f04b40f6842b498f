/* SHA-256 (FIPS 180-4) of a buffer: how a journal names the draft bytes it was started on
 * (docs/journal.md), so that recovery judges a draft by its content, not its time stamp. */
#ifndef SELFEVAL_STORE_SHA256_H
#define SELFEVAL_STORE_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* out gets 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);

#endif
