/* Review transitions on a draft file (store/review_file.h). */
#include "store/review_file.h"
#include "doc_internal.h"
#include "store/doc.h"
#include "store/fileio.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *review_default_user(void)
{
    const char *env = getenv("SELFEVAL_USER");
    if (env && *env)
        return strdup(env);
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_gecos && *pw->pw_gecos && *pw->pw_gecos != ',')
        return strndup(pw->pw_gecos, strcspn(pw->pw_gecos, ","));
    if (pw && pw->pw_name && *pw->pw_name)
        return strdup(pw->pw_name);
    env = getenv("USER");
    if (env && *env)
        return strdup(env);
    return fio_strdupf("uid %ld", (long)geteuid());
}

doc *review_file_open(const char *path, doc_mode mode, const char *by, char **err)
{
    *err = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        *err = fio_strdupf("%s: cannot read: %s", path,
                           errno == ENOENT ? "no such file" : strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        *err = fio_strdupf("%s: is a directory, not a draft file", path);
        return NULL;
    }
    doc_open_info info;
    memset(&info, 0, sizeof info);
    doc *d = doc_open_as(path, NULL, mode, &info, err);
    if (!d) {
        if (!*err)
            *err = fio_strdupf("%s: cannot open", path);
        lock_holder_free(&info.holder);
        return NULL;
    }
    if (info.lock == LOCK_HELD || doc_get_mode(d) == DOC_READONLY) {
        /* never a silent overwrite under an editor's feet */
        char *who = info.lock == LOCK_HELD ? lock_holder_describe(&info.holder) : NULL;
        *err = fio_strdupf("%s is being edited%s%s; try again when it is closed", path,
                           who ? " by " : "", who ? who : "");
        free(who);
        goto fail;
    }
    if (info.journal_found) {
        *err = fio_strdupf("%s: unsaved changes from an interrupted session are waiting "
                           "(see 'selfeval recover %s')", path, path);
        goto fail;
    }
    if (by && doc_set_user(d, by) != 0) {
        *err = fio_strdupf("out of memory");
        goto fail;
    }
    lock_holder_free(&info.holder);
    return d;
fail:
    lock_holder_free(&info.holder);
    doc_close(d);
    return NULL;
}

review_result review_file_apply(const char *path, review_action a, const char *by,
                                const char *reason, finding_list *errors, char **err)
{
    /* the clerk submits (edit mode); the reviewer returns, approves, re-checks (review mode:
     * the values cannot change under the transition) */
    doc *d = review_file_open(path, a == REVIEW_SUBMIT ? DOC_EDIT : DOC_REVIEW, by, err);
    if (!d)
        return REVIEW_FAILED;
    review_result rc = REVIEW_FAILED;
    char *why = NULL;
    if (review_check(doc_draft(d), a, reason, &why) != 0) {
        *err = fio_strdupf("%s: %s", path, why ? why : "out of memory");
        free(why);
        rc = REVIEW_NOT_ALLOWED;
        goto out;
    }
    if (a == REVIEW_SUBMIT && engine_count(doc_engine(d), SEV_ERROR) > 0) {
        if (errors) {
            finding_list all = {0};
            if (engine_findings(doc_engine(d), &all) == 0)
                for (size_t i = 0; i < all.len; i++)
                    if (all.items[i].sev == SEV_ERROR)
                        findings_add(errors, SEV_ERROR, all.items[i].code, all.items[i].path,
                                     all.items[i].msg_zh, all.items[i].msg_en);
            findings_free(&all);
        }
        *err = fio_strdupf("%s: cannot submit: the draft has %zu error(s); fix them first",
                           path, engine_count(doc_engine(d), SEV_ERROR));
        rc = REVIEW_HAS_ERRORS;
        goto out;
    }
    if (doc_transition(d, a, reason, &why) != 0) {
        *err = why ? why : fio_strdupf("out of memory");
        rc = REVIEW_NOT_ALLOWED;
        goto out;
    }
    rc = doc_save(d, err) == 0 ? REVIEW_DONE : REVIEW_FAILED;
out:
    doc_close(d);
    return rc;
}
