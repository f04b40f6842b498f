/* Modal dialogs over the current screen: a question with buttons, a message, a prompt for a
 * line of text, a list to pick from (with type-to-filter). Each redraws the screen behind it
 * on resize, and gives up at once when the terminal goes away (DLG_GONE). A bare Esc always
 * cancels and changes nothing. */
#ifndef SELFEVAL_TUI_DIALOG_H
#define SELFEVAL_TUI_DIALOG_H

#include "tui/app.h"

#define DLG_CANCEL (-1)
#define DLG_GONE   (-2)

/* Buttons; returns the index pressed, DLG_CANCEL or DLG_GONE. `hot` (may be NULL) gives one
 * letter per button that presses it ("yn"). */
int dialog_ask(app *a, const char *title, const char *text, const char *const *buttons,
               size_t nbuttons, size_t def, const char *hot);
/* Yes / No, No being the default when `safe_no`. true only for Yes. */
bool dialog_confirm(app *a, const char *title, const char *text, bool safe_no);
void dialog_message(app *a, const char *title, const char *text);
/* One line of text. Returns 1 with *out (malloc'd), DLG_CANCEL or DLG_GONE. */
int dialog_prompt(app *a, const char *title, const char *text, const char *initial, char **out);
/* A list (widget_choice.c). items[i] is drawn as is; typing filters by substring. Returns the
 * index chosen, DLG_CANCEL or DLG_GONE. */
int dialog_list(app *a, const char *title, const char *const *items, size_t n, size_t sel);
/* The same, opened with a filter already typed (the characters typed into a choice cell).
 * When tab_chooses, Tab takes the highlighted item and is then handled as the next key of the
 * screen below (the focus moves on, as after typing a value). */
int dialog_list_filtered(app *a, const char *title, const char *const *items, size_t n,
                         size_t sel, const char *filter, bool tab_chooses);

/* Draws an empty dialog box for inner_w × inner_h cells centred on the screen and gives the
 * top-left of its inside. false when the terminal is too small to draw anything. */
bool dialog_box(app *a, int inner_w, int inner_h, const char *title, int *y, int *x,
                int *w, int *h);

#endif
