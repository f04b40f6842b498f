/* The editor: a draft as navigable terminal screens (ncursesw). */
#ifndef SELFEVAL_TUI_TUI_H
#define SELFEVAL_TUI_TUI_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    const char *path;        /* the draft file */
    const char *form_id;     /* form for a new file (NULL: ask the clerk to pick one) */
    bool readonly;           /* --readonly */
    bool review;             /* --review: a reviewer's session (values locked, queries,
                              * re-check figures, return / approve) */
    int ambiguous;           /* -1 detect, 0 narrow, 1 wide (--ambiguous=narrow|wide|auto) */
    bool english;            /* UI language forced to English (else from the locale) */
    bool no_mouse;           /* --no-mouse: no mouse reporting (the terminal selects text) */
    const char *const *last; /* review: last year's drafts named (--last), compared with */
    size_t nlast;
} tui_opts;

/* Runs the editor until the clerk quits. Returns the process exit status (0 ok, 1 an error
 * was shown, 2 the file could not be opened). Prints errors to stderr after leaving curses. */
int tui_run(const tui_opts *o);

/* The reviewer's inbox of the folder o->path (`selfeval review DIR`, docs/review.md): one line
 * per submission, each opened for review from it, red flags counted against o->last too. Same
 * exit statuses as tui_run: 2 (said on stderr before the terminal starts) when one of
 * o->last cannot be read. */
int tui_review(const tui_opts *o);

/* Writes the key table as Markdown (docs/keys.md is this output): every key, generated from
 * the same table that binds the keys and fills the F1 help. Returns 0 or -1. */
int tui_print_keys(FILE *out);

#endif
