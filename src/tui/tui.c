/* tui_run: opens the draft (asking for a form when the file is new, offering a newer journal,
 * telling who holds the lock), runs the main loop, and closes everything in order. */
#include "tui/tui.h"

#include "tui/app.h"
#include "tui/dialog.h"
#include "tui/screen_inbox.h"
#include "report/sbuf.h"
#include "store/inbox.h"

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

/* How the run opens its draft once the form is known (picked from a list for a new file). */
typedef struct {
    const tui_opts *o;
    char *err;                 /* the draft could not be opened: said after leaving curses */
    bool failed;
} run_ctx;

static int open_draft(app *a, run_ctx *rc, const char *form_id)
{
    app_doc_opts dopts = {.form_id = form_id, .readonly = rc->o->readonly,
                          .review = rc->o->review, .overview = true};
    if (app_open_doc(a, rc->o->path, &dopts, &rc->err) != 0) {
        rc->failed = true;
        return CH_QUIT;
    }
    return CH_DRAW;
}

typedef struct {
    run_ctx *rc;
    form_menu m;
} pick_ctx;

static void pick_ctx_free(void *p)
{
    pick_ctx *c = p;
    menu_free(&c->m);
    free(c);
}

static int form_picked(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    pick_ctx *c = ctx;
    if (answer < 0 || (size_t)answer >= c->m.n)
        return CH_QUIT;                  /* no form, no draft: the editor ends */
    return open_draft(a, c->rc, c->m.ids[answer]);
}

/* A new file without --form: the clerk picks the form (a list over an empty screen). */
static void pick_form(app *a, run_ctx *rc)
{
    pick_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return;
    c->rc = rc;
    list_forms(a, &c->m);
    if (c->m.n == 0) {
        char *t = trf(M_NO_FORMS, doc_forms_dir());
        dialog_message(a, tr(M_ERROR_T), t ? t : "");
        free(t);
        pick_ctx_free(c);
        return;
    }
    size_t sel = 0;
    for (size_t i = 0; i < c->m.n; i++)
        if (strcmp(c->m.ids[i], "submission") == 0)
            sel = i;
    dialog_list(a, tr(M_PICK_FORM_T), (const char *const *)c->m.items, c->m.n, sel,
                (dialog_then){form_picked, c, pick_ctx_free});
}

static void app_free(app *a)
{
    app_pop_all(a);
    app_drop_doc(a);
    free(a->fr.hits);
    free(a->msg);
    free(a->journal_problem);
    app_log_free(a);
    app_held_free(a);
    memset(a, 0, sizeof *a);
}

/* The locale, the language and the terminal for an editor session; -1 (said on standard
 * error) when the terminal cannot be started. */
static int start_app(app *a, const tui_opts *o)
{
    setlocale(LC_ALL, "");
    i18n_choose(o->english);
    memset(a, 0, sizeof *a);
    a->english = i18n_english();
    char *err = NULL;
    if (term_start(o->ambiguous, !o->no_mouse, &err) != 0) {
        fprintf(stderr, "selfeval: %s\n", err ? err : "cannot start the terminal");
        free(err);
        return -1;
    }
    getmaxyx(stdscr, a->rows, a->cols);
    return 0;
}

int tui_run(const tui_opts *o)
{
    app a;
    if (start_app(&a, o) != 0)
        return 1;

    /* a new file: which form? */
    run_ctx rc = {.o = o};
    char *journal_form = NULL;
    struct stat st;
    if (!o->form_id && stat(o->path, &st) != 0 && errno == ENOENT &&
        !(journal_form = doc_journal_form(o->path, NULL))) {
        /* (a journal naming the form means a new draft's editor was killed before its first
         * save: doc_open takes the form from it and the recovery is offered first) */
        pick_form(&a, &rc);
    } else {
        open_draft(&a, &rc, o->form_id);
    }
    free(journal_form);
    int status = 0;
    if (!rc.failed && !a.gone)
        status = app_run(&a);
    if (rc.failed) {
        term_stop();
        fprintf(stderr, "selfeval: %s\n", rc.err ? rc.err : "cannot open the draft");
        free(rc.err);
        app_free(&a);
        return 2;
    }
    bool gone = a.gone;
    /* the terminal first: a hung-up terminal must not delay closing the journal and lock */
    term_stop();
    app_free(&a);
    if (gone)
        return 1;
    return status;
}

int tui_print_keys(FILE *out)
{
    return keys_markdown(out);
}

int tui_review(const tui_opts *o)
{
    /* last year's drafts are read before the terminal starts: one that cannot be read is
     * said as check says it */
    inbox *ib = inbox_new();
    char *err = NULL;
    if (!ib || inbox_set_last(ib, o->last, o->nlast, &err) != 0) {
        char *vis = err ? sb_visible_dup(err) : NULL;
        fprintf(stderr, "selfeval: review: %s\n", vis ? vis : "out of memory");
        free(vis);
        free(err);
        inbox_free(ib);
        return 2;
    }
    app a;
    if (start_app(&a, o) != 0) {
        inbox_free(ib);
        return 1;
    }
    int f = inbox_push(&a, o->path, ib);
    int rc = 1;
    if (!(f & CH_GONE) && a.nstack > 0 && !a.gone)
        rc = app_run(&a);
    bool gone = a.gone;
    term_stop();
    app_free(&a);
    return gone ? 1 : rc;
}
