/* journal_read on arbitrary bytes: it must never crash, and every record it returns must be,
 * byte for byte, the next well-formed record of the input with a matching CRC. The check
 * parses the input again here, independently, with a bit-by-bit CRC. */
#include "store/journal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

typedef struct {
    const uint8_t *data;
    size_t size, off;
    size_t records;
} walk;

/* The record the reader just returned must be exactly the one at w->off. */
static int verify(void *ctx, const char *payload, size_t len)
{
    walk *w = ctx;
    const uint8_t *p = w->data + w->off;
    size_t left = w->size - w->off;
    if (left < 13 || memcmp(p, "J1 ", 3) != 0 || p[11] != ' ')
        abort();
    uint32_t crc = 0;
    for (int i = 3; i < 11; i++) {
        uint8_t c = p[i];
        uint32_t v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10u;
        else
            abort();
        crc = crc << 4 | v;
    }
    size_t i = 12, l = 0;
    while (i < left && p[i] >= '0' && p[i] <= '9') {
        l = l * 10 + (size_t)(p[i] - '0');
        i++;
        if (i - 12 > 12)
            abort();
    }
    if (i == 12 || i >= left || p[i] != ' ')
        abort();
    i++;
    if (l != len || left - i < l + 1 || p[i + l] != '\n')
        abort();
    if (memcmp(p + i, payload, len) != 0 || memchr(payload, '\n', len))
        abort();
    if (crc_bitwise(p + i, l) != crc)
        abort();
    w->off += i + l + 1;
    w->records++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/fuzz-journal-%ld", tmp && strlen(tmp) < 32 ? tmp : "/tmp",
                 (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    chmod(path, 0600);   /* journal_read trusts no journal others may write, whatever the umask */
    walk w = {data, size, 0, 0};
    size_t ignored = (size_t)-1;
    char *err = NULL;
    int rc = journal_read(path, verify, &w, &ignored, &err);
    if (rc != 0)
        abort(); /* a readable file never makes journal_read fail */
    if (err)
        abort();
    if (w.off + ignored != size)
        abort(); /* every byte is either an intact record or counted as ignored */
    unlink(path);
    return 0;
}
