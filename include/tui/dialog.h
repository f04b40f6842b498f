/* Dialogs: screens on the stack (tui/screen.h) over the screen that asked — a question with
 * buttons, a message, a prompt for a line of text, a list to pick from (with type-to-filter).
 * Each is an overlay (screen_ops.overlay): the main loop draws the screens below it, then its
 * box. Opening one pushes it and returns at
 * once; the answer comes later through the caller's `dialog_then`: the dialog pops itself,
 * then calls `done` with the screen that asked on top again. A bare Esc always cancels and
 * changes nothing (done gets DLG_CANCEL). A dialog closed without an answer (the editor ends,
 * the terminal went away) calls nothing; its ctx is freed either way. */
#ifndef SELFEVAL_TUI_DIALOG_H
#define SELFEVAL_TUI_DIALOG_H

#include "tui/app.h"

#define DLG_CANCEL (-1)
#define DLG_GONE   (-2)

/* answer: the button pressed (0..), the item chosen (its index in items), 1 for a prompt's
 * Enter, or DLG_CANCEL. text: a prompt's line (else NULL), valid during the call. CH_* flags. */
typedef int (*dialog_done)(app *a, void *ctx, int answer, const char *text);

typedef struct {
    dialog_done done;          /* NULL: nothing to do with the answer */
    void *ctx;                 /* the dialog owns it: freed after done (or when closed) */
    void (*ctx_free)(void *ctx);    /* NULL: free() */
} dialog_then;

/* Buttons; `hot` (may be NULL) gives one letter per button that presses it ("yn"). CH_*. */
int dialog_ask(app *a, const char *title, const char *text, const char *const *buttons,
               size_t nbuttons, size_t def, const char *hot, dialog_then then);
/* Yes / No, No being the default when `safe_no`; answer 0 is Yes. */
int dialog_confirm(app *a, const char *title, const char *text, bool safe_no,
                   dialog_then then);
/* A message with OK. */
int dialog_message(app *a, const char *title, const char *text);
/* One line of text (starting as initial). */
int dialog_prompt(app *a, const char *title, const char *text, const char *initial,
                  dialog_then then);
/* A list (dialog_list.c). items[i] is drawn as is; typing filters by substring. */
int dialog_list(app *a, const char *title, const char *const *items, size_t n, size_t sel,
                dialog_then then);
/* The same, opened with a filter already typed (the characters typed into a choice cell).
 * When tab_chooses, Tab takes the highlighted item and is then handled as the next key of the
 * screen below (the focus moves on, as after typing a value). */
int dialog_list_filtered(app *a, const char *title, const char *const *items, size_t n,
                         size_t sel, const char *filter, bool tab_chooses, dialog_then then);

/* Whether the top screen is a dialog. */
bool dialog_on_top(app *a);

/* For dialog screens: the box for inner_w × inner_h cells centred on the screen, drawn
 * empty, and the top-left of its inside. false when the terminal is too small to draw. */
bool dialog_box(const app *a, int inner_w, int inner_h, const char *title, int *y, int *x,
                int *w, int *h);
/* Whether o is the list dialog's screen (dialog_list.c). */
bool dialog_list_is(const screen_ops *o);
/* Pops the dialog whose state is on top and gives the answer to then (see above). */
int dialog_finish(app *a, dialog_then *then, int answer, char *text);

#endif
