/* tui_run: opens the draft (asking for a form when the file is new, offering a newer journal,
 * telling who holds the lock), runs the main loop, and closes everything in order. */
#include "tui/tui.h"

#include "tui/app.h"
#include "tui/dialog.h"

#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char **ids;
    char **items;
    size_t n, cap;
} form_menu;

static void menu_free(form_menu *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->ids[i]);
        free(m->items[i]);
    }
    free(m->ids);
    free(m->items);
    memset(m, 0, sizeof *m);
}

static int menu_add(form_menu *m, const char *id, const char *title)
{
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 8;
        char **ni = realloc(m->ids, nc * sizeof *ni);
        if (!ni)
            return -1;
        m->ids = ni;
        char **nt = realloc(m->items, nc * sizeof *nt);
        if (!nt)
            return -1;
        m->items = nt;
        m->cap = nc;
    }
    m->ids[m->n] = strdup(id);
    m->items[m->n] = tui_asprintf("%-12s %s", id, title);
    if (!m->ids[m->n] || !m->items[m->n]) {
        free(m->ids[m->n]);
        free(m->items[m->n]);
        return -1;
    }
    m->n++;
    return 0;
}

static int by_id(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The installed forms (every forms/<id>.json that loads), for a new draft. */
static int list_forms(app *a, form_menu *m)
{
    const char *dir = doc_forms_dir();
    DIR *dp = opendir(dir);
    if (!dp)
        return -1;
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0 || de->d_name[0] == '.')
            continue;
        if (nn == cap) {
            cap = cap ? cap * 2 : 16;
            char **nv = realloc(names, cap * sizeof *nv);
            if (!nv)
                break;
            names = nv;
        }
        names[nn] = strndup(de->d_name, l - 5);
        if (names[nn])
            nn++;
    }
    closedir(dp);
    if (nn)
        qsort(names, nn, sizeof *names, by_id);
    for (size_t i = 0; i < nn; i++) {
        char *err = NULL;
        form *f = doc_load_form(names[i], &err);
        free(err);
        if (f) {
            const char *t = i18n_get(&f->title, a->english);
            menu_add(m, names[i], t ? t : "");
            form_free(f);
        }
        free(names[i]);
    }
    free(names);
    return 0;
}

/* A new file without --form: the clerk picks the form. NULL when cancelled. */
static char *pick_form(app *a, bool *gone)
{
    form_menu m = {0};
    *gone = false;
    list_forms(a, &m);
    char *id = NULL;
    if (m.n == 0) {
        char *t = trf(M_NO_FORMS, doc_forms_dir());
        dialog_message(a, tr(M_ERROR_T), t ? t : "");
        free(t);
    } else {
        size_t sel = 0;
        for (size_t i = 0; i < m.n; i++)
            if (strcmp(m.ids[i], "submission") == 0)
                sel = i;
        int r = dialog_list(a, tr(M_PICK_FORM_T), (const char *const *)m.items, m.n, sel);
        if (r >= 0)
            id = strdup(m.ids[r]);
        *gone = r == DLG_GONE;
    }
    menu_free(&m);
    return id;
}

/* Asks what to do with the journal's changes until the clerk decides: backing out of the
 * discard question returns here, so no answer leaves the same question for every open. */
static int ask_recovery(app *a, bool doubt, recover_choice *c)
{
    const char *b[] = {tr(M_RECOVER_APPLY), tr(M_RECOVER_BOTH), tr(M_RECOVER_DISCARD)};
    const char *path = doc_path(a->d);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t def = 0;;) {
        char *q0 = trf(M_RECOVER_Q, path);
        /* the draft changed by other means since: say that some changes may be in it already */
        char *q = q0 && doubt ? tui_asprintf("%s\n%s", q0, tr(M_RECOVER_DOUBT)) : NULL;
        if (q)
            free(q0);
        else
            q = q0;
        int r = dialog_ask(a, tr(M_RECOVER_T), q ? q : "", b, 3, def, NULL);
        free(q);
        if (r < 0)
            return r;
        if (r != 2) {
            *c = r == 0 ? RECOVER_APPLY : RECOVER_KEEP_BOTH;
            return 0;
        }
        const char *yb[] = {tr(M_RECOVER_DISCARD_YES), tr(M_BACK)};
        char *dq = trf(M_RECOVER_DISCARD_Q, base);
        int y = dialog_ask(a, tr(M_RECOVER_T), dq ? dq : "", yb, 2, 1, NULL);
        free(dq);
        if (y == DLG_GONE)
            return DLG_GONE;
        if (y == 0) {
            *c = RECOVER_DISCARD;
            return 0;
        }
        def = 2;
    }
}

static int offer_recovery(app *a, bool doubt)
{
    recover_choice c;
    int r = ask_recovery(a, doubt, &c);
    if (r == DLG_GONE)
        return -1;
    if (r < 0) {
        /* Esc decides nothing: the journal stays for next time, and this session only looks
         * (editing now would bury the unsaved changes under new ones) */
        a->readonly = true;
        app_message(a, false, "%s", tr(M_RECOVER_LATER));
        return 0;
    }
    size_t n = 0;
    char *out = NULL, *err = NULL;
    if (doc_recover(a->d, c, &n, &out, &err) != 0) {
        dialog_message(a, tr(M_ERROR_T), err ? err : tr(M_OUT_OF_MEMORY));
        free(err);
        return a->gone ? -1 : 0;
    }
    /* the replay may have added rows: find everything again */
    a->e = doc_engine(a->d);
    a->focus = NULL;
    app_sections_build(a);
    app_refocus(a);
    char *m = c == RECOVER_APPLY ? trf(M_RECOVERED, n)
              : c == RECOVER_KEEP_BOTH ? trf(M_RECOVER_KEPT, out ? out : "")
                                       : strdup(tr(M_RECOVER_DROPPED));
    if (m) {
        app_message(a, false, "%s", m);
        free(m);
    }
    free(out);
    return 0;
}

static void app_free(app *a)
{
    if (a->ed_ok)
        le_free(&a->ed);
    if (a->para_ok)
        le_free(&a->para);
    layout_free(&a->lay);
    app_sections_free(a);
    findings_free(&a->fl);
    for (size_t i = 0; i < a->nhelp; i++)
        free(a->help[i]);
    free(a->help);
    free(a->hits);
    free(a->msg);
    free(a->journal_problem);
    free(a->focus_path);
    free(a->lock_note);
    if (a->d)
        doc_close(a->d);
    memset(a, 0, sizeof *a);
}

int tui_run(const tui_opts *o)
{
    setlocale(LC_ALL, "");
    i18n_choose(o->english);
    app a;
    memset(&a, 0, sizeof a);
    a.english = i18n_english();
    char *err = NULL;
    if (term_start(o->ambiguous, !o->no_mouse, &err) != 0) {
        fprintf(stderr, "selfeval: %s\n", err ? err : "cannot start the terminal");
        free(err);
        return 1;
    }
    getmaxyx(stdscr, a.rows, a.cols);

    /* a new file: which form? */
    char *picked = NULL;
    const char *form_id = o->form_id;
    struct stat st;
    if (!form_id && stat(o->path, &st) != 0 && errno == ENOENT &&
        !(picked = doc_journal_form(o->path, NULL))) {
        /* (a journal naming the form means a new draft's editor was killed before its first
         * save: doc_open takes the form from it and the recovery is offered first) */
        bool gone;
        picked = pick_form(&a, &gone);
        if (!picked) {
            term_stop();
            app_free(&a);
            return gone ? 1 : 0;
        }
        form_id = picked;
    }
    doc_open_info info;
    memset(&info, 0, sizeof info);
    a.d = doc_open(o->path, form_id, o->readonly, &info, &err);
    free(picked);
    if (!a.d) {
        term_stop();
        fprintf(stderr, "selfeval: %s\n", err ? err : "cannot open the draft");
        free(err);
        lock_holder_free(&info.holder);
        app_free(&a);
        return 2;
    }
    a.e = doc_engine(a.d);
    a.f = doc_form(a.d);
    a.readonly = doc_get_mode(a.d) == DOC_READONLY;
    app_sections_build(&a);
    app_focus(&a, NULL);
    a.never_saved = info.created;
    /* a submission opens on its overview (its tables and report, each with its total) */
    overview_open(&a);

    int rc = 0;
    if (info.lock == LOCK_HELD) {
        a.lock_note = lock_holder_describe(&info.holder);
        char *t = trf(M_LOCKED_Q, a.lock_note ? a.lock_note : "?");
        dialog_message(&a, tr(M_LOCKED_T), t ? t : "");
        free(t);
    } else if (info.lock == LOCK_TAKEN_OVER) {
        char *who = lock_holder_describe(&info.holder);
        char *t = trf(M_TAKEN_OVER, who ? who : "?");
        if (t)
            app_message(&a, false, "%s", t);
        free(t);
        free(who);
    }
    if (info.lock != LOCK_HELD && doc_readonly_reason(a.d)) {
        /* nobody asked for read-only and nobody else edits: say why (a read-only folder,
         * a file beside the draft that is not safe to use) */
        char *t = trf(M_RO_WHY, doc_readonly_reason(a.d));
        dialog_message(&a, tr(M_RO_WHY_T), t ? t : doc_readonly_reason(a.d));
        free(t);
    }
    if (info.journal_stale)
        app_message(&a, false, "%s", tr(M_STALE_JOURNAL));
    lock_holder_free(&info.holder);
    if (!a.gone && info.journal_found && !a.readonly && offer_recovery(&a, info.journal_doubt) != 0)
        a.gone = true;
    if (!a.gone)
        rc = app_run(&a);
    else
        rc = 1;
    bool gone = a.gone;
    /* the terminal first: a hung-up terminal must not delay closing the journal and lock */
    term_stop();
    app_free(&a);
    if (gone)
        return 1;
    return rc;
}

int tui_print_keys(FILE *out)
{
    return keys_markdown(out);
}
