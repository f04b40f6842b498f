/* Messages too long for the status line: at 80 columns a file name or a sentence that says
 * what to do is cut ("已结转到 e1-2026.json（今年的草稿），上…"). Such a message is drawn whole
 * on lines of its own above the status line until the next key — the keys typed go where they
 * went, and the terminal cursor stays in the field (an input method draws there); when the
 * field is on those lines the message goes below the title instead. */
#include "tui/app.h"
#include "tui/draw.h"

#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The width the message is wrapped to: a column free at each side. */
static int wrap_width(const app *a)
{
    return a->cols - 2;
}

static const char *long_text(const app *a)
{
    return a->msg ? a->msg : a->journal_problem;
}

void app_place_long_message(app *a, bool base_on_top, int cur_y, bool cur_show)
{
    a->msg_lines = 0;
    a->msg_y = 0;
    /* the message, else a journal that cannot be written (which has the whole line) */
    const char *m = long_text(a);
    if (!m || !base_on_top || a->cols < 20 || a->rows < 8)
        return;
    if (draw_width(m) <= (a->msg ? app_status_room(a) : a->cols - 1))
        return;
    txt_lines tl;
    if (txt_wrap(m, strlen(m), wrap_width(a), term_ambi(), &tl) < 0)
        return;                         /* out of memory: the status line shows what fits */
    int n = (int)tl.n;
    txt_lines_free(&tl);
    /* at most half the screen: the rest of a message longer than that is for its log */
    if (n > (a->rows - 4) / 2)
        n = (a->rows - 4) / 2;
    if (n < 1)
        return;
    int y = a->rows - 2 - n;
    if (cur_show && cur_y >= y && cur_y < a->rows - 2)
        y = 2;                          /* the field being typed in stays visible */
    a->msg_y = y;
    a->msg_lines = n;
}

void app_draw_long_message(const app *a)
{
    const char *m = long_text(a);
    if (a->msg_lines <= 0 || !m)
        return;
    txt_lines tl;
    if (txt_wrap(m, strlen(m), wrap_width(a), term_ambi(), &tl) < 0)
        return;
    attr_t at = term_attr(ROLE_STATUS) | (a->msg_error || !a->msg ? A_BOLD : 0);
    for (int i = 0; i < a->msg_lines; i++) {
        int y = a->msg_y + i;
        draw_fill(y, 0, a->cols, at);
        if ((size_t)i < tl.n) {
            size_t b = tl.lines[i].start, e = tl.lines[i].end;
            /* the last line of a message cut at half the screen ends with "…" */
            char *cut = i == a->msg_lines - 1 && (size_t)a->msg_lines < tl.n
                            ? tui_asprintf("%.*s…", (int)(e - b), m + b)
                            : NULL;
            if (cut) {
                draw_text_fit(y, 1, wrap_width(a), cut, at);
                free(cut);
            } else {
                draw_text(y, 1, wrap_width(a), m + b, e - b, at);
            }
        }
    }
    txt_lines_free(&tl);
}

/* ---- the log: every message, whole ---- */

void app_log_message(app *a, const char *msg)
{
    time_t t = time(NULL);
    struct tm tm;
    char hm[16] = "";
    if (localtime_r(&t, &tm))
        strftime(hm, sizeof hm, "%H:%M:%S", &tm);
    char *line = tui_asprintf("%s  %s", hm, msg);
    if (!line)
        return;                         /* out of memory: the status line still shows it */
    if (!a->log) {
        a->log = calloc(APP_LOG_MAX, sizeof *a->log);
        if (!a->log) {
            free(line);
            return;
        }
    }
    if (a->nlog == APP_LOG_MAX) {
        free(a->log[0]);
        memmove(a->log, a->log + 1, (APP_LOG_MAX - 1) * sizeof *a->log);
        a->nlog--;
    }
    a->log[a->nlog++] = line;
}

void app_log_free(app *a)
{
    for (size_t i = 0; i < a->nlog; i++)
        free(a->log[i]);
    free(a->log);
    a->log = NULL;
    a->nlog = 0;
}

int messages_open(app *a)
{
    size_t n = a->nlog;
    char **lines = calloc(n ? n : 1, sizeof *lines);
    bool ok = lines != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = (lines[i] = strdup(a->log[n - 1 - i])) != NULL;     /* newest first */
    if (ok && n == 0)
        ok = (lines[n++] = strdup(tr(M_LOG_EMPTY))) != NULL;
    char *title = ok ? trf(M_LOG_T, a->nlog) : NULL;
    if (!title) {
        for (size_t i = 0; lines && i < n; i++)
            free(lines[i]);
        free(lines);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    return text_screen_open(a, title, lines, n);
}
