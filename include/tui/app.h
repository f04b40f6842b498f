/* The editor's state and the functions the screens share. One `app` per run, owned by
 * tui_run; the screens read it and their actions report what they changed. */
#ifndef SELFEVAL_TUI_APP_H
#define SELFEVAL_TUI_APP_H

#include "core/lineedit.h"
#include "store/doc.h"
#include "tui/i18n.h"
#include "tui/keys.h"
#include "tui/layout.h"
#include "tui/term.h"
#include "tui/screen.h"
#include "tui/values.h"
#include <stdbool.h>
#include <stddef.h>

/* The smallest terminal the editor draws in (smaller shows a message). */
#define APP_MIN_COLS 60
#define APP_MIN_ROWS 16

/* What an action did; only the main loop acts on it (redraw, leave). */
enum {
    CH_NONE = 0,
    CH_DRAW = 1 << 0,      /* something on screen changed (values, focus, scroll) */
    CH_CLEAR = 1 << 1,     /* repaint every cell (Ctrl-L, after the terminal was disturbed) */
    CH_SECTIONS = 1 << 2,  /* the list of sections may have changed (repeated parts) */
    CH_QUIT = 1 << 3,      /* leave the editor */
    CH_GONE = 1 << 4       /* the terminal went away or a signal came: emergency path */
};

typedef struct {
    inode *node;           /* a section instance (or a table that is a section) */
    char *title;           /* "项目支出绩效自评表 2 · 绩效指标", malloc'd */
    size_t label_at;       /* where the section's own label starts in title */
} app_section;

/* Where something that can be clicked was drawn: a field, or an item of a list. */
typedef struct {
    int y, x, w;
    inode *field;          /* NULL for a list item */
    size_t item;
} hit_box;

/* The section screen's state: the place in the open document (section, focused field) and
 * how it is shown. One per open document, owned by it (app_open_doc / app_close_doc): the
 * screens above it (lists, the paragraph editor) and undo move the place, and the next /
 * previous submission keeps it while the document underneath changes. */
typedef struct section_view {
    size_t cur;                /* the section shown (index into app.secs) */
    layout lay;
    size_t para_preview;       /* lines of each paragraph shown (more when there is room) */
    size_t top;                /* first layout line on screen */
    int hscroll;               /* first scrolled column of the grid that has the focus */
    inode *focus;              /* the focused field (may be NULL: a section without fields) */
    char *focus_path;          /* its storage path: finds it again after rows change */
    /* Both forgotten (0) whenever anything else moves the focus to another field (set_focus),
     * so a jump, a click or undo never leaves a column from before: */
    size_t want_col;           /* 1 + the column kept while moving up and down (past lines
                                * that lack it), set by Up / Down; 0: the focused cell's own */
    size_t tab_from;           /* 1 + the column where a run of Tab / Shift-Tab in the focused
                                * row began, where Enter goes down to; 0: no run */
    le_buf ed;                 /* the focused field's text being edited */
    bool ed_ok;
    bool ed_fresh;             /* reached by moving: typing replaces it (Enter edits it) */
    inode *reason_asked;       /* override reason already asked for this field */
} section_view;

/* What drawing one frame leaves for the main loop: where things that can be clicked were
 * drawn and where the terminal cursor goes. The main loop owns it: app_draw clears it, the
 * screens' draw functions fill it (they may write nothing else), the cursor is placed from
 * it, and a click is looked up in the last frame drawn (app_hit_at). */
typedef struct frame {
    hit_box *hits;             /* in drawing order: the last drawn lies on top */
    size_t nhits, hcap;
    int cur_y, cur_x;          /* where the terminal cursor goes */
    bool cur_show;
    int ed_x;                  /* left edge of the focused field's text (a click maps into it) */
} frame;

/* Drawing's output (see frame): a hit box for a field or a list item, the cursor. */
void frame_hit(frame *out, int y, int x, int w, inode *field);
void frame_hit_item(frame *out, int y, int x, int w, size_t item);
void frame_cursor(frame *out, int y, int x, bool show);

struct screen_ops;

/* One screen on the stack: what it does and its own state. */
typedef struct {
    const struct screen_ops *ops;
    void *st;
} app_screen;

/* What every screen shares: the terminal, the status line's messages, the open document (none
 * when a screen such as the inbox sits alone at the bottom of the stack), the screen stack,
 * and the last frame drawn (where the cursor went, where fields are: the main loop's). */
typedef struct app {
    bool english;
    int rows, cols;
    bool gone;                 /* the emergency path ran */

    /* the open document (d == NULL: none) */
    doc *d;
    engine *e;
    const form *f;
    bool readonly;
    bool review;               /* opened for review (DOC_REVIEW): values locked, queries,
                                * re-check figures and transitions writable */
    bool never_saved;          /* a new draft whose file does not exist yet */
    char *lock_note;           /* "locked by …", shown in the header when read-only */
    app_section *secs;         /* its sections, in document order */
    size_t nsecs;
    section_view *view;        /* its section screen's state (NULL when no document) */
    app_doc_opts doc_opts;     /* how it was opened (form_id NULL), to read it again */
    bool replacing;            /* its screens are popped to put another in its place (the
                                * next submission, a reload): the screen below is not shown */

    /* > 0: the longest the main loop waits for a key before it calls the screens' tick (a
     * screen working in the background sets it, and sets it back to 0 when done) */
    int wake_ms;

    /* the screens, bottom first; the last one gets the keys and is drawn */
    app_screen *stack;
    size_t nstack, capstack;

    /* the status line's message (until the next key) */
    char *msg;
    bool msg_error;
    /* a message longer than the status line's room is drawn whole on msg_lines lines from
     * row msg_y (app_place_long_message); 0: on the status line */
    int msg_y, msg_lines;
    /* every message shown, oldest first ("14:05 已结转到 …"), the last APP_LOG_MAX: the log
     * screen (app_msg.c) shows them whole */
    char **log;
    size_t nlog;
    /* the journal cannot be written: shown on the status line until a save succeeds */
    char *journal_problem;
    bool redraw;               /* something outside an action changed the screen (a tick) */

    frame fr;                  /* the last frame drawn: the main loop's (app_draw) */

    term_ev pending[2];        /* events read ahead while collecting typed text */
    size_t npending;
    /* the undo history's length (doc_undo_mark) when the last key that had to be waited for
     * came: the keys after it arrived with it, and when they turn out to be a paste (a line
     * end among them) the edits they made since are one undo step with it */
    size_t burst_mark;

    /* keys typed while the terminal was too small to show anything (app_held.c): kept in
     * order and dispatched once it is large enough, so nothing typed blind is lost */
    struct held_key *held;
    size_t nheld, capheld, held_next;
    bool held_quit;            /* a quit key was kept too: a second one quits at once */
    bool held_replaying;       /* the event being dispatched is a kept one */
    char *held_paste;          /* a kept paste's text, for the TK_PASTE_BEGIN replayed */
    size_t held_paste_len;
} app;

/* ---- app_held.c: keys typed while the terminal is too small ---- */
struct held_key {
    term_ev ev;
    char *paste;       /* TK_PASTE_BEGIN: the pasted text, read at once (malloc'd) */
    size_t len;
};
/* Keeps an event typed while the terminal is too small (a bracketed paste's text with it);
 * mouse events, terminal answers and timeouts are not kept. */
void app_hold(app *a, const term_ev *ev);
/* How many kept events are still to be dispatched. */
size_t app_held_left(const app *a);
/* The next kept event (a paste's text goes to a->held_paste); false when none is left. */
bool app_held_take(app *a, term_ev *ev);
void app_held_free(app *a);

/* ---- app_input.c: typed text, line ends and pastes ---- */
bool app_is_text(const term_ev *ev);         /* a printable character */
bool app_is_line_end(const term_ev *ev);
/* Typed characters from `first` on, collected while more are waiting, to the top screen. */
int  app_collect_text(app *a, const term_ev *first);
/* A bracketed paste (after TK_PASTE_BEGIN; a kept one when replaying) to the top screen. */
int  app_paste(app *a);
/* A line end just read (*nl) is a key, unless more text arrived with it at once: then it is
 * part of a paste from a terminal without bracketed paste, read whole. text/len: what was
 * typed just before in the same batch. -1 when it was a key (what was read ahead is left
 * pending), else the paste's CH_* flags. */
int  app_line_end_or_burst(app *a, const term_ev *nl, const char *text, size_t len);

/* ---- app.c: the main loop and what every screen uses ---- */
int  app_run(app *a);
/* Reads one event, running doc_tick on time; EV_GONE when the emergency path is due. */
void app_read(app *a, term_ev *ev);
/* Gives an event back: app_read returns it next (events already given back first). */
void app_push_pending(app *a, const term_ev *ev);
/* A bare Esc followed quickly by a key arrives as ESC x, the bytes of Alt-x: within ESCDELAY
 * the two cannot be told apart. Where the chain gives Esc a meaning (close a list, the help,
 * a dialog) and Alt-x none, it was Esc, then x: *ev becomes the Esc and x is given back to be
 * read next (by the screen below, once the Esc closed this one). Returns whether it did. */
bool app_esc_then_key(app *a, term_ev *ev, const key_ctx *chain, size_t n);
/* Runs the emergency path once: the journal is fsynced (doc_emergency_sync). */
void app_emergency(app *a);
void app_message(app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void app_message_id(app *a, bool error, msg_id id);
/* Shows *err (and frees it) as an error message. */
void app_error(app *a, char **err);
int  app_save(app *a);                 /* CH_* */
/* Saves, then calls then(a, ctx) once the draft is saved — at once, or after a yes to "save
 * anyway?" (a read-only file, another user's) — so what the save was for (quit, close the
 * document, open another) goes on; nothing more when the save fails or the answer is no.
 * ctx is freed with ctx_free (NULL: free) in every case. CH_* flags. */
int  app_save_then(app *a, int (*then)(app *a, void *ctx), void *ctx,
                   void (*ctx_free)(void *ctx));
/* Asks whether to save the changes first (export and carry-over act on the saved file): the
 * first button, `go` ("Save and export"), saves and goes on with then(a) — also after a yes
 * to "save anyway?" (app_save_then); Cancel does nothing. CH_* flags. */
int  app_ask_save_first(app *a, const char *title, const char *question, const char *go,
                        int (*then)(app *a));
/* Save as (app_save_as.c): asks the new name (the current one offered), saves there and
 * makes it the document's; then(a, ctx) (may be NULL) goes on once saved, as app_save_then. */
int  app_save_as(app *a);
int  app_save_as_then(app *a, int (*then)(app *a, void *ctx), void *ctx,
                      void (*ctx_free)(void *ctx));
/* "Alt-w saves it elsewhere (another folder, say)." (malloc'd; NULL when out of memory). */
char *app_save_as_hint(const app *a);
int  app_export(app *a);               /* the export key (app_export.c); CH_* */
int  app_carry_over(app *a);           /* this year's draft from this one (app_carry.c); CH_* */
/* The carried-over draft's file name offered: the year in the name moved on (app_carry.c). */
char *app_carry_default_name(const char *path, const char *year, const char *next);
int  app_quit(app *a);                 /* asks when dirty; CH_QUIT or CH_DRAW */
int  app_undo(app *a, bool redo);
bool app_can_edit(app *a, const inode *field, bool say);
/* Stores text as the field's value (doc_set_text: journaled, undoable, recomputed). */
int  app_commit(app *a, inode *field, const char *text);
/* Every action of KC_APP; CH_* flags. */
int  app_global(app *a, action act);
/* The hit box under (y, x) as last drawn, NULL when none. */
const hit_box *app_hit_at(const app *a, int y, int x);
/* Lays out and draws the top screen (and the screens below it that an overlay covers) into
 * curses, not yet refreshed, and places the cursor where the frame says. */
void app_draw(app *a);
/* ---- messages too long for the status line (app_msg.c) ---- */
/* Columns the status line leaves for a message. */
int  app_status_room(const app *a);
/* Decides, before a frame is drawn, whether the message goes on lines of its own (when it
 * does not fit the status line and no dialog is up: `base_on_top`) and where: above the
 * status line, or below the title when the cursor (last frame's row cur_y) is there. */
void app_place_long_message(app *a, bool base_on_top, int cur_y, bool cur_show);
/* Draws it there (after the screen below any dialog). */
void app_draw_long_message(const app *a);
#define APP_LOG_MAX 100
/* Keeps msg (copied, with the time) in the log. */
void app_log_message(app *a, const char *msg);
void app_log_free(app *a);
/* The log screen: the recent messages in full, newest first. CH_*. */
int  messages_open(app *a);
/* Header, status line and key bar (every screen). */
void app_draw_frame(const app *a, const key_ctx *chain, size_t nchain, const char *title);

/* ---- the open document (app_doc.c; opening and closing: tui/screen.h) ---- */
/* Closes the open document without asking (its screens must be gone): the editor ends. */
void app_drop_doc(app *a);
/* The reviewer's reload: reads the open document's file again from disk in its place, at the
 * same section and field; asks first when something is unsaved (then dropped, journal and
 * all). A file that cannot be read now leaves everything as it was. CH_* flags. */
int  app_reload_doc(app *a);
/* When the open document's file changed on disk under a reviewer: a line naming the reload
 * key, to follow a refusal; else NULL. Malloc'd. */
char *app_reload_hint(app *a);

/* ---- queries and review mode (app_review.c, screen_queries.c) ---- */
/* Values cannot be changed: read-only, or opened for review. */
bool app_locked(const app *a);
/* "已送审" / "submitted": a draft's status in words. */
const char *app_status_word(const app *a, const char *status);
/* "待答复" / "open": a query's state in words. */
const char *app_query_state_word(const app *a, const char *state);
/* The query of field f (the latest still going on, else the latest closed), NULL when none. */
const draft_query *app_query_of(const app *a, const inode *f);
/* '?' when f has a query that is not closed, else '\0'. */
char app_query_mark(const app *a, const inode *f);
/* "Query q1 (open): 请说明依据 — 市财政局王": the note under a queried field. Malloc'd. */
char *app_query_note(const app *a, const inode *f);
/* "re-check 8 · deviation -2.00 · …": the note under a re-checked score's row. Malloc'd. */
char *app_recheck_note(const app *a, const inode *f);
/* "Self 95.53 · Re-check 93.53 · Deviation -2.00" for the status line when the current table
 * has re-checks, else NULL. Malloc'd. */
char *app_review_totals(const app *a);
/* The query key on field f: the reviewer asks a query, the clerk answers the field's. CH_*. */
int  app_query_field(app *a, inode *f);
/* The clerk's answer to query id (asks the text). CH_*. */
int  app_answer_query(app *a, const char *id);
/* A query on the field a finding is about, its text the finding's (the reviewer). CH_*. */
int  app_query_finding(app *a, const finding *fi);
/* Close (QA_CLOSE) a query; reopening asks why (app_query_reopen). CH_*. */
int  app_query_act(app *a, const char *id, query_action act);
int  app_query_reopen(app *a, const char *id);
/* 复核完成值, 复核得分 and the reason of the score at or beside f (the reviewer). CH_*. */
int  app_recheck_field(app *a, inode *f);
/* The re-check of `path`, a field that no longer exists (finding recheck.orphan): asks, then
 * clears it (the reviewer). CH_*. */
int  app_recheck_orphan(app *a, const char *path);
/* A query not closed on `path`, a field that no longer exists (finding query.orphan): asks,
 * then closes it (the reviewer; the clerk is told the reviewer does). CH_*. */
int  app_query_orphan(app *a, const char *path);
/* Return (asks the reason) and approve (asks first); both save. CH_*. */
int  app_return_draft(app *a);
int  app_approve_draft(app *a);
/* The clerk's 送审 (Alt-s): refused in review mode and while the draft has error findings
 * (the findings list opens); else asks, then submits and saves. */
int  app_submit_draft(app *a);
/* After opening for review: the reviewer's name (review_default_user) goes into what they
 * write. 0 or -1. */
int  app_review_setup(app *a);
/* The list of queries (screen_queries.c). CH_*. */
extern const screen_ops queries_screen;
int  queries_open(app *a);

/* ---- sections (app_sections.c) ---- */
int  app_sections_build(app *a);
void app_sections_free(app *a);
/* Section i's title in at most width columns: the part's name is shortened in its middle
 * first ("附件1 部门…数据表 · 填报信息", "项目支出绩…表 2 · 绩效指标"), so the section's own
 * label and a project's number stay whole. Malloc'd; NULL when out of memory. */
char *app_section_title_fit(const app *a, size_t i, int width);
/* Index of the section that holds n; nsecs when none. */
size_t app_section_of(const app *a, const inode *n);
/* The fields giving the status line's total and grade for the current section (may be NULL). */
void app_status_fields(const app *a, inode **total, inode **grade);
/* The total and grade fields of a form instance (a part, a project's row, the root); with
 * fallback, the root's when the instance has none. */
void app_scope_totals(const app *a, inode *scope, bool fallback, inode **total, inode **grade);
/* "项目支出绩效自评表 2", "附件2 部门整体支出绩效自评表": a part or project instance's name,
 * NULL for the root. Malloc'd. */
char *app_scope_name(const app *a, inode *scope);
/* The name of the table whose total the status line shows, in at most maxw columns (cut in
 * its middle); NULL when the draft is one table. Malloc'd. */
char *app_status_scope(const app *a, int maxw);

/* ---- projects: repeated parts (app_parts.c) ---- */
/* Whether the form has a repeated part (the project tables of a submission). */
bool app_has_parts(const app *a);
/* ACT_PART_ADD / DUP / DEL for the project that holds section sec (add: after it, or at the
 * end when sec is in no project). Rebuilds the sections and focuses the project. CH_*. */
int  part_action(app *a, action act, size_t sec);

/* ---- focus (focus.c) ---- */
/* Focuses field f (or the section's first field when NULL), switching section when needed. */
void app_focus(app *a, inode *f);
void app_focus_section(app *a, size_t sec);
/* Finds the focus again after an edit that may have freed instances. */
void app_refocus(app *a);
/* Reloads the line editor from the focused field's text (after undo, row moves …). */
void app_reload_editor(app *a);
/* After focus moved away from a field: asks for an override reason when one is missing. */
int  app_check_leaving(app *a, inode *old);
/* Asks for (or changes) the reason of the override on f. */
int  app_ask_reason(app *a, inode *f);
/* The first field at or below n in document order, NULL when none. */
inode *first_field(inode *n);

/* ---- the section screen (screen_section.c, screen_table.c) ---- */
/* Its state is the open document's view (a->view). */
extern const screen_ops section_screen;
int  section_click(app *a, int y, int x);
/* Grid lines (screen_table.c). */
void table_draw_head(const app *a, const section_view *v, const lay_grid *g, int y);
void table_draw_row(const app *a, const section_view *v, frame *out, size_t line, int y);
int  table_action(app *a, action act);
/* Tab from the last cell of a table's last row: a new row, as in a spreadsheet or a word
 * processor's table (not when the table is full). -1 when the focus is not there. */
int  table_tab_past_end(app *a);
/* Enter after a run of Tabs on a table's last row: a new row, the focus on its cell of column
 * col (where the run began). -1 when the focus is not on a last row or the table is full. */
int  table_enter_new_row(app *a, const fnode *col);
/* Ctrl-D: the cell above copied into the focused cell. -1 when the focus is not in a
 * table row (the key then deletes as in any field). */
int  table_fill_down(app *a);
/* Tab-separated lines (a spreadsheet's copy) pasted at the focused table cell: cells filled
 * from there on, each checked as if typed, rows added as needed within the form's limit, the
 * whole paste one undo step. -1 when the focus is not in a table row or the text is one
 * plain line (typed text then goes into the field as usual). */
int  table_paste(app *a, const char *text, size_t len);
/* "→ 分值 10  得分 8.00*": the filled cells of grid line `line` that the sideways scroll hides;
 * NULL when every column is on screen or nothing hidden is filled. Malloc'd. */
char *table_hidden_summary(const app *a, const section_view *v, size_t line);
/* Keeps the focused cell of a grid in view horizontally. */
void table_scroll_to(app *a, const lay_grid *g, size_t cell);

/* ---- the paragraph editor (widget_para.c) ---- */
extern const screen_ops para_screen;
/* Pushes the editor for field (with text typed into it already). CH_* flags. */
int  para_open(app *a, inode *field, const char *insert, size_t len);
/* The field being edited when the paragraph editor is on top, else NULL. */
inode *para_field(app *a);
/* Gives the editor the field's text again (after undo). */
void para_reload(app *a);
/* Pops the paragraph editor when it is on top. */
void para_close(app *a);

/* ---- the line editor (widget_line.c) ---- */
/* Applies an editing action to le; *changed tells whether the text changed. Returns whether
 * the action was an editing one. */
bool line_action(le_buf *le, action act, bool *changed);
/* The one-line editor's sideways scroll for a box of width w, settled before drawing (a
 * screen's layout step): the cursor and its margins in view, room kept for the marks that
 * say text is hidden on either side. _right: a number, right-aligned (scroll 0) while it
 * fits with the column after it. */
void line_layout(le_buf *le, int w);
void line_layout_right(le_buf *le, int w);
/* Draws le in a box of width w at (y, x) at the scroll line_layout settled and returns the
 * cursor column (absolute). Changes nothing. */
int  line_draw(const le_buf *le, int y, int x, int w, attr_t attr);
/* The same for a number: right-aligned in the box while it fits (w counts the cursor's column
 * after the value), else as line_draw. *text_x gets the column where the text starts. */
int  line_draw_right(const le_buf *le, int y, int x, int w, attr_t attr, int *text_x);
/* The focused field's scroll for its box of width w (the section screen's layout), as
 * field_draw_focused will draw it. */
void field_layout_focused(app *a, int w, bool numeric);
/* The focused field's value in a box of width w (plus the column after it for the cursor):
 * from its start while it is fresh (typing replaces it), else the line editor's view with
 * marks where text is hidden. Puts the cursor and ed_x into the frame. */
int  field_draw_focused(const app *a, const section_view *v, frame *out, int y, int x, int w,
                        bool numeric, attr_t attr);

/* ---- choices (widget_choice.c) ---- */
int  choice_pick(app *a, inode *field);
/* Text typed or pasted into a choice field: one of its options is stored as is; text that
 * filters the options opens the list filtered by it; anything else is refused with a message
 * naming the options (a choice never holds a value that is not one of them). */
int  choice_typed(app *a, inode *field, const char *text, size_t len);
/* Backspace, Delete and the kill keys on a choice: clear it. */
int  choice_clear(app *a, inode *field);
/* Whether v may be stored in f as if typed: any text for other fields and open choices,
 * one of the options (or nothing) for a closed choice. */
bool choice_allows(const inode *field, const char *v);

/* ---- lists (screen_sections.c, screen_findings.c, screen_help.c, screen_overview.c) ----
 * Each opener pushes its screen with a state of its own. Sections, findings and the overview
 * replace one another: each first pops whatever is above the section screen, so Esc always
 * goes back to the section screen; help goes on top of any screen and back to it. */
extern const screen_ops sections_screen, findings_screen, help_screen, overview_screen;
int  sections_open(app *a);
int  findings_open(app *a);
/* The overview of a submission (screen_overview.c): its parts and projects, each with its
 * total, grade and counts of findings; Enter goes into one. */
int  overview_open(app *a);
int  help_open(app *a);
/* The help's screen showing other lines to read whole (title, lines and each line owned;
 * long lines wrap at the screen's width). CH_*. */
int  text_screen_open(app *a, char *title, char **lines, size_t n);

/* A list's selection and scroll (list.c). */
typedef struct {
    size_t sel, top, n;
} list_pos;
/* Shared list motion: returns whether act was a motion. */
bool list_motion(list_pos *p, action act, size_t page);
void list_scroll(list_pos *p, size_t height);

#endif
