/* Recovery's replay of a journal of arbitrary records (a journal torn, or written by someone
 * else into a shared folder, passes its CRC and reaches the edit table's decoders): each line
 * of the input is one record after the journal's true header, the first byte choosing the
 * session ('R': a reviewer's, on a submitted draft; 'A': the clerk's on a returned draft with
 * queries to answer; else the clerk's on a draft being filled). Opening the draft and
 * `doc_recover(APPLY)` must never crash or leak, a refusal must say why, and the draft file
 * is never written (recovery leaves the document unsaved). Run from the top folder (forms/,
 * tests/fixtures/). */
#include "store/doc.h"
#include "store/journal.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const char *src;      /* the draft it starts from */
    doc_mode mode;
    char path[160];       /* its copy, the one opened */
    char *header;         /* the first record of a journal of that copy */
    char *bytes;          /* the copy's content, to see it is never written */
    size_t len;
} session;

static char dir[96];
static const char *const names[] = {"edit.json", "review.json", "answer.json"};
static session sessions[3] = {
    {"tests/fixtures/seed001_project.json", DOC_EDIT, "", NULL, NULL, 0},
    {"tests/fixtures/journals/submitted.json", DOC_REVIEW, "", NULL, NULL, 0},
    {"tests/fixtures/journals/returned.json", DOC_EDIT, "", NULL, NULL, 0},
};

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    char *b = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap && !(b = realloc(b, cap = cap ? cap * 2 : 65536)))
            abort();
        size_t n = fread(b + *len, 1, cap - *len, f);
        if (n == 0)
            break;
        *len += n;
    }
    fclose(f);
    return b;
}

static int first_record(void *ctx, const char *payload, size_t len)
{
    char **h = ctx;
    if (!*h && !(*h = strndup(payload, len)))
        abort();
    return 0;
}

/* Everything beside the drafts goes: journals, set-aside journals, locks. */
static void sweep(void)
{
    DIR *d = opendir(dir);
    if (!d)
        abort();
    struct dirent *e;
    while ((e = readdir(d))) {
        bool keep = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            keep = keep || !strcmp(e->d_name, names[i]);
        if (keep)
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/fuzz-replay-%ld", tmp && strlen(tmp) < 40 ? tmp : "/tmp",
             (long)getpid());
    mkdir(dir, 0700);
    for (size_t i = 0; i < sizeof sessions / sizeof sessions[0]; i++) {
        session *s = &sessions[i];
        snprintf(s->path, sizeof s->path, "%s/%s", dir, names[i]);
        s->bytes = slurp(s->src, &s->len);
        FILE *f = fopen(s->path, "wb");
        if (!f || fwrite(s->bytes, 1, s->len, f) != s->len)
            abort();
        fclose(f);
        /* the header an editing session of this copy writes */
        doc_open_info info;
        char *err = NULL;
        doc *d = doc_open_as(s->path, NULL, s->mode, &info, &err);
        if (!d || doc_get_mode(d) != s->mode) {
            fprintf(stderr, "fuzz_replay: cannot open %s: %s\n", s->path, err ? err : "?");
            abort();
        }
        lock_holder_free(&info.holder);
        char *jp = journal_path_for(s->path);
        size_t ignored = 0;
        if (!jp || journal_read(jp, first_record, &s->header, &ignored, &err) != 0 ||
            !s->header)
            abort();
        free(jp);
        doc_close(d);
        sweep();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    session *s = &sessions[!size ? 0 : data[0] == 'R' ? 1 : data[0] == 'A' ? 2 : 0];
    if (size) {
        data++;
        size--;
    }
    journal *j = NULL;
    char *err = NULL;
    if (journal_open(s->path, &j, &err) != 0 ||
        journal_append(j, s->header, strlen(s->header), &err) != 0)
        abort();
    for (size_t at = 0; at < size;) {
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        size_t n = nl ? (size_t)(nl - (data + at)) : size - at;
        if (n && journal_append(j, (const char *)data + at, n, &err) != 0)
            abort();
        at += n + 1;
    }
    if (journal_close(j, false, &err) != 0)
        abort();

    doc_open_info info;
    doc *d = doc_open_as(s->path, NULL, s->mode, &info, &err);
    if (d) {
        size_t changes = 0;
        if (info.journal_found && doc_recover(d, RECOVER_APPLY, &changes, NULL, &err) != 0 &&
            !err)
            abort(); /* a refusal says why */
        doc_close(d);
    } else if (!err) {
        abort();
    }
    lock_holder_free(&info.holder);
    free(err);
    size_t len = 0;
    char *now = slurp(s->path, &len);
    if (len != s->len || memcmp(now, s->bytes, len) != 0)
        abort(); /* recovery never saves by itself */
    free(now);
    sweep();
    return 0;
}
