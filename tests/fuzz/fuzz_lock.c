/* The edit lock on a lock file of arbitrary bytes (one torn by a crash, or planted in a shared
 * folder by someone else): lock_probe and lock_acquire must never crash or leak; a lock they
 * cannot understand is never deleted or changed and is held by "unknown" (pid 0); a holder
 * they name is one the file names (its user, host and pid lines); a lock taken over is ours
 * and released cleanly. */
#include "store/lock.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], draft[96], lpath[128];

/* Does the input hold the line "key=value\n" (after a newline)? */
static int has_line(const uint8_t *data, size_t size, const char *key, const char *value)
{
    char *line = NULL;
    if (asprintf(&line, "\n%s=%s\n", key, value) < 0)
        abort();
    size_t n = strlen(line);
    int found = 0;
    for (size_t i = 0; !found && i + n <= size; i++)
        found = memcmp(data + i, line, n) == 0;
    free(line);
    return found;
}

static char *slurp(size_t *len)
{
    FILE *f = fopen(lpath, "rb");
    if (!f)
        return NULL;
    char *b = malloc(65536 + 1);
    *len = b ? fread(b, 1, 65536, f) : 0;
    fclose(f);
    return b;
}

static void check_holder(const uint8_t *data, size_t size, lock_status st, const lock_holder *h)
{
    if (st != LOCK_HELD)
        return;
    if (!h->user || !h->host)
        abort();
    char *d = lock_holder_describe(h);
    if (!d)
        abort();
    free(d);
    if (h->pid > 0) {
        char pid[32];
        snprintf(pid, sizeof pid, "%ld", (long)h->pid);
        if (!has_line(data, size, "user", h->user) || !has_line(data, size, "host", h->host) ||
            !has_line(data, size, "pid", pid))
            abort(); /* a holder the file does not name */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/fuzz-lock-%ld", tmp && strlen(tmp) < 32 ? tmp : "/tmp",
                 (long)getpid());
        mkdir(dir, 0700);
        snprintf(draft, sizeof draft, "%s/d.json", dir);
        snprintf(lpath, sizeof lpath, "%s/d.json.lock", dir);
    }
    if (size > 65536)
        return 0;
    FILE *f = fopen(lpath, "wb");
    if (!f)
        return 0;
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);

    lock_holder h;
    lock_status st = lock_probe(draft, &h);
    check_holder(data, size, st, &h);
    lock_holder_free(&h);

    edit_lock *l = NULL;
    char *err = NULL;
    st = lock_acquire(draft, &l, &h, &err);
    check_holder(data, size, st, &h);
    if (st == LOCK_HELD && h.pid == 0) {
        /* not understood: left exactly as it was */
        size_t len = 0;
        char *now = slurp(&len);
        if (!now || len != size || (size && memcmp(now, data, size) != 0))
            abort();
        free(now);
    }
    if ((st == LOCK_ACQUIRED || st == LOCK_TAKEN_OVER) != (l != NULL))
        abort();
    lock_release(l);
    if (l && access(lpath, F_OK) == 0)
        abort(); /* ours, released: gone */
    lock_holder_free(&h);
    free(err);
    unlink(lpath);
    return 0;
}
