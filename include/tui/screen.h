/* Screens on a stack.
 *
 * Every screen of the editor (the section screen, the paragraph editor, the lists of sections
 * and findings, the help, the overview, and screens such as a reviewer's inbox) is a
 * `screen_ops` — what it does — and a state struct of its own. The app holds a stack of them:
 * the top one gets the keys and is drawn; the ones below keep their state untouched until
 * they are on top again. The app itself keeps only what every screen shares: the terminal's
 * size, the status line's messages and the open document (app.h).
 *
 * Adding a screen (say src/tui/screen_inbox.c):
 *
 *     typedef struct { list_pos pos; ...rows... } inbox_state;
 *     static int  inbox_key(app *a, void *st, const term_ev *ev);
 *     static void inbox_draw(const app *a, const void *st, frame *out);
 *     static void inbox_close(app *a, void *st) { ...free the rows...; free(st); }
 *     static size_t inbox_chain(const app *a, const void *st, key_ctx *out, size_t max);
 *     const screen_ops inbox_screen = {
 *         .name = "inbox", .key = inbox_key, .draw = inbox_draw, .close = inbox_close,
 *         .chain = inbox_chain,
 *     };
 *     ...
 *     inbox_state *s = calloc(1, sizeof *s);
 *     app_push(a, &inbox_screen, s);          // the stack owns s from here on
 *
 * Its keys are actions of the one key table (src/tui/keys.c: bindings, help lines and the key
 * bar come from there); `chain` names the contexts it looks keys up in, first match wins, and
 * the key bar is drawn from it (app_draw_frame).
 *
 * A screen with no document below it (the inbox at the bottom of the stack) opens one with
 * app_open_doc: the document's section screen goes on top of it. app_switch_doc replaces the
 * open document by another one keeping the section and the focused field's path (the next /
 * previous submission); app_close_doc pops the document's screens and closes it (back to the
 * inbox). Quitting (app_quit) asks about unsaved changes and leaves the editor whatever is on
 * the stack.
 *
 * Every callback returns CH_* flags (app.h); only the main loop redraws and leaves. A screen
 * may push another (a list from the section screen) or pop itself (Esc) from its key
 * function; popping frees the state, so a screen must not touch its state after popping
 * itself. */
#ifndef SELFEVAL_TUI_SCREEN_H
#define SELFEVAL_TUI_SCREEN_H

#include "core/engine.h"
#include "tui/keys.h"
#include "tui/term.h"
#include <stdbool.h>
#include <stddef.h>

struct app;
struct frame;

typedef struct screen_ops {
    const char *name;                                     /* "section", "help" (for tests) */
    /* Called once after the screen was pushed (may be NULL). CH_* flags. */
    int    (*open)(struct app *a, void *st);
    /* A key, a mouse event or a line end. CH_* flags. */
    int    (*key)(struct app *a, void *st, const term_ev *ev);
    /* Typed or pasted text (a batch of characters, an input method's word, a paste). NULL:
     * the screen takes no text, each character is given to key instead. */
    int    (*text)(struct app *a, void *st, const char *text, size_t len);
    /* Before drawing (may be NULL): whatever depends on the terminal's size and the state —
     * scrolling to the selection or the focus, building a layout, settling a line editor's
     * sideways scroll. The main loop calls it on every screen it is about to draw. */
    void   (*layout)(struct app *a, void *st);
    /* Draws the whole screen, its frame included (app_draw_frame). Drawing is a function of
     * the state and changes none of it (the app and the state are const here): what it
     * leaves for the main loop — where things that can be clicked were drawn, where the
     * terminal cursor goes — it writes into `out`, the frame the main loop owns. */
    void   (*draw)(const struct app *a, const void *st, struct frame *out);
    /* The screen is on top again: the one above it was popped (may be NULL). CH_* flags. */
    int    (*reveal)(struct app *a, void *st);
    /* The wait for a key timed out while some screen asked to be woken (app.wake_ms): called
     * on every screen of the stack that has it, bottom first (work in the background, such as
     * the inbox reading its folder, shows its progress). May be NULL. CH_* flags. */
    int    (*tick)(struct app *a, void *st);
    /* Frees st and what it owns (popped, or the editor ends). May be NULL: st is freed. */
    void   (*close)(struct app *a, void *st);
    /* The key contexts of the screen, first match wins (the key bar is drawn from them).
     * Writes at most max; returns the count. */
    size_t (*chain)(const struct app *a, const void *st, key_ctx *out, size_t max);
    /* Drawn over the screen below it (a dialog): the main loop lays out and draws the screens
     * below first, up to the nearest one that is not an overlay. */
    bool overlay;
} screen_ops;

/* Pushes a screen with its state (the stack owns st from now on, also on failure: then
 * ops->close frees it and a message says why). Calls ops->open. CH_* flags. */
int   app_push(struct app *a, const screen_ops *ops, void *st);
/* Pops the top screen (its close frees its state) and reveals the one below. CH_* flags. */
int   app_pop(struct app *a);
/* Pops screens until the top one is the nearest `ops` screen (none popped when there is no
 * such screen; its reveal is not called: the caller acts next). Returns whether one was
 * found. */
bool  app_pop_to(struct app *a, const screen_ops *ops);
/* The state of the top screen when it is an `ops` screen, else NULL. */
void *app_top_is(struct app *a, const screen_ops *ops);
/* The state of the nearest `ops` screen from the top, NULL when none is on the stack. */
void *app_find_screen(const struct app *a, const screen_ops *ops);
/* The top screen's key contexts. */
size_t app_chain(const struct app *a, key_ctx *out, size_t max);
/* Copies a fixed chain into out (at most max); returns the count. For `chain` callbacks. */
size_t app_chain_copy(const key_ctx *chain, size_t n, key_ctx *out, size_t max);
/* Closes every screen, top first (the editor ends). */
void  app_pop_all(struct app *a);
/* Calls the tick of every screen that has one (the main loop, when its wait timed out). */
int   app_tick(struct app *a);

/* ---- documents (app_doc.c) ---- */

typedef struct {
    const char *form_id;     /* form of a new draft (NULL: the file must exist) */
    bool readonly;           /* look only */
    bool review;             /* a reviewer's session (DOC_REVIEW) */
    bool overview;           /* a submission opens on its overview of tables */
    /* Findings from outside the document (the inbox's folder red flags) attached to its
     * engine as it opens (engine_add_findings), before anything counts them; NULL: none.
     * The context must outlive a switch that waits on a question (leave_doc). */
    void (*findings)(void *ctx, struct app *a, const char *path, engine *e);
    void *findings_ctx;
} app_doc_opts;

/* Opens the draft at path as the open document (there must be none open) and pushes its
 * section screen on top of the stack (and the overview when asked), then what the editor
 * says on opening as dialogs above it: who holds the lock, why the file is read-only, a
 * journal's unsaved changes to recover. Returns 0; -1 when the file cannot be opened (*err
 * says why; the stack is as it was). */
int  app_open_doc(struct app *a, const char *path, const app_doc_opts *o, char **err);
/* Closes the open document: asks first when it has unsaved changes (save / discard /
 * cancel), then pops the screens down to and including its section screen and closes it.
 * The question is a dialog: the document is gone when the screen below is revealed (its
 * `reveal` runs), or still open when the user cancelled (a->d tells). CH_* flags. */
int  app_close_doc(struct app *a);
/* The next / previous submission: asks about the open document's unsaved changes (as
 * app_close_doc), opens path, and only then closes the old one and puts the new one in its
 * place with the same section (by index) and field (by storage path, else the section's first
 * field); the screens above the section screen are popped. A path that cannot be opened
 * leaves the old document open where it was, with the reason on the status line. With no
 * document open, opens path as app_open_doc. CH_* flags. */
int  app_switch_doc(struct app *a, const char *path, const app_doc_opts *o);

#endif
