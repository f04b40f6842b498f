/* Recovery: a journal left by an interrupted session is replayed into the document, into a
 * copy saved beside it, or set aside; journals are moved aside, never deleted. */
#include "doc_internal.h"

#include "core/json_strict.h"
#include "store/smsg.h"
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
        char *why = smsg_reason(e);
        fio_set_err(err, smsgf(SM_ASIDE_FAILED, src, name, why ? why : ""));
        free(why);
        free(name);
        return NULL;
    }
    fio_set_err(err, smsgf(SM_ASIDE_TOO_MANY, src));
    return NULL;
}

/* Links `src` also as "<base>" (or "-2", "-3", …), leaving it where it is. Where hard links
 * are not possible, copies it. Returns the name (malloc'd) or NULL with *err. */
char *doc_copy_aside(const char *src, const char *base, char **err)
{
    for (int k = 1; k < 1000; k++) {
        char *name = k == 1 ? strdup(base) : fio_strdupf("%s-%d", base, k);
        if (!name) {
            fio_set_err(err, strdup("out of memory"));
            return NULL;
        }
        if (link(src, name) == 0)
            return name;
        int e = errno;
        if (e == EEXIST) {
            free(name);
            continue;
        }
        if (e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EXDEV || e == EMLINK) {
            char *buf = NULL, *rerr = NULL;
            size_t len = 0;
            int r = fio_read_all(src, (size_t)1 << 30, &buf, &len, &rerr);
            free(rerr);
            r = r == 0 ? side_publish(name, buf, len, err) : -1;
            free(buf);
            if (r == 0)
                return name;
            free(name);
            if (r == 1)
                continue;
            return NULL;
        }
        char *why = smsg_reason(e);
        fio_set_err(err, smsgf(SM_COPY_FAILED, src, name, why ? why : ""));
        free(why);
        free(name);
        return NULL;
    }
    fio_set_err(err, smsgf(SM_COPY_TOO_MANY, src));
    return NULL;
}

typedef struct {
    doc *d;
    size_t applied, skipped;
    size_t nrec;                 /* records read, the header included */
    char *invalid;               /* why the replay stopped (a record the loader would refuse) */
} replay_ctx;

/* Applies one journal record through the table of edits (doc_ops.c). Records that do not fit
 * the draft (a path that is not there) are skipped and counted, never fatal: recovering most
 * of the work beats recovering none. A record the draft loader would refuse stops the
 * replay: applying it would make a draft that cannot be opened again. */
static int replay_record(void *ctx, const char *payload, size_t len)
{
    replay_ctx *rc = ctx;
    rc->nrec++;
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
    const doc_opdef *def = doc_op_named(op->valuestring);
    if (def && !(def->modes & DOC_MODE_BIT(rc->d->mode))) {
        /* a clerk's values are not recovered into a reviewer's session, nor the reverse */
        rc->invalid = fio_strdupf("the journal holds changes (%s) this mode may not make: "
                                  "open the draft %s to recover them", def->name,
                                  rc->d->mode == DOC_REVIEW ? "for editing" : "for review");
        cJSON_Delete(j);
        return 1;
    }
    /* replay = decode + apply and journal, the same path the edit took when it was made */
    int r = -1;
    if (def) {
        doc_edit e = {.op = def->op};
        r = def->decode(rc->d, j, &e, &rc->invalid);
        if (r == 0) {
            char *err = NULL;
            r = doc_do(rc->d, &e, NULL, &err) == 0 ? 0 : -1;
            free(err);
        }
        doc_edit_clear(&e);
    }
    cJSON_Delete(j);
    if (r > 0)
        return 1;
    if (r == 0)
        rc->applied++;
    else
        rc->skipped++;
    return 0;
}

char *doc_journal_aside_name(const char *jp, const char *what)
{
    char stamp[32];
    stamp_now(stamp, sizeof stamp);
    char *suffix = fio_strdupf(".%s-%s", what, stamp);
    /* room for the "-2", "-3", … of doc_move_aside */
    char *p = suffix ? fio_with_suffix(jp, suffix, 4) : NULL;
    free(suffix);
    return p;
}

/* "dir/draft.json" -> "dir/draft.recovered-20260427-093000.json", the k-th candidate. */
static char *recovered_name(const char *path, const char *stamp, int k)
{
    size_t n = strlen(path);
    size_t stem = n >= 5 && strcmp(path + n - 5, ".json") == 0 ? n - 5 : n;
    char *s = strndup(path, stem);
    char *suffix = k == 1 ? fio_strdupf(".recovered-%s.json", stamp)
                          : fio_strdupf(".recovered-%s-%d.json", stamp, k);
    char *p = s && suffix ? fio_with_suffix(s, suffix, 0) : NULL;
    free(s);
    free(suffix);
    return p;
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
    fio_set_err(err, smsgf(SM_RECOVERED_TOO_MANY, path));
    return NULL;
}

/* A copy of the open document to replay into (the form shared, no journal, no lock): the
 * document itself changes only once a replay has gone through completely. */
static doc *scratch_copy(doc *d, char **err)
{
    size_t len = 0;
    char *text = draft_print(d->draft, &len);
    doc *s = doc_alloc();
    char *perr = NULL;
    if (!text || !s) {
        free(text);
        free(s);
        fio_set_err(err, strdup("out of memory"));
        return NULL;
    }
    s->owns_all = false;
    s->mode = d->mode;           /* the table's modes decide what may be replayed */
    s->form = d->form;
    s->path = strdup(d->path);
    memcpy(s->file_hash, d->file_hash, sizeof s->file_hash);
    s->draft = draft_parse(text, len, d->path, &perr);
    free(text);
    free(perr);
    char *eerr = NULL;
    s->eng = s->draft ? engine_new(d->form, s->draft, &eerr) : NULL;
    free(eerr);
    if (!s->path || !s->eng) {
        doc_free_parts(s);
        fio_set_err(err, strdup("out of memory"));
        return NULL;
    }
    return s;
}

/* Replays the journal `jp` into s. A record the loader would refuse stops it: -1 with *err
 * saying which record and why; so does a result the loader would refuse (belt and braces). */
static int replay_into(doc *d, doc *s, const char *jp, replay_ctx *rc, char **err)
{
    memset(rc, 0, sizeof *rc);
    rc->d = s;
    char *rerr = NULL;
    /* one recomputation at the end, not one per record: replay is linear in the records */
    engine_batch_begin(s->eng);
    int r = doc_read_journal(d->path, jp, replay_record, rc, NULL, &rerr);
    char *berr = NULL;
    if (engine_batch_end(s->eng, &berr) != 0 && r == 0 && !rc->invalid) {
        free(rerr);
        rerr = berr;
        berr = NULL;
        r = -1;
    }
    free(berr);
    if (rc->invalid) {
        free(rerr);
        fio_set_err(err, smsgf(SM_RECORD_INVALID, jp, rc->nrec, rc->invalid));
        free(rc->invalid);
        rc->invalid = NULL;
        return -1;
    }
    if (r != 0) {
        fio_set_err(err, rerr);
        return -1;
    }
    free(rerr);
    size_t len = 0;
    char *text = draft_print(s->draft, &len);
    char *perr = NULL;
    draft *check = text ? draft_parse(text, len, d->path, &perr) : NULL;
    free(text);
    if (!check) {
        fio_set_err(err, smsgf(SM_RECOVERED_BROKEN, jp, perr ? perr : "out of memory"));
        free(perr);
        return -1;
    }
    draft_free(check);
    return 0;
}

static int recover_keep_both(doc *d, const char *jp, size_t *n_changes, char **out_path,
                             char **err)
{
    /* replay into a copy, with no journal: the document itself is left as it is */
    doc *s = scratch_copy(d, err);
    if (!s)
        return -1;
    replay_ctx rc;
    if (replay_into(d, s, jp, &rc, err) != 0) {
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

/* APPLY. The records are replayed into a copy whose journal is written under a fresh name;
 * only when the replay is complete is the old journal linked aside (.applied-TIME) and the
 * new one renamed over it, and the copy becomes the document. Killed at any moment before,
 * the old journal is still the one offered (docs/journal.md). */
static int recover_apply(doc *d, const char *jp, size_t *n_changes, char **err)
{
    doc *s = scratch_copy(d, err);
    if (!s)
        return -1;
    if (doc_journal_start_ex(s, false, err) != 0) {
        doc_free_parts(s);
        return -1;
    }
    replay_ctx rc;
    int r = replay_into(d, s, jp, &rc, err);
    char *se = NULL;
    if (r == 0 && journal_sync(s->jr, &se) != 0) {
        fio_set_err(err, se);
        r = -1;
    } else {
        free(se);
    }
    char *aside = NULL;
    if (r == 0) {
        char *base = doc_journal_aside_name(jp, "applied");
        aside = base ? doc_copy_aside(jp, base, err) : NULL;
        free(base);
        if (!aside || journal_publish(s->jr, err) != 0)
            r = -1;
    }
    if (r != 0) {
        if (aside)
            unlink(aside);           /* a copy: the journal itself is still in place */
        free(aside);
        journal_close(s->jr, true, NULL);   /* unpublished: removed */
        s->jr = NULL;
        doc_free_parts(s);
        return -1;
    }
    /* the copy becomes the document: its draft, engine and journal */
    draft *od = d->draft;
    engine *oe = d->eng;
    d->draft = s->draft;
    d->eng = s->eng;
    d->jr = s->jr;
    if (s->journal_error && !d->journal_error) {
        d->journal_error = s->journal_error;
        s->journal_error = NULL;
    }
    s->draft = od;
    s->eng = oe;
    s->jr = NULL;
    doc_free_parts(s);
    d->journal_pending = false;
    d->dirty = true;
    d->saved_lost = true;      /* the file on disk is not what undo can lead back to */
    free(d->applied_journal);
    d->applied_journal = aside;
    if (n_changes)
        *n_changes = rc.applied;
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
        fio_set_err(err, smsgf(SM_NOTHING_WAITING, d->path));
        return -1;
    }
    if (d->mode == DOC_READONLY) {
        fio_set_err(err, smsgf(SM_RECOVER_RO, d->path));
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
        if (recover_apply(d, jp, n_changes, err) != 0)
            goto out;
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
