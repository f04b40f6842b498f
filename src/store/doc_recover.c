/* Recovery: a journal left by an interrupted session is replayed into the document, into a
 * copy saved beside it, or set aside; journals are moved aside, never deleted. */
#include "doc_internal.h"

#include "core/json_strict.h"
#include "store/atomic.h"
#include "store/draft_file.h"
#include "store/fileio.h"
#include "store/journal.h"
#include "store/sidefile.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* "20260427-093000" for names of files set aside. */
static void stamp_now(char *b, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(b, n, "%Y%m%d-%H%M%S", &tm) == 0)
        snprintf(b, n, "%lld", (long long)t);
}

/* ---- recovery ---- */

/* Moves `src` to "<base>" or "<base>-2", "-3", … never replacing a file. Returns the name
 * used (malloc'd) or NULL with *err. */
char *doc_move_aside(const char *src, const char *base, char **err)
{
    for (int k = 1; k < 1000; k++) {
        char *name = k == 1 ? strdup(base) : fio_strdupf("%s-%d", base, k);
        if (!name) {
            fio_set_err(err, strdup("out of memory"));
            return NULL;
        }
        /* never onto a name that is taken, whatever is there (a link another user planted) */
        int e = side_move_noreplace(src, name);
        if (e == 0)
            return name;
        if (e == EEXIST) {
            free(name);
            continue;
        }
        fio_set_err(err, fio_strdupf("cannot move %s aside to %s: %s (%s)", src, name,
                                 fio_errno_words(e), strerror(e)));
        free(name);
        return NULL;
    }
    fio_set_err(err, fio_strdupf("cannot move %s aside: too many older copies", src));
    return NULL;
}

static bool digits_to_size(const cJSON *n, size_t *out)
{
    if (!cJSON_IsNumber(n) || !n->valuestring)
        return false;
    const char *s = n->valuestring;
    size_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
            return false;
        v = v * 10 + (size_t)(*s - '0');
    }
    *out = v;
    return true;
}

typedef struct {
    doc *d;
    size_t applied, skipped;
    bool oom;
} replay_ctx;

/* Applies one journal record through the primitives. Records that do not fit the draft
 * (a path that is not there) are skipped and counted, never fatal: recovering most of the
 * work beats recovering none. */
static int replay_record(void *ctx, const char *payload, size_t len)
{
    replay_ctx *rc = ctx;
    doc *d = rc->d;
    json_strict_limits lim = {0, 8};
    cJSON *j = json_strict_parse(payload, len, "journal", &lim, NULL);
    if (!j) {
        rc->skipped++;
        return 0;
    }
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(j, "op");
    if (!cJSON_IsString(op)) {            /* the header */
        cJSON_Delete(j);
        return 0;
    }
    const char *o = op->valuestring;
    const cJSON *pathj = cJSON_GetObjectItemCaseSensitive(j, "path");
    const cJSON *tablej = cJSON_GetObjectItemCaseSensitive(j, "table");
    const cJSON *textj = cJSON_GetObjectItemCaseSensitive(j, "text");
    const cJSON *idj = cJSON_GetObjectItemCaseSensitive(j, "id");
    size_t at = 0, from = 0, to = 0;
    bool has_at = digits_to_size(cJSON_GetObjectItemCaseSensitive(j, "at"), &at);
    bool has_ft = digits_to_size(cJSON_GetObjectItemCaseSensitive(j, "from"), &from) &&
                  digits_to_size(cJSON_GetObjectItemCaseSensitive(j, "to"), &to);
    inode *n = NULL;
    if (cJSON_IsString(pathj))
        n = engine_find(d->eng, pathj->valuestring);
    else if (cJSON_IsString(tablej))
        n = engine_find(d->eng, tablej->valuestring);
    char *err = NULL;
    int r = -1;
    if (!strcmp(o, "set") && n && inode_kind(n) == N_FIELD && cJSON_IsString(textj)) {
        r = doc_p_set(d, n, textj->valuestring, NULL, &err);
    } else if (!strcmp(o, "reason") && n && inode_kind(n) == N_FIELD && cJSON_IsString(textj)) {
        const cJSON *by = cJSON_GetObjectItemCaseSensitive(j, "by");
        const cJSON *atj = cJSON_GetObjectItemCaseSensitive(j, "at");
        r = doc_p_reason(d, n, textj->valuestring, cJSON_IsString(by) ? by->valuestring : NULL,
                         cJSON_IsString(atj) ? atj->valuestring : NULL, NULL, &err);
    } else if (!strcmp(o, "row_add") && doc_is_container(n) && has_at && at <= inode_nkids(n)) {
        r = doc_p_row_add(d, n, at, cJSON_IsString(idj) ? idj->valuestring : NULL, NULL, NULL,
                          &err);
    } else if (!strcmp(o, "row_del") && doc_is_container(n) && has_at && at < inode_nkids(n)) {
        r = doc_p_row_del(d, n, at, NULL, &err);
    } else if (!strcmp(o, "row_move") && doc_is_container(n) && has_ft && from < inode_nkids(n) &&
               to < inode_nkids(n)) {
        r = doc_p_row_move(d, n, from, to, NULL, &err);
    } else if (!strcmp(o, "row_dup") && doc_is_container(n) && has_at && at < inode_nkids(n)) {
        r = doc_p_row_dup(d, n, at, NULL, NULL, &err);
    }
    free(err);
    if (r == 0)
        rc->applied++;
    else
        rc->skipped++;
    cJSON_Delete(j);
    return 0;
}

char *doc_journal_aside_name(const char *jp, const char *what)
{
    char stamp[32];
    stamp_now(stamp, sizeof stamp);
    return fio_strdupf("%s.%s-%s", jp, what, stamp);
}

/* "dir/draft.json" -> "dir/draft.recovered-20260427-093000.json", the k-th candidate. */
static char *recovered_name(const char *path, const char *stamp, int k)
{
    size_t n = strlen(path);
    size_t stem = n >= 5 && strcmp(path + n - 5, ".json") == 0 ? n - 5 : n;
    return k == 1 ? fio_strdupf("%.*s.recovered-%s.json", (int)stem, path, stamp)
                  : fio_strdupf("%.*s.recovered-%s-%d.json", (int)stem, path, stamp, k);
}

/* Writes the recovered copy under the first free name: created privately and linked to its
 * name only if nothing is there (a link planted at a predictable name is never followed). */
static char *write_recovered(const char *path, const char *text, size_t len, char **err)
{
    char stamp[32];
    stamp_now(stamp, sizeof stamp);
    for (int k = 1; k < 1000; k++) {
        char *name = recovered_name(path, stamp, k);
        if (!name) {
            fio_set_err(err, strdup("out of memory"));
            return NULL;
        }
        int r = side_publish(name, text, len, err);
        if (r == 0)
            return name;
        free(name);
        if (r < 0)
            return NULL;
    }
    fio_set_err(err, fio_strdupf("cannot write a recovered copy of %s: too many older copies",
                                 path));
    return NULL;
}

static int recover_keep_both(doc *d, const char *jp, size_t *n_changes, char **out_path,
                             char **err)
{
    /* replay into a copy, with no journal: the document itself is left as it is */
    size_t len = 0;
    char *text = draft_print(d->draft, &len);
    doc *s = doc_alloc();
    char *perr = NULL;
    if (!text || !s) {
        free(text);
        free(s);
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    s->owns_all = false;
    s->form = d->form;
    s->path = strdup(d->path);
    s->draft = draft_parse(text, len, d->path, &perr);
    free(text);
    free(perr);
    char *eerr = NULL;
    s->eng = s->draft ? engine_new(d->form, s->draft, &eerr) : NULL;
    free(eerr);
    if (!s->path || !s->eng) {
        doc_free_parts(s);
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    replay_ctx rc = {.d = s};
    if (doc_read_journal(d->path, jp, replay_record, &rc, NULL, err) != 0) {
        doc_free_parts(s);
        return -1;
    }
    char *now = doc_now_iso();
    if (now) {
        free(s->draft->modified);
        s->draft->modified = now;
    }
    size_t tlen = 0;
    char *copy = draft_print(s->draft, &tlen);
    char *name = copy ? write_recovered(d->path, copy, tlen, err) : NULL;
    if (!copy)
        fio_set_err(err, strdup("out of memory"));
    free(copy);
    doc_free_parts(s);
    if (!name)
        return -1;
    if (n_changes)
        *n_changes = rc.applied;
    if (out_path)
        *out_path = name;
    else
        free(name);
    return 0;
}

int doc_recover(doc *d, recover_choice c, size_t *n_changes, char **out_path, char **err)
{
    if (err)
        *err = NULL;
    if (n_changes)
        *n_changes = 0;
    if (out_path)
        *out_path = NULL;
    if (!d->journal_pending) {
        fio_set_err(err, fio_strdupf("%s: no unsaved changes are waiting", d->path));
        return -1;
    }
    if (d->mode != DOC_EDIT) {
        fio_set_err(err, fio_strdupf("%s is open read-only: recover it where it is edited",
                                 d->path));
        return -1;
    }
    char *jp = journal_path_for(d->path);
    if (!jp) {
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    int rc = -1;
    char *aside = NULL;
    if (c == RECOVER_KEEP_BOTH) {
        if (recover_keep_both(d, jp, n_changes, out_path, err) != 0)
            goto out;
        char *base = doc_journal_aside_name(jp, "kept");
        aside = base ? doc_move_aside(jp, base, err) : NULL;
        free(base);
        if (!aside)
            goto out;
    } else if (c == RECOVER_DISCARD) {
        jcount cnt = {0};
        int rr = doc_read_journal(d->path, jp, doc_count_record, &cnt, NULL, err);
        doc_jcount_free(&cnt);
        if (rr != 0)
            goto out;
        char *base = doc_journal_aside_name(jp, "discarded");
        aside = base ? doc_move_aside(jp, base, err) : NULL;
        free(base);
        if (!aside)
            goto out;
        if (n_changes)
            *n_changes = cnt.changes;
    } else {
        /* The old journal is set aside before a new one is started, so its records exist on
         * disk at every moment; the new journal gets them again as they are replayed. */
        char *base = doc_journal_aside_name(jp, "applied");
        aside = base ? doc_move_aside(jp, base, err) : NULL;
        free(base);
        if (!aside)
            goto out;
        if (doc_journal_start(d, err) != 0)
            goto out;
        d->journal_pending = false;
        replay_ctx r = {.d = d};
        if (doc_read_journal(d->path, aside, replay_record, &r, NULL, err) != 0)
            goto out;
        char *se = NULL;
        if (journal_sync(d->jr, &se) != 0 && !d->journal_error)
            d->journal_error = se;
        else
            free(se);
        if (n_changes)
            *n_changes = r.applied;
        d->dirty = true;
        free(d->applied_journal);
        d->applied_journal = aside;
        aside = NULL;
        rc = 0;
        goto out;
    }
    d->journal_pending = false;
    if (doc_journal_start(d, err) != 0)
        goto out;
    rc = 0;
out:
    free(aside);
    free(jp);
    return rc;
}
