/* An open document: form + draft + engine + edit lock + journal + undo/redo (store/doc.h).
 *
 * Every edit is an operation of the table of edits (doc_ops.c) and goes through doc_do,
 * which applies it and appends its one journal record (docs/journal.md); nothing else writes
 * change records, so replaying them (decode + doc_do) rebuilds exactly what the clerk saw.
 * Undo and redo perform edits through doc_do too and are therefore journaled like any edit.
 * Undo records name fields and tables by storage path (row ids, not positions), so they
 * survive the rows around them moving. */
#include "doc_internal.h"

#include "core/json_strict.h"
#include "store/atomic.h"
#include "store/draft_file.h"
#include "store/fileio.h"
#include "store/journal.h"
#include "core/sha256.h"
#include "store/review_file.h"
#include "store/sidefile.h"
#include "store/smsg.h"

#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- small helpers ---- */

/* "2026-04-27T09:30:00+08:00" (malloc'd). */
char *doc_now_iso(void)
{
    time_t t = time(NULL);
    struct tm tm;
    char b[40];
    if (!localtime_r(&t, &tm) || strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
        return strdup("1970-01-01T00:00:00+00:00");
    size_t n = strlen(b);              /* "+0800" -> "+08:00" */
    if (n >= 5) {
        memmove(b + n - 1, b + n - 2, 3);
        b[n - 2] = ':';
    }
    return strdup(b);
}

bool doc_is_container(const inode *t)
{
    if (!t || inode_kind(t) == N_ROW)
        return false;
    const fnode *def = inode_def(t);
    return def && (def->kind == N_TABLE || (def->kind == N_PART && def->repeat));
}

/* ---- opening and closing ---- */

int doc_count_record(void *ctx, const char *payload, size_t len)
{
    jcount *c = ctx;
    json_strict_limits lim = {0, 8};
    cJSON *j = json_strict_parse(payload, len, "journal", &lim, NULL);
    if (j) {
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(j, "j");
        if (c->records == 0 && cJSON_IsString(h) && strcmp(h->valuestring, JOURNAL_FORMAT) == 0) {
            c->header_ok = true;
            const cJSON *fi = cJSON_GetObjectItemCaseSensitive(j, "form");
            const cJSON *fv = cJSON_GetObjectItemCaseSensitive(j, "form_version");
            if (cJSON_IsString(fi) && doc_valid_form_id(fi->valuestring))
                c->form_id = strdup(fi->valuestring);
            if (cJSON_IsString(fv))
                c->form_version = strdup(fv->valuestring);
            const cJSON *sz = cJSON_GetObjectItemCaseSensitive(j, "size");
            const cJSON *mt = cJSON_GetObjectItemCaseSensitive(j, "mtime_ns");
            /* numbers keep their exact text (json_strict.h): read them without doubles */
            if (cJSON_IsNumber(sz) && cJSON_IsNumber(mt) && sz->valuestring && mt->valuestring) {
                char *e1 = NULL, *e2 = NULL;
                c->size = strtoull(sz->valuestring, &e1, 10);
                c->mtime_ns = strtoull(mt->valuestring, &e2, 10);
                c->has_stamp = e1 && !*e1 && e2 && !*e2;
            }
            const cJSON *hh = cJSON_GetObjectItemCaseSensitive(j, "draft_sha256");
            if (cJSON_IsString(hh) && strlen(hh->valuestring) < sizeof c->hash) {
                strcpy(c->hash, hh->valuestring);
                c->has_hash = true;
            }
        }
        const cJSON *sv = cJSON_GetObjectItemCaseSensitive(j, "saved");
        if (cJSON_IsString(sv) && c->want && *c->want && strcmp(sv->valuestring, c->want) == 0)
            c->saved_match = true;
        if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "op")))
            c->changes++;
        cJSON_Delete(j);
    }
    c->records++;
    return 0;
}

void doc_jcount_free(jcount *c)
{
    free(c->form_id);
    free(c->form_version);
    c->form_id = c->form_version = NULL;
}

int doc_read_journal(const char *draft_path, const char *jp, journal_record_fn fn, void *ctx,
                     size_t *ignored, char **err)
{
    return journal_read_checked(jp, side_draft_owner(draft_path), fn, ctx, ignored, err);
}

/* Reads the journal of `path` when there is one: *c gets its counts and header. 1 when read,
 * 0 when there is none, -1 when there is one we may not or cannot read (another user's, a
 * link, a FIFO): *why (malloc'd, may be NULL) says so, and it must be neither offered nor
 * replaced. */
static int journal_counts(const char *path, const char *want, jcount *c, char **why)
{
    memset(c, 0, sizeof *c);
    c->want = want;
    if (why)
        *why = NULL;
    char *jp = journal_path_for(path);
    if (!jp) {
        fio_set_err(why, strdup("out of memory"));
        return -1;
    }
    char *e = NULL;
    int r = doc_read_journal(path, jp, doc_count_record, c, NULL, &e);
    int rc = 1;
    if (r != 0) {
        struct stat st;
        rc = (r == -1 && lstat(jp, &st) != 0 && errno == ENOENT) ? 0 : -1;
        doc_jcount_free(c);
        if (rc < 0)
            fio_set_err(why, e);
        else
            free(e);
    } else {
        free(e);
    }
    free(jp);
    return rc;
}

int doc_journal_count(const char *path, size_t *changes, size_t *ignored, char **err)
{
    *changes = *ignored = 0;
    if (err)
        *err = NULL;
    char *jp = journal_path_for(path);
    if (!jp) {
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    jcount c;
    memset(&c, 0, sizeof c);
    char *e = NULL;
    int r = doc_read_journal(path, jp, doc_count_record, &c, ignored, &e);
    struct stat st;
    doc_jcount_free(&c);
    if (r == -1 && lstat(jp, &st) != 0 && errno == ENOENT) {
        free(e);
        free(jp);
        *ignored = 0;
        return 0;
    }
    free(jp);
    if (r != 0) {
        fio_set_err(err, e);
        return -1;
    }
    free(e);
    *changes = c.changes;
    return 0;
}

jverdict doc_judge(const jcount *c, bool file_exists, uint64_t size, uint64_t mtime_ns)
{
    if (!file_exists)
        return JV_OFFER;              /* never saved: nothing to compare with */
    if (c->saved_match)
        return JV_STALE;              /* a save wrote it all and was stopped before removing it */
    if (c->has_hash)
        return strcmp(c->hash, c->want ? c->want : "") == 0 ? JV_OFFER : JV_DOUBT;
    if (c->has_stamp)                 /* journals written before the hash: time and size */
        return size == c->size && mtime_ns == c->mtime_ns ? JV_OFFER : JV_DOUBT;
    return JV_OFFER;
}

/* The verdict on the journal of `path` as it is now: -1 none (or no changes), else jverdict. */
static int journal_verdict(const char *path)
{
    char hash[SHA256_HEX_LEN + 1];
    bool exists = draft_file_hash(path, hash);
    jcount c;
    if (journal_counts(path, hash, &c, NULL) <= 0)
        return -1;
    uint64_t size = 0, mtime = 0;
    draft_file_stamp(path, &size, &mtime);
    int v = c.changes > 0 ? (int)doc_judge(&c, exists, size, mtime) : -1;
    doc_jcount_free(&c);
    return v;
}

bool doc_journal_is_stale(const char *path)
{
    return journal_verdict(path) == JV_STALE;
}

bool doc_journal_in_doubt(const char *path)
{
    return journal_verdict(path) == JV_DOUBT;
}

char *doc_journal_form(const char *path, char **version)
{
    if (version)
        *version = NULL;
    jcount c;
    if (journal_counts(path, NULL, &c, NULL) <= 0)
        return NULL;
    char *id = NULL;
    if (c.header_ok && c.changes > 0 && c.form_id) {
        id = c.form_id;
        c.form_id = NULL;
        if (version) {
            *version = c.form_version;
            c.form_version = NULL;
        }
    }
    doc_jcount_free(&c);
    return id;
}

doc *doc_alloc(void)
{
    doc *d = calloc(1, sizeof *d);
    if (d)
        d->owns_all = true;
    return d;
}

void doc_free_parts(doc *d)
{
    engine_free(d->eng);
    draft_free(d->draft);
    if (d->owns_all)
        form_free(d->form);
    doc_ustack_free(&d->undo);
    doc_ustack_free(&d->redo);
    free(d->journal_error);
    free(d->applied_journal);
    free(d->ro_reason);
    free(d->user);
    free(d->ask_who);
    free(d->path);
    free(d);
}

doc *doc_open(const char *path, const char *form_id, bool readonly, doc_open_info *info,
              char **err)
{
    return doc_open_as(path, form_id, readonly ? DOC_READONLY : DOC_EDIT, info, err);
}

doc *doc_open_as(const char *path, const char *form_id, doc_mode want, doc_open_info *info,
                 char **err)
{
    bool readonly = want == DOC_READONLY;
    doc_open_info dummy;
    if (!info)
        info = &dummy;
    memset(info, 0, sizeof *info);
    if (err)
        *err = NULL;
    doc *d = doc_alloc();
    if (!d || !(d->path = strdup(path))) {
        free(d);
        fio_set_err(err, fio_strdupf("%s: out of memory", path));
        return NULL;
    }
    char *e = NULL;
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        /* A draft never saved whose editor was killed: its journal names the form, and the
         * recovery is offered below as for any draft. */
        char *jform = doc_journal_form(path, NULL);
        if (jform && form_id && strcmp(jform, form_id) != 0) {
            fio_set_err(err, fio_strdupf("%s: unsaved changes of a new draft of form '%s' are "
                                     "waiting in its journal; open it as form '%s' (or without "
                                     "a form) to recover them", path, jform, jform));
            free(jform);
            goto fail;
        }
        if (want == DOC_REVIEW) {
            /* a reviewer reviews what was submitted: nothing to start here */
            fio_set_err(err, fio_strdupf("%s: no such file", path));
            free(jform);
            goto fail;
        }
        if (!form_id && !jform) {
            fio_set_err(err, fio_strdupf("%s: no such file", path));
            goto fail;
        }
        d->form = doc_load_form(form_id ? form_id : jform, &e);
        free(jform);
        if (!d->form) {
            fio_set_err(err, fio_strdupf("%s: %s", path, e ? e : "the form cannot be loaded"));
            free(e);
            goto fail;
        }
        d->draft = draft_new(d->form->id, d->form->version);
        if (!d->draft || !(d->draft->created = doc_now_iso()) ||
            form_put_defaults(d->form->root, d->draft->values) != 0) {
            fio_set_err(err, fio_strdupf("%s: out of memory", path));
            goto fail;
        }
        info->created = true;
    } else {
        d->draft = draft_file_read_hashed(path, d->file_hash, err);
        if (!d->draft)
            goto fail;
        if (form_id && strcmp(form_id, d->draft->form_id) != 0) {
            fio_set_err(err, fio_strdupf("%s: this is a draft of form '%s', not '%s'", path,
                                     d->draft->form_id, form_id));
            goto fail;
        }
        d->form = doc_load_form(d->draft->form_id, &e);
        if (!d->form) {
            /* the form loader's message already names the form and what is wrong with it
             * (missing: "form 'x' is not installed (no …)"; broken: its file, line, column) */
            fio_set_err(err, e ? fio_strdupf("%s: %s", path, e)
                               : fio_strdupf("%s: form '%s' cannot be loaded", path,
                                             d->draft->form_id));
            free(e);
            goto fail;
        }
        if (doc_version_cmp(d->draft->form_version, d->form->version) > 0) {
            fio_set_err(err, fio_strdupf("%s: the draft is of form '%s' version %s, newer than the "
                                     "installed version %s; install the newer forms",
                                     path, d->draft->form_id, d->draft->form_version,
                                     d->form->version));
            goto fail;
        }
    }
    d->eng = engine_new(d->form, d->draft, &e);   /* the engine needs a place for its message */
    if (!d->eng) {
        fio_set_err(err, fio_strdupf("%s: %s", path, e ? e : "out of memory"));
        free(e);
        e = NULL;
        goto fail;
    }

    if (readonly) {
        d->mode = DOC_READONLY;
    } else {
        lock_status ls = lock_acquire(path, &d->lock, &info->holder, &e);
        info->lock = ls;
        /* the holder says who; a lock that cannot be made means read-only, and why (a
         * read-only folder, a full disk) is kept for the clerk */
        if (ls == LOCK_FAILED && e) {
            d->ro_reason = e;
        } else {
            free(e);
        }
        e = NULL;
        d->mode = (ls == LOCK_ACQUIRED || ls == LOCK_TAKEN_OVER) ? want : DOC_READONLY;
    }
    info->mode = d->mode;

    /* A journal with changes means an editing session ended without saving. While another
     * editor holds the lock, the journal is theirs and alive: not ours to offer. */
    if (info->lock != LOCK_HELD) {
        jcount c;
        char *why = NULL;
        int jr = journal_counts(path, d->file_hash, &c, &why);
        if (jr < 0) {
            /* a journal we may not use (sidefile.h): neither offered nor replaced; the
             * draft can only be looked at until it is removed */
            if (d->mode != DOC_READONLY) {
                lock_release(d->lock);
                d->lock = NULL;
                d->mode = DOC_READONLY;
                info->mode = DOC_READONLY;
            }
            free(d->ro_reason);
            d->ro_reason = why ? why : strdup("the journal beside the draft cannot be read");
        } else if (jr > 0 && c.changes > 0) {
            /* Judged by content (docs/journal.md): the draft is what the journal began from
             * (offer it), or what a save of it wrote before being stopped short of removing
             * it (its changes are in the draft: replaying would apply them twice; set aside,
             * and said), or neither (changed by other means: offer it, with a warning). */
            uint64_t size = 0, mtime = 0;
            bool exists = draft_file_stamp(path, &size, &mtime);
            jverdict v = doc_judge(&c, exists && !info->created, size, mtime);
            bool set_aside = false;
            if (v == JV_STALE && d->mode != DOC_READONLY) {
                char *jp = journal_path_for(path);
                char *base = jp ? doc_journal_aside_name(jp, "stale") : NULL;
                char *me = NULL;
                char *aside = base ? doc_move_aside(jp, base, &me) : NULL;
                set_aside = aside != NULL;   /* cannot move it: offer it rather than lose it */
                free(me);
                free(aside);
                free(base);
                free(jp);
            }
            if (set_aside) {
                info->journal_stale = true;
            } else {
                info->journal_found = true;
                info->journal_doubt = v != JV_OFFER;
                d->journal_pending = true;
            }
        }
        doc_jcount_free(&c);
    }
    if (d->mode != DOC_READONLY && !d->journal_pending && doc_journal_start(d, err) != 0)
        goto fail;
    /* a reviewer is named as the review commands name them (doc_set_user overrides it) */
    if (d->mode == DOC_REVIEW && !(d->user = review_default_user())) {
        fio_set_err(err, fio_strdupf("%s: out of memory", path));
        goto fail;
    }
    return d;
fail:
    lock_release(d->lock);
    lock_holder_free(&info->holder);
    doc_free_parts(d);
    return NULL;
}

void doc_close(doc *d)
{
    if (!d)
        return;
    if (d->jr)
        journal_close(d->jr, !d->dirty, NULL);   /* unsaved changes: the journal stays */
    lock_release(d->lock);
    doc_free_parts(d);
}

void doc_close_discard(doc *d)
{
    if (!d)
        return;
    /* the user chose to lose this session's unsaved changes: its journal goes with them (a
     * journal of an earlier session still waiting to be recovered is not this one's: d->jr is
     * NULL then, and it stays) */
    if (d->jr)
        journal_close(d->jr, true, NULL);
    d->jr = NULL;
    doc_close(d);
}

engine *doc_engine(doc *d) { return d->eng; }
const form *doc_form(doc *d) { return d->form; }
draft *doc_draft(doc *d) { return d->draft; }
const char *doc_path(doc *d) { return d->path; }
bool doc_dirty(doc *d) { return d->dirty; }
doc_mode doc_get_mode(doc *d) { return d->mode; }
const char *doc_readonly_reason(doc *d) { return d->ro_reason; }

/* ---- saving ---- */

/* The question to ask before replacing the draft file (doc_save_anyway), NULL when none:
 * a file without write permission for us (vim's 'readonly'), or one that belongs to another
 * user, who would lose it (a saved file is a new file, ours; only root can give it back). */
static char *save_question(doc *d)
{
    struct stat st;
    if (stat(d->path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    uid_t me = geteuid();
    mode_t w = st.st_uid == me ? S_IWUSR : st.st_gid == getegid() ? S_IWGRP : S_IWOTH;
    if (me == 0)
        w = S_IWUSR | S_IWGRP | S_IWOTH;
    if (!(st.st_mode & w)) {
        d->ask = SAVE_ASK_READONLY;
        d->ask_mode = (unsigned)(st.st_mode & 07777);
        return fio_strdupf("%s is read-only (mode %04o): replace it with your changes anyway? "
                           "(it stays read-only)", d->path, (unsigned)(st.st_mode & 07777));
    }
    if (st.st_uid != me && me != 0) {
        struct passwd *pw = getpwuid(st.st_uid);
        char uid[32];
        snprintf(uid, sizeof uid, "uid %ld", (long)st.st_uid);
        const char *who = pw && pw->pw_name ? pw->pw_name : uid;
        d->ask = SAVE_ASK_OTHER_USER;
        d->ask_who = strdup(who);
        return fio_strdupf("%s belongs to %s: saving replaces it with a copy that belongs to "
                           "you, and %s may no longer be able to change it. Save anyway?",
                           d->path, who, who);
    }
    return NULL;
}

static bool folder_exists(const char *path)
{
    char *dir = fio_dirname(path);
    struct stat st;
    bool yes = dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    free(dir);
    return yes;
}

/* Writes the draft, stamped as modified now, to `path` (atomic_save); on failure the draft
 * is as before. `mark`: the journal records the bytes first (doc_journal_mark_saved). */
int doc_write_file(doc *d, const char *path, bool mark, char hash[SHA256_HEX_LEN + 1],
                   char **err)
{
    char *now = doc_now_iso();
    if (!now) {
        fio_set_err(err, smsgf(SM_SAVE_OOM, path));
        return -1;
    }
    char *old = d->draft->modified;
    d->draft->modified = now;
    size_t len = 0;
    char *text = draft_print(d->draft, &len);
    if (!text || len > DRAFT_MAX_BYTES) {
        /* a file over the limit could not be opened again: refuse it, keep the old one */
        if (text)
            fio_set_err(err, smsgf(SM_SAVE_TOO_BIG, path, (len + (1u << 20) - 1) >> 20,
                                   (unsigned)(DRAFT_MAX_BYTES >> 20)));
        else
            fio_set_err(err, smsgf(SM_SAVE_OOM, path));
        free(text);
        d->draft->modified = old;
        free(now);
        return -1;
    }
    sha256_hex(text, len, hash);
    if (mark)
        doc_journal_mark_saved(d, hash);
    int r = atomic_save(path, text, len, NULL, err);
    free(text);
    if (r != 0) {
        d->draft->modified = old;      /* nothing changed: the draft is as before */
        free(now);
        return -1;
    }
    free(old);
    return 0;
}

/* The file at d->path now holds every change (its bytes hash to `hash`): the journal starts
 * again from it. */
void doc_saved_as(doc *d, const char *hash)
{
    memcpy(d->file_hash, hash, sizeof d->file_hash);
    d->dirty = false;
    doc_state_saved(d);
    if (d->jr) {
        journal_close(d->jr, true, NULL);
        d->jr = NULL;
    }
    if (d->applied_journal) {
        unlink(d->applied_journal);
        free(d->applied_journal);
        d->applied_journal = NULL;
    }
    d->journal_lost = false;
    char *je = NULL;
    if (doc_journal_start(d, &je) != 0) {
        /* saved, but further edits cannot be journaled: say so through doc_tick */
        free(d->journal_error);
        d->journal_error = je ? je : strdup(smsg(SM_JR_RESTART));
    }
}

static int save_impl(doc *d, bool confirmed, char **err)
{
    if (err)
        *err = NULL;
    d->ask = SAVE_ASK_NONE;
    free(d->ask_who);
    d->ask_who = NULL;
    if (d->mode == DOC_READONLY) {
        fio_set_err(err, smsgf(SM_DOC_READONLY, d->path));
        return -1;
    }
    /* a reviewer never silently overwrites what changed on disk since they opened it */
    if (doc_check_unchanged(d, err) != 0)
        return -1;
    if (d->journal_pending) {
        fio_set_err(err, smsgf(SM_DOC_PENDING, d->path));
        return -1;
    }
    if (!confirmed && d->mode == DOC_EDIT) {
        /* another program (an editor, a copy, a sync tool: not another selfeval, which the
         * lock keeps out) changed the file since it was opened: replacing it loses that */
        char *how = doc_disk_change(d);
        if (how && access(d->path, F_OK) != 0 && !folder_exists(d->path)) {
            /* removed with its folder: asking whether to write it again is pointless, the
             * save below says what is wrong (and the editor offers another place) */
            free(how);
            how = NULL;
        }
        if (how) {
            d->ask = access(d->path, F_OK) == 0 ? SAVE_ASK_CHANGED : SAVE_ASK_REMOVED;
            fio_set_err(err, fio_strdupf("%s was changed on disk since you opened it (%s): "
                                         "saving replaces that version with yours. Save "
                                         "anyway?", d->path, how));
            free(how);
            return DOC_SAVE_ASK;
        }
    }
    if (!confirmed) {
        char *q = save_question(d);
        if (q) {
            fio_set_err(err, q);
            return DOC_SAVE_ASK;
        }
    }
    char hash[SHA256_HEX_LEN + 1];
    if (doc_write_file(d, d->path, true, hash, err) != 0)
        return -1;
    doc_saved_as(d, hash);
    return 0;
}

int doc_save(doc *d, char **err)
{
    return save_impl(d, false, err);
}

int doc_save_anyway(doc *d, char **err)
{
    return save_impl(d, true, err);
}

doc_save_ask doc_save_asked(const doc *d, const char **who, unsigned *mode)
{
    if (who)
        *who = d->ask_who;
    if (mode)
        *mode = d->ask_mode;
    return (doc_save_ask)d->ask;
}

bool doc_journal_keeps(doc *d)
{
    return d->jr && !d->journal_error && !d->journal_lost && journal_in_place(d->jr);
}

int doc_tick(doc *d, char **err)
{
    if (err)
        *err = NULL;
    if (d->journal_error) {
        fio_set_err(err, d->journal_error);
        d->journal_error = NULL;
        d->journal_lost = true;
        return -1;
    }
    if (!d->jr)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return journal_tick(d->jr, &now, err);
}

int doc_ms_until_tick(doc *d)
{
    if (d->journal_error)
        return 0;
    if (!d->jr)
        return -1;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return journal_ms_until_sync(d->jr, &now);
}

void doc_emergency_sync(doc *d)
{
    /* a failure is kept by the journal (sticky) and said by nobody: the terminal is gone */
    if (d && d->jr) {
        char *se = NULL;
        (void)journal_sync(d->jr, &se);
        free(se);
    }
}
