/* selfeval recover FILE [--apply | --discard | --keep-both] [--review]
 *
 * Headless recovery of the changes an interrupted editing session left in FILE.journal
 * (docs/draft-format.md, "Beside the draft"). Without a choice it only describes the journal
 * and exits 1, asking for one: recovery never guesses what the clerk wants. */
#include "cli/cli.h"
#include "report/sbuf.h"
#include "store/doc.h"
#include "store/journal.h"
#include "store/lock.h"

#include <cJSON.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Every line of this command names files and a lock holder that another user may have chosen:
 * control characters and bidi overrides in them are shown as escapes, never sent raw. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *raw = NULL;
    int n = vasprintf(&raw, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sbuf b = {0};
    sb_add_visible_n(&b, raw, (size_t)n, true);
    if (b.s)
        fputs(b.s, stdout);
    sb_free(&b);
    free(raw);
}

typedef struct {
    const char *path;
    int choice;          /* -1 none, else a recover_choice */
    const char *choice_arg;
    bool review;         /* the journal of a reviewer's session (queries, re-check figures) */
} recover_opts;

static int parse_args(int argc, char **argv, recover_opts *o)
{
    static const struct { const char *opt; recover_choice c; } choices[] = {
        {"--apply", RECOVER_APPLY}, {"--discard", RECOVER_DISCARD},
        {"--keep-both", RECOVER_KEEP_BOTH}};
    o->choice = -1;
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                options_done = true;
                continue;
            }
            if (strcmp(a, "--review") == 0) {
                o->review = true;
                continue;
            }
            size_t k = 0;
            while (k < sizeof choices / sizeof choices[0] && strcmp(a, choices[k].opt) != 0)
                k++;
            if (k == sizeof choices / sizeof choices[0])
                return cli_unknown_option("recover", a);
            if (o->choice >= 0 && o->choice != (int)choices[k].c)
                return cli_usage_error("recover: choose one of --apply, --discard, --keep-both "
                                       "(%s and %s given)", o->choice_arg, a);
            o->choice = (int)choices[k].c;
            o->choice_arg = a;
            continue;
        }
        if (o->path)
            return cli_usage_error("recover: one draft at a time ('%s' and '%s' given)",
                                   o->path, a);
        o->path = a;
    }
    if (!o->path)
        return cli_usage_error("recover: name the draft (selfeval recover FILE [--apply|--discard|"
                               "--keep-both])");
    return 0;
}

static void fmt_time(time_t t, char *buf, size_t n)
{
    struct tm tm;
    if (!localtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm))
        snprintf(buf, n, "?");
}

/* Without a choice: what the journal holds, and the three ways on. */
static int describe(const char *path)
{
    struct stat dst, jst;
    bool never_saved = false;
    if (stat(path, &dst) != 0) {
        /* a draft that was never saved can still have a journal naming its form */
        char *jform = errno == ENOENT ? doc_journal_form(path, NULL) : NULL;
        if (!jform)
            return cli_fail("%s: cannot read: %s", path,
                            errno == ENOENT ? "no such file" : strerror(errno));
        free(jform);
        never_saved = true;
        memset(&dst, 0, sizeof dst);
    }
    /* A journal is left over only when no editor is running: while one holds the lock, the
     * journal is that session's, alive, and not "interrupted". */
    lock_holder h;
    if (lock_probe(path, &h) == LOCK_HELD) {
        char *who = lock_holder_describe(&h);
        say("%s is being edited right now by %s: its journal belongs to that session and is "
               "not left over; nothing to recover\n", path, who ? who : "someone");
        free(who);
        lock_holder_free(&h);
        return CLI_OK;
    }
    lock_holder_free(&h);
    if (doc_journal_is_stale(path)) {
        say("%s: the journal's changes are already in the draft (a save was stopped before "
               "it could remove the journal): nothing to recover; opening the draft sets the "
               "journal aside\n", path);
        return CLI_OK;
    }
    char *jp = journal_path_for(path);
    if (!jp)
        return cli_fail("out of memory");
    if (stat(jp, &jst) != 0) {
        say("%s: no journal (%s): nothing to recover\n", path, jp);
        free(jp);
        return CLI_OK;
    }
    size_t changes = 0, ignored = 0;
    char *err = NULL;
    if (doc_journal_count(path, &changes, &ignored, &err) != 0) {
        int rc = cli_fail("%s", err ? err : "cannot read the journal");
        free(err);
        free(jp);
        return rc;
    }
    if (!changes) {
        say("%s: the journal %s holds no changes: nothing to recover\n", path, jp);
        free(jp);
        return CLI_OK;
    }
    char jt[64], dt[64];
    fmt_time(jst.st_mtime, jt, sizeof jt);
    if (never_saved)
        snprintf(dt, sizeof dt, "never");
    else
        fmt_time(dst.st_mtime, dt, sizeof dt);
    say("%s: %zu unsaved change%s from an interrupted editing session, the last at %s\n"
           "  (journal %s; the draft was last saved at %s)\n",
           path, changes, changes == 1 ? "" : "s", jt, jp, dt);
    if (doc_journal_in_doubt(path))
        say("  Careful: the draft was changed since these changes were made (by another "
               "program, or a save that was not completed), so some of them may be in it "
               "already; --keep-both is the safest\n");
    if (ignored)
        say("  %zu byte%s of a torn last record will be ignored\n", ignored,
               ignored == 1 ? "" : "s");
    say("Choose one:\n"
           "  selfeval recover %s --apply       replay the changes into the draft and save it\n"
           "  selfeval recover %s --discard     set the changes aside (the journal is kept as a "
           "file)\n"
           "  selfeval recover %s --keep-both   write the recovered draft beside it, leave the "
           "draft as it is\n",
           path, path, path);
    free(jp);
    return CLI_ATTENTION;
}

static int apply_choice(const recover_opts *o)
{
    doc_open_info info;
    memset(&info, 0, sizeof info);
    char *err = NULL, *out_path = NULL;
    struct stat st;
    if (stat(o->path, &st) != 0) {
        char *jform = errno == ENOENT ? doc_journal_form(o->path, NULL) : NULL;
        if (!jform)
            return cli_fail("%s: cannot read: %s", o->path,
                            errno == ENOENT ? "no such file" : strerror(errno));
        free(jform); /* doc_open finds it again in the journal */
    }
    doc *d = doc_open_as(o->path, NULL, o->review ? DOC_REVIEW : DOC_EDIT, &info, &err);
    if (!d) {
        int rc = cli_fail("%s", err ? err : "cannot open the draft");
        free(err);
        return rc;
    }
    int rc = CLI_BAD_INPUT;
    if (info.lock != LOCK_HELD && doc_readonly_reason(d)) {
        cli_fail("%s: cannot recover: %s", o->path, doc_readonly_reason(d));
        goto out;
    }
    if (info.lock == LOCK_HELD || doc_get_mode(d) == DOC_READONLY) {
        char *who = info.lock == LOCK_HELD ? lock_holder_describe(&info.holder) : NULL;
        cli_fail("%s is being edited%s%s; recover from that editor, or close it first", o->path,
                 who ? " by " : "", who ? who : "");
        free(who);
        goto out;
    }
    if (!info.journal_found) {
        if (info.journal_stale)
            say("%s: an old journal whose changes this draft already holds (a save was "
                   "stopped before it could remove it) was set aside as %s.journal.stale-…\n",
                   o->path, o->path);
        say("%s: no unsaved changes are waiting: nothing to recover\n", o->path);
        rc = CLI_OK;
        goto out;
    }
    size_t n = 0;
    if (doc_recover(d, (recover_choice)o->choice, &n, &out_path, &err) != 0) {
        cli_fail("%s", err ? err : "recovery failed");
        goto out;
    }
    switch ((recover_choice)o->choice) {
    case RECOVER_APPLY:
        if (doc_save(d, &err) != 0) {
            cli_fail("%s (the journal is kept: nothing is lost)",
                     err ? err : "cannot save the draft");
            goto out;
        }
        say("%s: %zu change%s applied and saved\n", o->path, n, n == 1 ? "" : "s");
        break;
    case RECOVER_DISCARD:
        say("%s: %zu change%s set aside (the old journal is kept beside the draft); the draft "
               "is as last saved\n", o->path, n, n == 1 ? "" : "s");
        break;
    case RECOVER_KEEP_BOTH:
        say("%s: %zu change%s written to %s; the draft is as last saved\n", o->path, n,
               n == 1 ? "" : "s", out_path ? out_path : "a recovered copy");
        break;
    }
    rc = CLI_OK;
out:
    free(err);
    free(out_path);
    lock_holder_free(&info.holder);
    doc_close(d);
    return rc;
}

int cli_recover(int argc, char **argv)
{
    recover_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;
    if (o.choice < 0)
        return describe(o.path);
    return apply_choice(&o);
}
