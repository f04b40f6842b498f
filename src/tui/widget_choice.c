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

static int filter_add(char **f, size_t *len, const char *s, size_t n)
{
    char *nf = realloc(*f, *len + n + 1);
    if (!nf)
        return -1;
    for (size_t i = 0; i < n; i++)
        nf[*len + i] = (s[i] == '\n' || s[i] == '\t') ? ' ' : s[i];
    *len += n;
    nf[*len] = '\0';
    *f = nf;
    return 0;
}

int dialog_list(app *a, const char *title, const char *const *items, size_t n, size_t sel)
{
    return dialog_list_filtered(a, title, items, n, sel, "", false);
}

int dialog_list_filtered(app *a, const char *title, const char *const *items, size_t n,
                         size_t sel, const char *filter0, bool tab_chooses)
{
    size_t *vis = malloc((n ? n : 1) * sizeof *vis);
    char *filter = calloc(1, 1);
    size_t flen = 0, top = 0, cur = 0;
    if (vis && filter && filter0 && *filter0 &&
        filter_add(&filter, &flen, filter0, strlen(filter0)) != 0) {
        free(filter);
        filter = NULL;
    }
    if (!vis || !filter) {
        free(vis);
        free(filter);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return DLG_CANCEL;
    }
    bool first = !*filter;
    const key_ctx chain[] = {KC_LIST};
    int rc = DLG_CANCEL;
    for (;;) {
        size_t nv = 0;
        for (size_t i = 0; i < n; i++)
            if (matches(items[i], filter)) {
                if (first && i == sel)
                    cur = nv;
                vis[nv++] = i;
            }
        first = false;
        if (cur >= nv)
            cur = nv ? nv - 1 : 0;
        app_draw(a);
        int iw = draw_width(title) + 4;
        for (size_t i = 0; i < n; i++) {
            int w = draw_width(items[i]) + 2;
            if (w > iw)
                iw = w;
        }
        if (iw < 30)
            iw = 30;
        if (iw > a->cols - 8)
            iw = a->cols - 8;
        int ih = (int)(n < 3 ? 3 : n) + 2;
        if (ih > a->rows - 6)
            ih = a->rows - 6;
        int y, x, w, h;
        int cy = 0, cx = 0;
        struct { int y, x, w; size_t k; } hits[64];   /* rows on screen, for the mouse */
        size_t nh = 0;
        if (dialog_box(a, iw, ih, title, &y, &x, &w, &h)) {
            char *fl = tui_asprintf("%s%s", tr(M_FILTER), filter);
            int fw = draw_text(y, x, w, fl ? fl : "", fl ? strlen(fl) : 0, term_attr(ROLE_DIALOG));
            free(fl);
            cy = y;
            cx = x + fw;
            int rows = h - 2;
            if (rows < 1)
                rows = 1;
            if (cur < top)
                top = cur;
            if (cur >= top + (size_t)rows)
                top = cur - (size_t)rows + 1;
            for (int r = 0; r < rows && top + (size_t)r < nv; r++) {
                size_t k = top + (size_t)r;
                attr_t at = term_attr(k == cur ? ROLE_SELECTED : ROLE_DIALOG);
                draw_text_fit(y + 2 + r, x, w, items[vis[k]], at);
                if (nh < 64)
                    {
                    hits[nh].y = y + 2 + r;
                    hits[nh].x = x;
                    hits[nh].w = w;
                    hits[nh++].k = k;
                }
            }
        }
        move(cy, cx);
        curs_set(1);
        refresh();
        term_ev ev;
        app_read(a, &ev);
        app_esc_then_key(a, &ev, chain, 1);
        if (ev.kind == EV_GONE) {
            rc = DLG_GONE;
            break;
        }
        if (ev.kind == EV_TIMEOUT || (ev.kind == EV_KEY && ev.code == KEY_RESIZE))
            continue;
        if (ev.kind == EV_KEY && ev.code == KEY_MOUSE) {
            for (size_t i = 0; i < nh; i++)
                if (hits[i].y == ev.mouse_y && ev.mouse_x >= hits[i].x &&
                    ev.mouse_x < hits[i].x + hits[i].w) {
                    rc = (int)vis[hits[i].k];
                    goto done;
                }
            continue;
        }
        if (ev.kind == EV_CHAR && ev.code >= 0x20 && ev.code != 0x7f) {
            char u[8];
            int k = utf8_encode(ev.code, u);
            if (k > 0 && filter_add(&filter, &flen, u, (size_t)k) == 0)
                cur = 0;
            continue;
        }
        if (ev.kind == EV_KEY && ev.code == TK_PASTE_BEGIN) {
            size_t pn = 0;
            bool gone;
            char *p = term_read_paste(&pn, &gone);
            if (p)
                filter_add(&filter, &flen, p, pn);
            free(p);
            if (gone) {
                rc = DLG_GONE;
                break;
            }
            continue;
        }
        bool bs = (ev.kind == EV_KEY && ev.code == KEY_BACKSPACE) ||
                  (ev.kind == EV_CHAR && (ev.code == 0x7f || ev.code == 8));
        if (bs) {
            flen = txt_prev(filter, flen, flen);
            filter[flen] = '\0';
            continue;
        }
        if (tab_chooses && ev.kind == EV_CHAR && ev.code == '\t' && nv > 0) {
            /* typed ahead like a value: Tab takes it and moves on, as it would from a cell */
            rc = (int)vis[cur];
            app_push_pending(a, &ev);
            goto done;
        }
        size_t page = (size_t)(ih > 3 ? ih - 3 : 1);
        switch (keys_lookup(chain, 1, &ev)) {
        case ACT_LIST_UP:   if (cur > 0) cur--; break;
        case ACT_LIST_DOWN: if (cur + 1 < nv) cur++; break;
        case ACT_LIST_PGUP: cur = cur > page ? cur - page : 0; break;
        case ACT_LIST_PGDN: cur = cur + page < nv ? cur + page : (nv ? nv - 1 : 0); break;
        case ACT_LIST_HOME: cur = 0; break;
        case ACT_LIST_END:  cur = nv ? nv - 1 : 0; break;
        case ACT_CHOOSE:
            if (nv > 0) {
                rc = (int)vis[cur];
                goto done;
            }
            break;
        case ACT_CLOSE:
            rc = DLG_CANCEL;
            goto done;
        default:
            break;
        }
    }
done:
    free(vis);
    free(filter);
    curs_set(0);
    return rc;
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
    if (!items) {
        free(ch);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    size_t sel = 0;
    bool ok = true;
    if (extra)
        ok = (items[0] = strdup(tr(M_CLEAR_VALUE))) != NULL;
    for (size_t i = 0; i < n && ok; i++) {
        const form_choice *c = ch[i];
        items[extra + i] = a->english && c->en && *c->en
                               ? tui_asprintf("%s (%s)", c->value, c->en)
                               : strdup(c->value);
        ok = items[extra + i] != NULL;
        if (strcmp(c->value, cur) == 0)
            sel = extra + i;
    }
    int flags = CH_DRAW;
    if (ok) {
        int r = dialog_list_filtered(a, node_label(a->english, f), (const char *const *)items,
                                     n + extra, sel, filter, *filter != '\0');
        if (r == DLG_GONE) {
            flags = CH_GONE;
        } else if (r >= 0) {
            const char *v = (extra && r == 0) ? "" : ch[(size_t)r - extra]->value;
            flags = store(a, f, v);
        }
    } else {
        app_message_id(a, true, M_OUT_OF_MEMORY);
    }
    for (size_t i = 0; i < n + extra; i++)
        free(items[i]);
    free(items);
    free(ch);
    return flags;
}
