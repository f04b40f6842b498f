/* Save as: the open draft written under another name, which becomes the document's (its edit
 * lock and journal move with it). The way out when the draft's own place cannot be written
 * any more (its folder removed, a network share gone, a read-only folder) and for a draft
 * opened read-only. (store/doc.h) */
#include "doc_internal.h"

#include "core/sha256.h"
#include "store/fileio.h"
#include "store/lock.h"
#include "store/smsg.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool folder_of_exists(const char *path)
{
    char *dir = fio_dirname(path);
    struct stat st;
    bool yes = dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    free(dir);
    return yes;
}

/* Why `path` may not become the document's, NULL when it may: a file is there (never
 * replaced), a journal of someone's unsaved changes is waiting there, or its folder is not
 * there. */
static char *refusal(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0)
        return smsgf(SM_SAVE_AS_EXISTS, path);
    if (!folder_of_exists(path)) {
        char *dir = fio_dirname(path);
        char *m = smsgf(SM_SAVE_NO_FOLDER, path, dir ? dir : path);
        free(dir);
        return m;
    }
    size_t changes = 0, ignored = 0;
    char *je = NULL;
    int jr = doc_journal_count(path, &changes, &ignored, &je);
    free(je);
    if (jr != 0 || changes > 0)
        return smsgf(SM_SAVE_AS_JOURNAL, path);
    return NULL;
}

int doc_save_as(doc *d, const char *path, char **err)
{
    if (err)
        *err = NULL;
    /* a reviewer's copy of a submission would be a second submission */
    if (d->mode == DOC_REVIEW) {
        fio_set_err(err, smsgf(SM_SAVE_AS_MODE, d->path));
        return -1;
    }
    if (!path || !*path) {
        fio_set_err(err, strdup(smsg(SM_SAVE_NO_NAME)));
        return -1;
    }
    if (d->journal_pending) {
        fio_set_err(err, smsgf(SM_DOC_PENDING, d->path));
        return -1;
    }
    char *why = refusal(path);
    if (why) {
        fio_set_err(err, why);
        return -1;
    }
    char *np = strdup(path);
    if (!np) {
        fio_set_err(err, smsgf(SM_SAVE_OOM, path));
        return -1;
    }
    /* the new name's lock first: nobody else may start editing it while it is written */
    edit_lock *lk = NULL;
    lock_holder h;
    memset(&h, 0, sizeof h);
    char *le = NULL;
    lock_status ls = lock_acquire(path, &lk, &h, &le);
    if (ls == LOCK_HELD || ls == LOCK_FAILED) {
        if (ls == LOCK_HELD) {
            char *who = lock_holder_describe(&h);
            fio_set_err(err, smsgf(SM_SAVE_AS_LOCKED, path, who ? who : "?"));
            free(who);
        } else {
            fio_set_err(err, smsgf(SM_SAVE_AS_LOCK, path, le ? le : ""));
        }
        free(le);
        lock_holder_free(&h);
        free(np);
        return -1;
    }
    free(le);
    lock_holder_free(&h);
    char hash[SHA256_HEX_LEN + 1];
    if (doc_write_file(d, path, false, hash, err) != 0) {
        lock_release(lk);
        free(np);
        return -1;
    }
    /* the old name is left as it was on disk: its lock goes, and its journal, whose changes
     * the new file holds (doc_saved_as closes and removes it) */
    lock_release(d->lock);
    d->lock = lk;
    free(d->path);
    d->path = np;
    d->mode = DOC_EDIT;
    free(d->ro_reason);
    d->ro_reason = NULL;
    d->ask = SAVE_ASK_NONE;
    doc_saved_as(d, hash);
    return 0;
}
