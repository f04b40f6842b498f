/* The terminal: curses set-up and tear-down, colours (with NO_COLOR and monochrome), signals,
 * bracketed paste, ambiguous-width characters, and reading one key with a timeout. */
#ifndef SELFEVAL_TUI_TERM_H
#define SELFEVAL_TUI_TERM_H

#include "core/text.h"
#include <stdbool.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

/* What a piece of the screen is; term_attr gives its look (colour or, without colour,
 * bold / reverse / underline so every role stays distinguishable in monochrome). */
typedef enum {
    ROLE_NORMAL, ROLE_HEADER, ROLE_STATUS, ROLE_BAR_KEY, ROLE_BAR_LABEL, ROLE_TITLE,
    ROLE_LABEL, ROLE_HEADING, ROLE_VALUE, ROLE_COMPUTED, ROLE_FOCUS, ROLE_FOCUS_RO,
    ROLE_ERROR, ROLE_WARNING, ROLE_NOTICE, ROLE_HELP, ROLE_DIALOG, ROLE_DIALOG_TITLE,
    ROLE_BUTTON, ROLE_BUTTON_SEL, ROLE_SELECTED, ROLE_GRID_HEAD, ROLE_OVERRIDE,
    ROLE_COUNT
} term_role;

/* Key codes of our own, beyond curses' KEY_MAX (define_key makes get_wch report them). */
enum {
    TK_PASTE_BEGIN = KEY_MAX + 1,   /* ESC [ 2 0 0 ~ */
    TK_PASTE_END,                   /* ESC [ 2 0 1 ~ */
    TK_ALT_UP, TK_ALT_DOWN, TK_CTRL_UP, TK_CTRL_DOWN,
    TK_CTRL_LEFT, TK_CTRL_RIGHT, TK_CTRL_HOME, TK_CTRL_END,
    TK_UNKNOWN,                     /* an escape sequence the editor does not know (swallowed) */
    TK_CSI_M,                       /* ESC [ M: a mouse report's start, or SCO F1 (term.c) */
    TK_CPR,                         /* a cursor-position report ESC [ row ; col R (mouse_y/x) */
    TK_AMBI_CHANGED                 /* the terminal's answer changed the ambiguous width: redraw */
};

/* One input event. */
typedef enum {
    EV_CHAR,       /* code: a character (control characters too: Ctrl-S is 0x13) */
    EV_KEY,        /* code: a curses KEY_* or a TK_* code */
    EV_ALT,        /* code: a character typed with Alt (ESC then the character) */
    EV_TIMEOUT,    /* nothing within the timeout */
    EV_GONE        /* SIGHUP, SIGTERM, or the terminal vanished: save the journal and leave */
} ev_kind;

typedef struct {
    ev_kind kind;
    int code;
    int mouse_y, mouse_x;   /* EV_KEY KEY_MOUSE: where button 1 was pressed, else -1;
                             * EV_KEY TK_CPR: the reported row and column (from 1) */
} term_ev;

/* Starts curses. `ambiguous`: -1 detect from the terminal (cursor-position report; narrow when
 * it does not answer), 0 narrow, 1 wide. `mouse`: switch mouse reporting on. Returns 0, or
 * -1 with *err (not a terminal, no UTF-8 locale, curses failed). */
int  term_start(int ambiguous, bool mouse, char **err);
/* Leaves curses (bracketed paste off, mouse off, terminal restored). Safe to call twice and
 * after the terminal vanished. */
void term_stop(void);
bool term_active(void);

ambi_mode term_ambi(void);
bool      term_has_colour(void);
attr_t    term_attr(term_role r);

/* Reads one event. timeout_ms < 0 waits without limit (signals still end the wait). */
void term_read(int timeout_ms, term_ev *ev);
/* Whether the last term_read found no input waiting and had to wait for it: false for the
 * second and later keys of a burst that arrived at once (a paste without bracketing). */
bool term_read_waited(void);
/* Reads the rest of a bracketed paste (after TK_PASTE_BEGIN) verbatim into a malloc'd UTF-8
 * string (CR and CRLF become LF; bytes that are not UTF-8 are dropped, the rest kept). *gone is set when a hang-up ended it. NULL when out of
 * memory (the paste is drained and dropped). */
char *term_read_paste(size_t *len, bool *gone);
/* The rest of a paste that arrived without bracketing, as a burst of keystrokes at once
 * (term_read saw text and a line end arrive together): `start` (what was read already) and
 * whatever follows without a pause, as term_read_paste makes it. */
char *term_read_burst(const char *start, size_t start_len, size_t *len, bool *gone);
/* How many bytes the last paste dropped because they were not UTF-8. */
size_t term_paste_dropped(void);
/* Whether the last paste read was a burst of keystrokes (term_read_burst), not bracketed: its
 * first row followed cells typed with Tab, so its rows go where typing would put them. */
bool term_paste_was_burst(void);
/* A pending SIGHUP / SIGTERM (flag set by the handlers, which do nothing else). */
bool term_signalled(void);

/* The width curses gives ambiguous characters (ambiwidth.c): it must match what the screen
 * layout counts, or every cell after a ≥ would be drawn one column off. */
void ambiwidth_set(ambi_mode am);

/* With ambiguous-width detection on (term_start's -1), asks the terminal once, after the
 * first screen is out: prints an ambiguous character where the key bar starts, asks where the
 * cursor went, and repaints that line. The answer comes later as input: term_read turns it into
 * TK_AMBI_CHANGED when the width changed (curses will repaint everything), else TK_CPR; never
 * into typed text. */
void term_ask_ambiguous(void);


#endif
