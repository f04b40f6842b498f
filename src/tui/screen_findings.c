/* Every finding of the draft, in document order; Enter jumps to the field it is about. */
#include "tui/app.h"

#include "tui/draw.h"
#include "core/recheck.h"

#include <stdlib.h>
#include <string.h>

static const key_ctx chain[] = {KC_LIST, KC_APP};
/* in review mode: a finding becomes a query with one key */
static const key_ctx chain_review[] = {KC_LIST, KC_QUERY, KC_APP};
#define DETAIL_ROWS 3      /* at least: where it is, and two lines of its text */
#define LIST_MIN 3         /* the list keeps at least this many lines */

/* The findings list's own state: the findings as they were when it opened. */
typedef struct {
    list_pos pos;
    finding_list fl;
} findings_state;

/* Lines under the list for the selected finding: its place, then its whole text wrapped (a
 * message cut mid-sentence loses its request: "…请确认指标方向"), as far as the screen allows. */
static int detail_rows(const app *a, const findings_state *s)
{
    int rows = DETAIL_ROWS;
    if (s->pos.sel < s->fl.len && a->cols > 0) {
        const finding *f = &s->fl.items[s->pos.sel];
        const char *m = a->english ? f->msg_en : f->msg_zh;
        txt_lines tl;
        if (m && txt_wrap(m, strlen(m), a->cols, term_ambi(), &tl) >= 0) {
            if ((int)tl.n + 1 > rows)
                rows = (int)tl.n + 1;
            txt_lines_free(&tl);
        }
    }
    int most = a->rows - 4 - LIST_MIN;
    if (rows > most)
        rows = most > 1 ? most : 1;
    return rows;
}

static void findings_close(app *a, void *st)
{
    (void)a;
    findings_state *s = st;
    findings_free(&s->fl);
    free(s);
}

int findings_open(app *a)
{
    if (!a->d || !app_pop_to(a, &section_screen))
        return CH_NONE;
    findings_state *s = calloc(1, sizeof *s);
    if (!s || engine_findings(a->e, &s->fl) != 0) {
        if (s)
            findings_close(a, s);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    if (s->fl.len == 0) {
        findings_close(a, s);
        app_message_id(a, false, M_NO_FINDINGS);
        return CH_DRAW;
    }
    s->pos.n = s->fl.len;
    return app_push(a, &findings_screen, s);
}

/* "行 3 · 得分" / "Row 3 · Score": where a finding is, in words. */
static char *where(const app *a, const finding *f)
{
    inode *n = f->path && *f->path ? engine_find(a->e, f->path) : NULL;
    if (!n)
        return strdup(f->path ? f->path : "");
    const char *label = node_label(a->english, n);
    for (const inode *p = inode_parent(n); p; p = inode_parent(p))
        if (inode_kind(p) == N_ROW && inode_parent(p) && inode_kind(inode_parent(p)) == N_TABLE)
            return tui_asprintf("%s %zu · %s", tr(M_ROW_LABEL), inode_index(p) + 1, label);
    return strdup(label);
}

static void findings_layout(app *a, void *st)
{
    findings_state *s = st;
    int h = a->rows - 4 - detail_rows(a, s);
    s->pos.n = s->fl.len;
    list_scroll(&s->pos, (size_t)(h < 1 ? 1 : h));
}

static void findings_draw(const app *a, const void *st, frame *out)
{
    const findings_state *s = st;
    if (a->review)
        app_draw_frame(a, chain_review, 3, NULL);
    else
        app_draw_frame(a, chain, 2, NULL);
    char *t = trf(M_FINDINGS_T, s->fl.len);
    draw_text_pad(1, 0, a->cols, t ? t : "", term_attr(ROLE_TITLE));
    free(t);
    int dr = detail_rows(a, s);
    int h = a->rows - 4 - dr;
    if (h < 1)
        h = 1;
    for (int r = 0; r < h && s->pos.top + (size_t)r < s->fl.len; r++) {
        size_t i = s->pos.top + (size_t)r;
        const finding *f = &s->fl.items[i];
        bool sel = i == s->pos.sel;
        int y = 2 + r;
        attr_t at = term_attr(sel ? ROLE_SELECTED : sev_role((int)f->sev));
        draw_fill(y, 0, a->cols, at);
        char *w = where(a, f);
        const char *m = a->english ? f->msg_en : f->msg_zh;
        /* most messages name their field already: do not say it twice */
        inode *n = f->path && *f->path ? engine_find(a->e, f->path) : NULL;
        const char *label = n ? node_label(a->english, n) : NULL;
        bool named = label && m && strncmp(m, label, strlen(label)) == 0 && w &&
                     strcmp(w, label) == 0;
        char *text = named ? tui_asprintf("%c %s  %s", sev_mark((int)f->sev), sev_word((int)f->sev), m)
                           : tui_asprintf("%c %s  %s: %s", sev_mark((int)f->sev),
                                          sev_word((int)f->sev), w ? w : "", m ? m : "");
        draw_text_fit(y, 0, a->cols, text ? text : "", at);
        free(text);
        free(w);
        /* the terminal's cursor on the selection (hidden), as the other lists put it: a screen
         * reader or a terminal that shows it follows the selected line */
        if (sel)
            frame_cursor(out, y, 0, false);
    }
    /* the selected finding in full */
    if (s->pos.sel < s->fl.len) {
        const finding *f = &s->fl.items[s->pos.sel];
        int y0 = a->rows - 2 - dr;
        /* where it is in the clerk's words: the section (which project) and the field */
        inode *n = f->path && *f->path ? engine_find(a->e, f->path) : NULL;
        size_t sec = n ? app_section_of(a, n) : a->nsecs;
        char *w = where(a, f);
        char *pos = sec < a->nsecs ? trf(M_SECTION_N, sec + 1, a->nsecs) : NULL;
        char *title = sec < a->nsecs ? app_section_title_fit(a, sec, a->cols / 2) : NULL;
        char *loc = pos && title ? tui_asprintf("%s  %s · %s", pos, title, w ? w : "")
                                 : NULL;
        draw_text_fit(y0, 0, a->cols, loc ? loc : f->path ? f->path : "", term_attr(ROLE_HELP));
        free(loc);
        free(title);
        free(pos);
        free(w);
        const char *m = a->english ? f->msg_en : f->msg_zh;
        txt_lines tl;
        if (m && txt_wrap(m, strlen(m), a->cols, term_ambi(), &tl) >= 0) {
            for (size_t i = 0; i < tl.n && (int)i + 1 < dr; i++) {
                size_t len = tl.lines[i].end - tl.lines[i].start;
                bool cut = (int)i + 2 == dr && i + 1 < tl.n;
                /* a terminal too small for the whole text: say that it goes on */
                char *line = tui_asprintf("%.*s%s", (int)len, m + tl.lines[i].start,
                                          cut ? "…" : "");
                if (cut && line)
                    draw_text_fit(y0 + 1 + (int)i, 0, a->cols, line, term_attr(ROLE_NORMAL));
                else
                    draw_text(y0 + 1 + (int)i, 0, a->cols, m + tl.lines[i].start, len,
                              term_attr(ROLE_NORMAL));
                free(line);
            }
            txt_lines_free(&tl);
        }
    }
}

static int findings_key(app *a, void *st, const term_ev *ev)
{
    findings_state *s = st;
    size_t page = (size_t)(a->rows > 9 ? a->rows - 9 : 1);
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE) {
        if (ev->mouse_y < 2 || ev->mouse_y >= a->rows - 2 - detail_rows(a, s))
            return CH_NONE;
        size_t i = s->pos.top + (size_t)(ev->mouse_y - 2);
        if (i >= s->fl.len)
            return CH_NONE;
        s->pos.sel = i;
    } else {
        action act = a->review ? keys_lookup(chain_review, 3, ev) : keys_lookup(chain, 2, ev);
        if (act == ACT_QUERY)
            return s->pos.sel < s->fl.len ? app_query_finding(a, &s->fl.items[s->pos.sel])
                                          : CH_NONE;
        if (list_motion(&s->pos, act, page))
            return CH_DRAW;
        if (act == ACT_CLOSE)
            return app_pop(a);
        if (act == ACT_FINDINGS)
            return findings_open(a);          /* F3 again: the list anew */
        if (act != ACT_CHOOSE)
            return app_global(a, act);
    }
    if (s->pos.sel >= s->fl.len)
        return CH_NONE;
    const finding *f = &s->fl.items[s->pos.sel];
    inode *n = f->path && *f->path ? engine_find(a->e, f->path) : NULL;
    if (!n && f->code && strcmp(f->code, RECHECK_ORPHAN_CODE) == 0)
        return app_recheck_orphan(a, f->path);   /* its row is gone: offer to clear it */
    if (!n && f->code && strcmp(f->code, QUERY_ORPHAN_CODE) == 0)
        return app_query_orphan(a, f->path);     /* its row is gone: offer to close it */
    if (!n) {
        char *m = trf(M_SEARCH_NONE, f->path ? f->path : "");
        app_message(a, true, "%s", m ? m : "");
        free(m);
        return CH_DRAW;
    }
    inode *old = a->view->focus;
    int fl = app_pop(a);        /* frees s */
    app_focus(a, n);
    return fl | app_check_leaving(a, old) | CH_DRAW;
}

static size_t findings_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)st;
    return a->review ? app_chain_copy(chain_review, 3, out, max)
                     : app_chain_copy(chain, 2, out, max);
}

const screen_ops findings_screen = {
    .name = "findings",
    .key = findings_key,
    .layout = findings_layout,
    .draw = findings_draw,
    .close = findings_close,
    .chain = findings_chain,
};
