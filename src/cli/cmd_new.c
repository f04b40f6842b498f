/* selfeval new FORM -o FILE [--force]
 * selfeval new --from LAST.json -o FILE [--force]
 *
 * Writes an empty draft of an installed form: the form's id and version, the metadata of a
 * new draft, and the form's default values (docs/form-format.md `default`) outside tables —
 * rows are added by the clerk, and a new row gets its defaults then. Saved atomically; an
 * existing file is never replaced without --force (and then its old version is kept as
 * FILE~ by the atomic save).
 *
 * With --from, the new draft is last year's carried over (core/carry.h): its form is the one
 * last year's draft names (naming another is refused), and the form says what comes along. */
#include "cli/cli.h"
#include "core/carry.h"
#include "core/draft.h"
#include "core/form.h"
#include "store/doc.h"
#include "store/draft_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
    const char *form_id, *out, *from;
    bool force;
} new_opts;

static int parse_args(int argc, char **argv, new_opts *o)
{
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            int r;
            if (strcmp(a, "--") == 0) {
                options_done = true;
                continue;
            }
            if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
                o->force = true;
                continue;
            }
            if ((r = cli_opt_value(argc, argv, &i, "--from", &v)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
                if (o->from)
                    return cli_usage_error("new: give one draft to carry over (--from FILE)");
                o->from = v;
                continue;
            }
            if ((r = cli_opt_value(argc, argv, &i, "-o", &v)) == 0)
                r = cli_opt_value(argc, argv, &i, "--output", &v);
            if (r < 0)
                return CLI_BAD_INPUT;
            if (r == 0)
                return cli_unknown_option("new", a);
            if (o->out)
                return cli_usage_error("new: give one output file (-o FILE)");
            o->out = v;
            continue;
        }
        if (o->form_id)
            return cli_usage_error("new: one form at a time ('%s' and '%s' given)", o->form_id, a);
        o->form_id = a;
    }
    if (!o->form_id && !o->from)
        return cli_usage_error("new: name a form (selfeval new FORM -o FILE; 'selfeval forms' "
                               "lists them)");
    if (!o->out || !*o->out)
        return cli_usage_error("new: name the file to write (selfeval new %s -o FILE)",
                               o->form_id ? o->form_id : "--from LAST.json");
    return 0;
}

/* ISO 8601 local time with the offset written +08:00, as docs/draft-format.md shows. */
static char *now_iso(void)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return NULL;
    char date[32];
    if (!strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm))
        return NULL;
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    char *s = NULL;
    if (asprintf(&s, "%s%c%02ld:%02ld", date, sign, off / 3600, off / 60 % 60) < 0)
        return NULL;
    return s;
}

int cli_new(int argc, char **argv)
{
    new_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;

    struct stat st;
    if (lstat(o.out, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return cli_fail("%s is a directory; name the draft file to write", o.out);
        if (!o.force)
            return cli_fail("%s already exists; use --force to replace it (its old version "
                            "is kept as %s~)", o.out, o.out);
    } else if (errno != ENOENT) {
        return cli_fail("%s: %s", o.out, strerror(errno));
    }

    char *err = NULL;
    draft *last = NULL;
    if (o.from) {
        last = draft_file_read(o.from, &err);
        if (!last) {
            rc = cli_fail("%s", err ? err : "cannot read the draft to carry over");
            free(err);
            return rc;
        }
        if (o.form_id && strcmp(o.form_id, last->form_id) != 0) {
            rc = cli_fail("%s is a draft of form '%s', not '%s': leave the form out to carry it "
                          "over", o.from, last->form_id, o.form_id);
            draft_free(last);
            return rc;
        }
    }
    form *f = doc_load_form(last ? last->form_id : o.form_id, &err);
    if (!f) {
        rc = cli_fail("%s", err ? err : "cannot load the form");
        free(err);
        draft_free(last);
        return rc;
    }
    draft *d = NULL;
    char *now = now_iso();
    rc = CLI_BAD_INPUT;
    if (last) {
        d = draft_carry_over(f, last, &err);
        if (!d) {
            cli_fail("%s: %s", o.from, err ? err : "cannot carry the draft over");
            goto out;
        }
    } else {
        d = draft_new(f->id, f->version);
        if (d && form_put_defaults(f->root, d->values) != 0) {
            draft_free(d);
            d = NULL;
        }
    }
    if (!d || !now) {
        cli_fail("out of memory while making the draft");
        goto out;
    }
    free(d->created);
    free(d->modified);
    d->created = now;
    d->modified = strdup(now);
    now = NULL;
    if (!d->modified) {
        cli_fail("out of memory while making the draft");
        goto out;
    }
    if (draft_file_save(o.out, d, NULL, &err) != 0) {
        cli_fail("%s", err ? err : "cannot save the draft");
        goto out;
    }
    if (last)
        printf("%s: %s carried over to %s, form %s %s (%s)\n", o.out, o.from,
               d->year ? d->year : "a new year", f->id, f->version,
               i18n_get(&f->title, cli_english_from_env()));
    else
        printf("%s: new draft of form %s %s (%s)\n", o.out, f->id, f->version,
               i18n_get(&f->title, cli_english_from_env()));
    rc = CLI_OK;
out:
    free(err);
    free(now);
    draft_free(d);
    draft_free(last);
    form_free(f);
    return rc;
}
