/* Picking from a list with type-to-filter: the choices of a choice field (or those that go
 * with the value of the field it depends on), and any other list a dialog offers. */
#include "tui/app.h"

#include "tui/dialog.h"
#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool matches(const char *item, const char *filter)
{
    return !*filter || strcasestr(item, filter) != NULL;
}

/* The choices that apply to f: its own list, or the list for the value of the field it
 * depends on (二级指标 by 一级指标); all lists when that field has no known value. */
static size_t choices_of(const inode *f, const form_choice ***out)
{
    const fnode *d = inode_def(f);
    *out = NULL;
    if (!d->choices_parent) {
        const form_choice **v = malloc((d->nchoices ? d->nchoices : 1) * sizeof *v);
        if (!v)
            return 0;
        for (size_t i = 0; i < d->nchoices; i++)
            v[i] = &d->choices[i];
        *out = v;
        return d->nchoices;
    }
    const char *pv = "";
    inode *row = inode_parent(f);
    for (size_t i = 0; row && i < inode_nkids(row); i++)
        if (inode_def(inode_kid(row, i)) == d->choices_parent)
            pv = inode_text(inode_kid(row, i));
    size_t total = 0;
    for (size_t k = 0; k < d->nchoices_keys; k++)
        total += d->nchoices_by[k];
    const form_choice **v = malloc((total ? total : 1) * sizeof *v);
    if (!v)
        return 0;
    size_t n = 0;
    for (size_t k = 0; k < d->nchoices_keys; k++)
        if (strcmp(d->choices_keys[k], pv) == 0)
            for (size_t i = 0; i < d->nchoices_by[k]; i++)
                v[n++] = &d->choices_by[k][i];
    if (n == 0)
        for (size_t k = 0; k < d->nchoices_keys; k++)
            for (size_t i = 0; i < d->nchoices_by[k]; i++) {
                bool dup = false;
                for (size_t j = 0; j < n && !dup; j++)
                    dup = strcmp(v[j]->value, d->choices_by[k][i].value) == 0;
                if (!dup)
                    v[n++] = &d->choices_by[k][i];
            }
    *out = v;
    return n;
}

bool choice_allows(const inode *f, const char *v)
{
    const fnode *d = inode_def(f);
    if (d->type != FT_CHOICE || d->choices_open || !*v)
        return true;
    const form_choice **ch;
    size_t n = choices_of(f, &ch);
    bool ok = false;
    for (size_t i = 0; i < n && !ok; i++)
        ok = strcmp(ch[i]->value, v) == 0;
    free(ch);
    return ok;
}

static int pick(app *a, inode *f, const char *filter);

int choice_pick(app *a, inode *f)
{
    return pick(a, f, "");
}

static int store(app *a, inode *f, const char *v)
{
    if (strcmp(inode_text(f), v) == 0)
        return CH_DRAW;
    if (a->view->ed_ok && a->view->focus == f)
        le_set(&a->view->ed, v, strlen(v));
    return app_commit(a, f, v);
}

int choice_clear(app *a, inode *f)
{
    return store(a, f, "");
}

int choice_typed(app *a, inode *f, const char *text, size_t len)
{
    /* what an input method commits or a paste brings, without surrounding blanks */
    while (len > 0 && (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')) {
        text++;
        len--;
    }
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
                       text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    if (len == 0)
        return CH_NONE;
    char *t = tui_asprintf("%.*s", (int)len, text);
    const form_choice **ch;
    size_t n = choices_of(f, &ch);
    if (!t || !ch) {
        free(t);
        free(ch);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    const form_choice *exact = NULL;
    size_t matching = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ch[i]->value, t) == 0 || (ch[i]->en && strcasecmp(ch[i]->en, t) == 0))
            exact = ch[i];
        if (matches(ch[i]->value, t) || (a->english && ch[i]->en && matches(ch[i]->en, t)))
            matching++;
    }
    int flags;
    if (exact) {
        flags = store(a, f, exact->value);
    } else if (matching > 0) {
        flags = pick(a, f, t);
    } else {
        /* refused: the cell keeps what it had, and the clerk learns what it takes */
        size_t cap = 1;
        for (size_t i = 0; i < n; i++)
            cap += strlen(ch[i]->value) + 3;
        char *opts = malloc(cap);
        if (opts) {
            opts[0] = '\0';
            for (size_t i = 0; i < n; i++) {
                if (i)
                    strcat(opts, " / ");
                strcat(opts, ch[i]->value);
            }
        }
        const key_ctx chain[] = {KC_NAV};
        char kb[32];
        const char *k = keys_first(chain, 1, ACT_OPEN, false, kb);
        char *m = trf(M_NOT_A_CHOICE, t, opts ? opts : "", k ? k : "");
        app_message(a, true, "%s", m ? m : t);
        free(m);
        free(opts);
        flags = CH_DRAW;
    }
    free(t);
    free(ch);
    return flags;
}

/* What the list's answer is about: the field (by storage path: found again when the answer
 * comes) and the value of each item. */
typedef struct {
    char *path;
    char **values;             /* "" first for "(clear)" when the field had a value */
    size_t n;
} pick_ctx;

static void pick_ctx_free(void *p)
{
    pick_ctx *c = p;
    for (size_t i = 0; i < c->n; i++)
        free(c->values[i]);
    free(c->values);
    free(c->path);
    free(c);
}

static int picked(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    pick_ctx *c = ctx;
    if (answer < 0 || (size_t)answer >= c->n || !a->d)
        return CH_NONE;
    inode *f = engine_find(a->e, c->path);
    return f ? store(a, f, c->values[answer]) : CH_NONE;
}

static int pick(app *a, inode *f, const char *filter)
{
    const form_choice **ch;
    size_t n = choices_of(f, &ch);
    if (!ch) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    const char *cur = inode_text(f);
    size_t extra = cur[0] ? 1 : 0;          /* "(clear)" first when there is a value */
    char **items = calloc(n + extra + 1, sizeof *items);
    pick_ctx *c = calloc(1, sizeof *c);
    if (c) {
        c->path = inode_storage_path(f);
        c->values = calloc(n + extra + 1, sizeof *c->values);
    }
    if (!items || !c || !c->path || !c->values) {
        free(items);
        free(ch);
        if (c)
            pick_ctx_free(c);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    size_t sel = 0;
    bool ok = true;
    if (extra) {
        ok = (items[0] = strdup(tr(M_CLEAR_VALUE))) != NULL &&
             (c->values[0] = strdup("")) != NULL;
        c->n = 1;
    }
    for (size_t i = 0; i < n && ok; i++) {
        const form_choice *ci = ch[i];
        items[extra + i] = a->english && ci->en && *ci->en
                               ? tui_asprintf("%s (%s)", ci->value, ci->en)
                               : strdup(ci->value);
        c->values[extra + i] = strdup(ci->value);
        if (c->values[extra + i])
            c->n = extra + i + 1;
        ok = items[extra + i] != NULL && c->values[extra + i] != NULL;
        if (strcmp(ci->value, cur) == 0)
            sel = extra + i;
    }
    int flags = CH_DRAW;
    if (ok) {
        flags = dialog_list_filtered(a, node_label(a->english, f), (const char *const *)items,
                                     n + extra, sel, filter, *filter != '\0',
                                     (dialog_then){picked, c, pick_ctx_free});
    } else {
        pick_ctx_free(c);
        app_message_id(a, true, M_OUT_OF_MEMORY);
    }
    for (size_t i = 0; i < n + extra; i++)
        free(items[i]);
    free(items);
    free(ch);
    return flags;
}
