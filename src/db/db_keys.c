/* Submissions of one run that share a key (unit, year, form, project): the database keeps one
 * submission per key, so the later replaces the earlier. Within one run that is never what the
 * bureau meant (two departments' files filed under one unit, the same file copied twice), so
 * each is noted and the command says so. Kept per key: a 64-bit hash and the first file's
 * name (about 60 bytes a submission). */
#include "db_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db_keys {
    uint64_t *hash;    /* 0: empty slot */
    char **file;
    size_t n, cap;     /* cap: a power of two */
    size_t replaced;
    char *said[DB_KEYS_SAID];
    size_t nsaid;
};

static uint64_t mix(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (h ^ 0x1f) * 1099511628211ull;   /* a separator no text holds */
}

static int grow(db_keys *k)
{
    size_t nc = k->cap ? k->cap * 2 : 1024;
    uint64_t *h = calloc(nc, sizeof *h);
    char **f = calloc(nc, sizeof *f);
    if (!h || !f) {
        free(h);
        free(f);
        return -1;
    }
    for (size_t i = 0; i < k->cap; i++) {
        if (!k->hash[i])
            continue;
        size_t j = (size_t)k->hash[i] & (nc - 1);
        while (h[j])
            j = (j + 1) & (nc - 1);
        h[j] = k->hash[i];
        f[j] = k->file[i];
    }
    free(k->hash);
    free(k->file);
    k->hash = h;
    k->file = f;
    k->cap = nc;
    return 0;
}

int db_keys_note(db_keys **kp, const db_submission *s)
{
    if (s->error)
        return 0;                       /* a file not read has no key */
    db_keys *k = *kp;
    if (!k && !(k = *kp = calloc(1, sizeof *k)))
        return -1;
    if ((k->n + 1) * 4 > k->cap * 3 && grow(k) != 0)
        return -1;
    uint64_t h = 1469598103934665603ull;
    h = mix(mix(mix(mix(h, s->unit), s->year), s->form), s->project);
    if (!h)
        h = 1;
    size_t j = (size_t)h & (k->cap - 1);
    while (k->hash[j] && k->hash[j] != h)
        j = (j + 1) & (k->cap - 1);
    if (!k->hash[j]) {
        if (!(k->file[j] = strdup(s->file ? s->file : "")))
            return -1;
        k->hash[j] = h;
        k->n++;
        return 0;
    }
    /* the same key again: this one replaces the one kept */
    k->replaced++;
    if (k->nsaid < DB_KEYS_SAID) {
        char *m = NULL;
        if (asprintf(&m, "%s: the same unit, year, form and project as %s, collected in this "
                         "run: the database keeps this one only",
                     s->file ? s->file : "", k->file[j]) < 0)
            return -1;
        k->said[k->nsaid++] = m;
    }
    char *f = strdup(s->file ? s->file : "");
    if (!f)
        return -1;
    free(k->file[j]);
    k->file[j] = f;
    return 0;
}

size_t db_keys_replaced(const db_keys *k, const char *const **said, size_t *nsaid)
{
    *said = k ? (const char *const *)k->said : NULL;
    *nsaid = k ? k->nsaid : 0;
    return k ? k->replaced : 0;
}

void db_keys_free(db_keys *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->cap; i++)
        free(k->file[i]);
    for (size_t i = 0; i < k->nsaid; i++)
        free(k->said[i]);
    free(k->hash);
    free(k->file);
    free(k);
}
