/* The reviewer's inbox screen (`selfeval review DIR`, src/tui/screen_inbox.c) and what the
 * screens of a submission opened from it use: the next / previous submission, back to the
 * list. */
#ifndef SELFEVAL_TUI_SCREEN_INBOX_H
#define SELFEVAL_TUI_SCREEN_INBOX_H

#include "store/inbox.h"
#include "tui/app.h"

extern const screen_ops inbox_screen;

/* Pushes the inbox `ib` (new, not read; the screen owns it from now on, even when this fails)
 * of folder `dir`, read on a thread of its own from its open. CH_* flags. */
int  inbox_push(app *a, const char *dir, inbox *ib);
/* With a submission opened from the inbox: the next (dir > 0) or previous one of the list as
 * it is sorted and filtered, opened in its place at the same section and field. CH_* flags. */
int  inbox_step(app *a, int dir);
/* Closes the submission (asking about unsaved changes) and shows the inbox again. */
int  inbox_back(app *a);
/* An inbox is on the stack (a submission's screens then take its keys too). */
bool inbox_below(const app *a);

#endif
