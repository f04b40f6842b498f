/* The terminal: curses set-up and tear-down, colours, signals, bracketed paste, reading keys.
 *
 * Curses is one global state per process, so this module keeps the few facts about the
 * terminal (is curses running, colour, ambiguous width, signal flags) in statics too. */
#include "tui/term.h"

#include "tui/i18n.h"
#include "tui/keys.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <time.h>
#include <unistd.h>
#include <unistr.h>

static SCREEN *scr;
static bool active;
static bool colour;
static bool paste_on;
static ambi_mode ambi = AMBI_NARROW;
static int early_errs;
static bool read_waited;   /* term_read_waited */
static bool vanished;
static struct sigaction old_hup, old_term, old_quit;

/* Set by the handlers and nothing else: the main loop sees it when get_wch returns (the signal
 * interrupts the wait) and runs the emergency path outside signal context. */
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
    got_signal = sig;
}

bool term_signalled(void)
{
    return got_signal != 0;
}

bool term_active(void)
{
    return active;
}

ambi_mode term_ambi(void)
{
    return ambi;
}

bool term_has_colour(void)
{
    return colour;
}

/* ---- colours ---- */

typedef struct {
    short fg, bg;
    attr_t colour_extra;     /* added to the colour pair */
    attr_t mono;             /* without colour */
} role_look;

static const role_look looks[ROLE_COUNT] = {
    [ROLE_NORMAL]       = {-1, -1, 0, 0},
    [ROLE_HEADER]       = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
    [ROLE_STATUS]       = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
    [ROLE_BAR_KEY]      = {COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE},
    [ROLE_BAR_LABEL]    = {-1, -1, 0, 0},
    [ROLE_TITLE]        = {COLOR_BLUE, -1, A_BOLD, A_BOLD},
    [ROLE_LABEL]        = {-1, -1, 0, 0},
    [ROLE_HEADING]      = {COLOR_CYAN, -1, A_BOLD, A_BOLD},
    [ROLE_VALUE]        = {-1, -1, 0, 0},
    [ROLE_COMPUTED]     = {COLOR_CYAN, -1, 0, 0},
    [ROLE_FOCUS]        = {COLOR_BLACK, COLOR_YELLOW, 0, A_UNDERLINE},
    [ROLE_FOCUS_RO]     = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
    [ROLE_ERROR]        = {COLOR_RED, -1, A_BOLD, A_BOLD},
    [ROLE_WARNING]      = {COLOR_YELLOW, -1, 0, 0},
    [ROLE_NOTICE]       = {COLOR_CYAN, -1, 0, 0},
    [ROLE_HELP]         = {COLOR_GREEN, -1, 0, 0},
    [ROLE_DIALOG]       = {COLOR_BLACK, COLOR_WHITE, 0, 0},
    [ROLE_DIALOG_TITLE] = {COLOR_BLUE, COLOR_WHITE, A_BOLD, A_BOLD},
    [ROLE_BUTTON]       = {COLOR_BLACK, COLOR_WHITE, 0, 0},
    [ROLE_BUTTON_SEL]   = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
    [ROLE_SELECTED]     = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
    [ROLE_GRID_HEAD]    = {COLOR_BLUE, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [ROLE_OVERRIDE]     = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD},
};

attr_t term_attr(term_role r)
{
    if ((int)r < 0 || r >= ROLE_COUNT)
        return 0;
    if (!colour)
        return looks[r].mono;
    if (r == ROLE_NORMAL)
        return 0;
    return COLOR_PAIR((int)r) | looks[r].colour_extra;
}

static void colours_start(void)
{
    const char *nc = getenv("NO_COLOR");
    colour = !(nc && *nc) && has_colors();   /* https://no-color.org: set and non-empty */
    if (!colour)
        return;
    if (start_color() != OK) {
        colour = false;
        return;
    }
    bool dflt = use_default_colors() == OK;
    for (int r = 1; r < ROLE_COUNT; r++) {
        short fg = looks[r].fg, bg = looks[r].bg;
        if (!dflt) {
            if (fg < 0) fg = COLOR_WHITE;
            if (bg < 0) bg = COLOR_BLACK;
        }
        if (r < COLOR_PAIRS)
            init_pair((short)r, fg, bg);
    }
}

/* ---- time and raw output ---- */

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static bool write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* ---- ambiguous width: asked after the first screen ---- */

static bool probe_due;       /* ask once the first screen is out */
static bool cpr_wanted;      /* asked; the answer has not come yet */
static int cpr_row;          /* the line (from 1) the question's ≥ was printed on */
static struct timespec cpr_at;

/* How long after the question a bare Esc still waits a moment for an answer's "[": an answer
 * split by a slow link must not become Esc and typed text. */
#define CPR_PATIENCE_MS 5000

void term_ask_ambiguous(void)
{
    if (!probe_due || !active)
        return;
    probe_due = false;
    /* "≥" on the last line's first cell, then where did the cursor go (DSR 6)? Cursor and
     * attributes saved and restored around it; the line is repainted at once, before the
     * answer: the terminal answers from the state when it read the question. */
    int row = LINES > 1 ? LINES : 2;
    char q[64];
    int n = snprintf(q, sizeof q, "\0337\033[%d;1H\xe2\x89\xa5\033[6n\0338", row);
    fflush(stdout);
    if (n <= 0 || !write_all(STDOUT_FILENO, q, (size_t)n))
        return;
    cpr_wanted = true;
    cpr_row = row;
    clock_gettime(CLOCK_MONOTONIC, &cpr_at);
    wredrawln(stdscr, row - 1, 1);
    wrefresh(stdscr);
}

/* ---- start / stop ---- */

static bool codeset_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static void signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;              /* no SA_RESTART: the signal must interrupt the wait for keys */
    sigaction(SIGHUP, &sa, &old_hup);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGQUIT, &sa, &old_quit);
}

static void signals_restore(void)
{
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
}

static const char *cap(const char *name)
{
    char *s = tigetstr(name);
    return (s == NULL || s == (char *)-1) ? NULL : s;
}

/* Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~, so a paste is text,
 * never keystrokes that run commands. Terminfo 6.4 names the switches BE / BD. */
static void paste_start(void)
{
    define_key("\033[200~", TK_PASTE_BEGIN);
    define_key("\033[201~", TK_PASTE_END);
    const char *be = cap("BE");
    if (be) {
        putp(be);
        paste_on = true;
    } else {
        /* terminfo without BE for a terminal that has the mode (TERM=screen under tmux) */
        const char *t = getenv("TERM");
        if (t && (strncmp(t, "screen", 6) == 0 || strncmp(t, "tmux", 4) == 0 ||
                  strncmp(t, "xterm", 5) == 0)) {
            putp("\033[?2004h");
            paste_on = true;
        }
    }
    fflush(stdout);
}

static void paste_stop(void)
{
    if (!paste_on)
        return;
    const char *bd = cap("BD");
    putp(bd ? bd : "\033[?2004l");
    fflush(stdout);
    paste_on = false;
}

/* Every sequence of the key table's list (tui/keys.h) that applies to this TERM, whatever
 * terminfo says: an existing binding of the same string is dropped first. */
static void keys_define(void)
{
    const char *t = getenv("TERM");
    size_t n;
    const key_seq *q = keys_sequences(&n);
    for (size_t i = 0; i < n; i++) {
        if (!keys_seq_applies(&q[i], t))
            continue;
        define_key(q[i].seq, 0);
        define_key(q[i].seq, q[i].code);
    }
}

int term_start(int ambiguous, bool mouse, char **err)
{
    *err = NULL;
    if (active)
        return 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *err = strdup("the editor needs a terminal (standard input and output are not one)");
        return -1;
    }
    if (!codeset_is_utf8() && !setlocale(LC_CTYPE, "C.UTF-8")) {
        *err = strdup("no UTF-8 locale: set LANG, e.g. LANG=zh_CN.UTF-8 or LANG=C.UTF-8");
        return -1;
    }
    /* A terminal curses does not know, or one that cannot place the cursor (TERM=dumb, a
     * printing terminal): the screens cannot be drawn and its keys would be typed as text. */
    const char *t = getenv("TERM");
    int setup_err = 0;
    if (setupterm(NULL, STDOUT_FILENO, &setup_err) != OK) {
        *err = tui_asprintf("this terminal is unknown here (TERM=%s): set TERM to the terminal "
                            "in use (e.g. TERM=xterm-256color), or see a draft's figures and "
                            "findings without the editor: selfeval check DRAFT",
                            t ? t : "");
        return -1;
    }
    bool addressable = cap("cup") != NULL;
    del_curterm(cur_term);
    if (!addressable) {
        *err = tui_asprintf("this terminal cannot place the cursor (TERM=%s), so the editor "
                            "cannot draw its screens: set TERM to the terminal in use (e.g. "
                            "TERM=xterm-256color), or see a draft's figures and findings "
                            "without the editor: selfeval check DRAFT", t ? t : "");
        return -1;
    }
    /* Detecting the width of ambiguous characters costs a round trip to the terminal, which
     * over SSH can be longer than drawing everything: draw narrow first, ask once the first
     * screen is out (term_ask_ambiguous), redraw when the answer says wide. */
    ambi = ambiguous == 1 ? AMBI_WIDE : AMBI_NARROW;
    probe_due = ambiguous < 0;
    cpr_wanted = false;
    ambiwidth_set(ambi);

    /* A split escape sequence over a slow link must not read as ESC, yet ESC should answer
     * without the 1 s default; ESCDELAY in the environment still wins. */
    if (!getenv("ESCDELAY"))
        set_escdelay(250);
    scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        *err = tui_asprintf("cannot start the terminal (TERM=%s); selfeval check DRAFT works "
                            "without one", t ? t : "");
        return -1;
    }
    set_term(scr);
    active = true;
    vanished = false;
    early_errs = 0;
    raw();            /* Ctrl-S, Ctrl-Q, Ctrl-Z, Ctrl-C arrive as keys */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    meta(stdscr, TRUE);
    colours_start();
    paste_start();
    /* with reporting on, most terminals select text only with Shift held: --no-mouse */
    if (mouse) {
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
        mouseinterval(0);
    }
    keys_define();      /* after mousemask: ESC [ M is ours to tell from SCO's F1 */
    signals_install();
    return 0;
}

void term_stop(void)
{
    if (!active)
        return;
    active = false;
    mousemask(0, NULL);
    paste_stop();
    curs_set(1);
    endwin();
    delscreen(scr);
    scr = NULL;
    signals_restore();
}

/* ---- input ---- */

static bool input_hung_up(void)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, 0) < 0)
        return errno != EINTR;
    return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/* ---- escape sequences curses did not know ---- */

/* How long after a bare Esc a digit still means a function key (mc waits as long). */
#define ESC_DIGIT_MS 1000
static bool esc_armed;
static struct timespec esc_at;

/* The next character if one arrives within timeout_ms, else -1. A function key's code read
 * meanwhile is given back (ungetch: the only way to push a KEY_ code) and ends the wait. */
static int next_char(int timeout_ms)
{
    wtimeout(stdscr, timeout_ms);
    wint_t w = 0;
    int r = wget_wch(stdscr, &w);
    if (r == OK)
        return (int)w;
    if (r == KEY_CODE_YES)
        ungetch((int)w);
    return -1;
}

/* The rest of a control sequence after ESC [ (or ESC O): parameter and intermediate bytes
 * up to the final byte, all swallowed. The bytes of one key arrive together; 50 ms covers a
 * sequence split by a slow link. A cursor-position report (ESC [ row ; col R, the answer to
 * the ambiguous-width question) is reported as such. */
static void sequence_rest(term_ev *ev, int c)
{
    char params[32];
    size_t n = 0;
    ev->kind = EV_KEY;
    ev->code = TK_UNKNOWN;
    if (c == '[') {             /* ESC [ [ x: the Linux console's function-key form */
        next_char(50);
        return;
    }
    while (c >= 0x20 && c <= 0x3f) {
        if (n < sizeof params - 1)
            params[n++] = (char)c;
        c = next_char(50);
    }
    params[n] = '\0';
    if (c < 0x40 || c > 0x7e) {
        /* not a sequence's end (a character typed right after): give it back */
        if (c >= 0)
            unget_wch((wchar_t)c);
        return;
    }
    int row, col;
    char end;
    if (c == 'R' && sscanf(params, "%d;%d%c", &row, &col, &end) == 2) {
        ev->code = TK_CPR;
        ev->mouse_y = row;
        ev->mouse_x = col;
        /* the answer to term_ask_ambiguous: column 2 after the ≥ means narrow, 3 wide */
        if (cpr_wanted && row == cpr_row && (col == 2 || col == 3)) {
            cpr_wanted = false;
            ambi_mode m = col == 3 ? AMBI_WIDE : AMBI_NARROW;
            if (m != ambi) {
                ambi = m;
                ambiwidth_set(ambi);
                clearok(curscr, TRUE);      /* every cell again, whoever draws next */
                ev->code = TK_AMBI_CHANGED;
            }
        }
    }
}

/* After ESC: an escape sequence, Alt with a character, Esc then a digit, or a bare Esc. */
static void escape(term_ev *ev)
{
    /* while an answer is awaited, its "[" may come a moment after the ESC */
    bool awaiting = cpr_wanted && ms_since(&cpr_at) < CPR_PATIENCE_MS;
    int c = next_char(awaiting ? 100 : 0);
    esc_armed = false;
    if (c == '[' || c == 'O') {
        int d = next_char(0);
        if (d < 0) {                        /* Alt-[ or Alt-O typed alone */
            ev->kind = EV_ALT;
            ev->code = c;
            return;
        }
        sequence_rest(ev, d);
        return;
    }
    if (c >= 0 && keys_esc_digit(c) >= 0) {  /* Esc and a digit at once (Alt-digit) */
        ev->kind = EV_KEY;
        ev->code = keys_esc_digit(c);
        return;
    }
    if (c >= 0x20 && c != 0x7f) {
        ev->kind = EV_ALT;
        ev->code = c;
        return;
    }
    if (c >= 0)
        unget_wch((wchar_t)c);
    ev->kind = EV_CHAR;
    ev->code = 27;
    esc_armed = true;
    clock_gettime(CLOCK_MONOTONIC, &esc_at);
}

/* ESC [ M: SCO's F1, or an X10 mouse report (ESC [ M b x y, each byte 32 + value, x and y
 * from 1). A report's three bytes come in the same write, SCO's F1 alone. */
static void csi_m(term_ev *ev)
{
    int b[3];
    for (int i = 0; i < 3; i++) {
        wtimeout(stdscr, 30);
        b[i] = wgetch(stdscr);
        if (b[i] == ERR || b[i] < 32 || b[i] > 255) {
            if (b[i] != ERR)
                ungetch(b[i]);
            for (int k = i - 1; k >= 0; k--)
                ungetch(b[k]);
            ev->code = KEY_F(1);
            return;
        }
    }
    ev->code = KEY_MOUSE;
    int btn = b[0] - 32;
    /* button 1 pressed, not a motion or wheel event */
    if ((btn & 3) == 0 && (btn & (32 | 64)) == 0) {
        ev->mouse_x = b[1] - 33;
        ev->mouse_y = b[2] - 33;
    }
}

void term_read(int timeout_ms, term_ev *ev)
{
    ev->kind = EV_TIMEOUT;
    ev->code = 0;
    ev->mouse_y = ev->mouse_x = -1;
    if (got_signal || vanished || !active) {
        ev->kind = EV_GONE;
        return;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* first what is waiting already: a key that is there at once came with the keys before
     * it (term_read_waited) */
    wtimeout(stdscr, 0);
    wint_t wc = 0;
    int r = wget_wch(stdscr, &wc);
    read_waited = r == ERR;
    if (r == ERR && timeout_ms != 0 && !got_signal) {
        wtimeout(stdscr, timeout_ms);
        r = wget_wch(stdscr, &wc);
    }
    if (r == ERR) {
        if (got_signal) {
            ev->kind = EV_GONE;
            return;
        }
        if (timeout_ms >= 0 && ms_since(&t0) >= timeout_ms - 2) {
            early_errs = 0;
            return;                              /* a plain timeout */
        }
        /* ERR before the time was up: a signal we do not act on, or a terminal that is gone
         * (then get_wch fails at once, forever: give up instead of spinning). */
        if (input_hung_up() || ++early_errs >= 16) {
            vanished = true;
            ev->kind = EV_GONE;
        }
        return;
    }
    early_errs = 0;
    if (r == KEY_CODE_YES) {
        esc_armed = false;
        ev->kind = EV_KEY;
        ev->code = (int)wc;
        if (wc == KEY_MOUSE) {
            MEVENT m;
            if (getmouse(&m) == OK && (m.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))) {
                ev->mouse_y = m.y;
                ev->mouse_x = m.x;
            }
        } else if (wc == TK_CSI_M) {
            csi_m(ev);
        }
        return;
    }
    if (wc == 27) {
        escape(ev);
        return;
    }
    /* Esc, then a digit a moment later: the function key (as in mc), for terminals whose
     * function keys do not reach the program */
    if (esc_armed && ms_since(&esc_at) <= ESC_DIGIT_MS && keys_esc_digit((int)wc) >= 0) {
        esc_armed = false;
        ev->kind = EV_KEY;
        ev->code = keys_esc_digit((int)wc);
        return;
    }
    esc_armed = false;
    ev->kind = EV_CHAR;
    ev->code = (int)wc;
}

bool term_read_waited(void)
{
    return read_waited;
}

static int buf_put(char **b, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t nc = *cap ? *cap * 2 : 4096;
        while (nc < *len + n + 1)
            nc *= 2;
        char *nb = realloc(*b, nc);
        if (!nb)
            return -1;
        *b = nb;
        *cap = nc;
    }
    memcpy(*b + *len, s, n);
    *len += n;
    (*b)[*len] = '\0';
    return 0;
}

/* Invalid UTF-8 bytes the last paste dropped (term_paste_dropped). */
static size_t paste_dropped;

size_t term_paste_dropped(void)
{
    return paste_dropped;
}

static bool paste_burst;

bool term_paste_was_burst(void)
{
    return paste_burst;
}

/* In place: CR LF and a lone CR become LF; bytes that are not UTF-8 are dropped (counted in
 * paste_dropped), so one bad byte costs that byte, never the rest of the paste. */
static size_t paste_clean(char *b, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (b[i] == '\r') {
            b[o++] = '\n';
            i += (i + 1 < n && b[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        ucs4_t uc;
        int k = u8_mbtoucr(&uc, (const uint8_t *)b + i, n - i);
        if (k <= 0) {
            paste_dropped++;
            i++;
            continue;
        }
        memmove(b + o, b + i, (size_t)k);
        o += (size_t)k;
        i += (size_t)k;
    }
    b[o] = '\0';
    return o;
}

/* Pasted bytes, read one byte at a time (wgetch, not get_wch: get_wch throws away up to a
 * buffer's worth of good bytes after a bad one). bracketed: until the end marker, or a second
 * of silence when it got lost; else a burst: until the input pauses (gap_ms) or a key that is
 * not text arrives (given back). */
static char *read_pasted(char *b, size_t n, size_t cap, bool bracketed, size_t *len,
                         bool *gone)
{
    bool oom = b == NULL;
    *gone = false;
    for (;;) {
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int timeout = bracketed ? 1000 : 30;
        wtimeout(stdscr, timeout);
        int c = wgetch(stdscr);
        if (got_signal) {
            *gone = true;
            break;
        }
        if (c == ERR) {
            if (ms_since(&t0) < timeout - 2 && input_hung_up()) {
                vanished = true;
                *gone = true;
            }
            break;
        }
        if (c == TK_PASTE_END && bracketed)
            break;
        char ch;
        if (c == KEY_ENTER) {
            ch = '\n';
        } else if (c > 255) {
            if (bracketed)
                continue;                /* keys inside a paste are not text: dropped */
            ungetch(c);
            break;
        } else if (!bracketed && c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
            ungetch(c);                  /* Ctrl-S or ESC after a burst is a key again */
            break;
        } else {
            ch = (char)c;
        }
        if (!oom && buf_put(&b, &n, &cap, &ch, 1) != 0)
            oom = true;
    }
    if (oom) {
        free(b);
        return NULL;
    }
    *len = paste_clean(b, n);
    return b;
}

char *term_read_paste(size_t *len, bool *gone)
{
    char *b = NULL;
    size_t n = 0, cap = 0;
    paste_dropped = 0;
    paste_burst = false;
    buf_put(&b, &n, &cap, "", 0);
    return read_pasted(b, n, cap, true, len, gone);
}

char *term_read_burst(const char *start, size_t start_len, size_t *len, bool *gone)
{
    char *b = NULL;
    size_t n = 0, cap = 0;
    paste_dropped = 0;
    paste_burst = true;
    if (buf_put(&b, &n, &cap, start, start_len) != 0) {
        free(b);
        b = NULL;
    }
    return read_pasted(b, n, cap, false, len, gone);
}
