/* The one key table (see tui/keys.h): bindings, names, help, key bar, docs/keys.md. */
#include "tui/keys.h"

#include "tui/i18n.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

typedef struct {
    int bar;
    const char *bar_zh, *bar_en, *help_zh, *help_en;
} action_info;

static const action_info actions[ACT_COUNT] = {
#define TUI_ACTION_INFO(id, bar, bzh, ben, hzh, hen) [id] = {bar, bzh, ben, hzh, hen},
    TUI_ACTIONS(TUI_ACTION_INFO)
#undef TUI_ACTION_INFO
};

#define C(ctx, c, a) {ctx, EV_CHAR, c, a}
#define K(ctx, k, a) {ctx, EV_KEY, k, a}
#define M(ctx, c, a) {ctx, EV_ALT, c, a}

static const key_binding bindings[] = {
    /* everywhere in the editor */
    K(KC_APP, KEY_F(1), ACT_HELP),
    C(KC_APP, CTRL('S'), ACT_SAVE),
    /* Alt-w (write): save as, for a folder that went away or a read-only draft */
    M(KC_APP, 'w', ACT_SAVE_AS),
    /* Alt-m: the messages in full */
    M(KC_APP, 'm', ACT_MESSAGES),
    C(KC_APP, CTRL('O'), ACT_EXPORT),
    /* the section list: F2 edits in place (as in Excel) and F11 / F12 are the queries', so
     * the list has Ctrl-G (go to), which every terminal sends as it is, PuTTY included, and
     * Alt-g beside it */
    C(KC_APP, CTRL('G'), ACT_SECTIONS),
    M(KC_APP, 'g', ACT_SECTIONS),
    K(KC_APP, KEY_F(3), ACT_FINDINGS),
    C(KC_APP, CTRL('Z'), ACT_UNDO),
    C(KC_APP, CTRL('Y'), ACT_REDO),
    K(KC_APP, KEY_F(10), ACT_QUIT),
    C(KC_APP, CTRL('Q'), ACT_QUIT),
    C(KC_APP, CTRL('C'), ACT_QUIT),
    C(KC_APP, CTRL('L'), ACT_REDRAW),
    /* 结转 (jiezhuan): this year's draft from last year's, as `selfeval new --from` */
    M(KC_APP, 's', ACT_SUBMIT),
    M(KC_APP, 'j', ACT_CARRY_OVER),
    /* moving between fields and sections */
    C(KC_NAV, '\t', ACT_NEXT_FIELD),
    K(KC_NAV, KEY_BTAB, ACT_PREV_FIELD),
    K(KC_NAV, KEY_DOWN, ACT_FIELD_DOWN),
    K(KC_NAV, KEY_UP, ACT_FIELD_UP),
    K(KC_NAV, KEY_NPAGE, ACT_PAGE_DOWN),
    K(KC_NAV, KEY_PPAGE, ACT_PAGE_UP),
    K(KC_NAV, TK_CTRL_HOME, ACT_FIRST_FIELD),
    K(KC_NAV, TK_CTRL_END, ACT_LAST_FIELD),
    C(KC_NAV, CTRL('N'), ACT_NEXT_SECTION),
    C(KC_NAV, CTRL('P'), ACT_PREV_SECTION),
    K(KC_NAV, KEY_F(4), ACT_NEXT_FINDING),
    K(KC_NAV, KEY_F(16), ACT_PREV_FINDING),
    C(KC_NAV, '\r', ACT_OPEN),
    K(KC_NAV, KEY_ENTER, ACT_OPEN),
    K(KC_NAV, KEY_F(2), ACT_EDIT),
    K(KC_NAV, KEY_F(9), ACT_ZOOM),
    K(KC_NAV, KEY_F(7), ACT_REASON),
    /* editing the text of a field (also in the paragraph editor and in prompts) */
    K(KC_LINE, KEY_LEFT, ACT_LEFT),
    K(KC_LINE, KEY_RIGHT, ACT_RIGHT),
    K(KC_LINE, KEY_HOME, ACT_HOME),
    C(KC_LINE, CTRL('A'), ACT_HOME),
    K(KC_LINE, KEY_END, ACT_END),
    C(KC_LINE, CTRL('E'), ACT_END),
    M(KC_LINE, 'b', ACT_WORD_LEFT),
    K(KC_LINE, TK_CTRL_LEFT, ACT_WORD_LEFT),
    M(KC_LINE, 'f', ACT_WORD_RIGHT),
    K(KC_LINE, TK_CTRL_RIGHT, ACT_WORD_RIGHT),
    K(KC_LINE, KEY_BACKSPACE, ACT_BACKSPACE),
    C(KC_LINE, 0x7f, ACT_BACKSPACE),
    C(KC_LINE, CTRL('H'), ACT_BACKSPACE),
    K(KC_LINE, KEY_DC, ACT_DELETE),
    C(KC_LINE, CTRL('D'), ACT_DELETE),
    C(KC_LINE, CTRL('K'), ACT_KILL_END),
    C(KC_LINE, CTRL('U'), ACT_KILL_START),
    C(KC_LINE, CTRL('W'), ACT_KILL_WORD),
    M(KC_LINE, 'y', ACT_YANK),
    /* table rows */
    K(KC_TABLE, KEY_F(5), ACT_ROW_ADD),
    K(KC_TABLE, KEY_IC, ACT_ROW_ADD),
    K(KC_TABLE, KEY_F(6), ACT_ROW_DUP),
    K(KC_TABLE, KEY_F(8), ACT_ROW_DEL),
    K(KC_TABLE, TK_ALT_UP, ACT_ROW_UP),
    K(KC_TABLE, TK_CTRL_UP, ACT_ROW_UP),
    K(KC_TABLE, TK_ALT_DOWN, ACT_ROW_DOWN),
    K(KC_TABLE, TK_CTRL_DOWN, ACT_ROW_DOWN),
    C(KC_TABLE, CTRL('D'), ACT_FILL_DOWN),
    /* projects: the repeated project tables of a department's submission. Shifted F5 / F6 /
     * F8 are the row keys for the bigger unit; the Alt letters are for terminals that do not
     * send shifted function keys (PuTTY, the Linux console) */
    K(KC_PART, KEY_F(17), ACT_PART_ADD),
    M(KC_PART, 'n', ACT_PART_ADD),
    K(KC_PART, KEY_F(18), ACT_PART_DUP),
    M(KC_PART, 'c', ACT_PART_DUP),
    K(KC_PART, KEY_F(20), ACT_PART_DEL),
    M(KC_PART, 'x', ACT_PART_DEL),
    M(KC_PART, 'v', ACT_OVERVIEW),
    /* the paragraph editor */
    K(KC_PARA, KEY_UP, ACT_LINE_UP),
    K(KC_PARA, KEY_DOWN, ACT_LINE_DOWN),
    K(KC_PARA, KEY_PPAGE, ACT_PARA_PGUP),
    K(KC_PARA, KEY_NPAGE, ACT_PARA_PGDN),
    C(KC_PARA, '\r', ACT_NEWLINE),
    K(KC_PARA, KEY_ENTER, ACT_NEWLINE),
    C(KC_PARA, 27, ACT_CLOSE),
    K(KC_PARA, KEY_F(10), ACT_CLOSE),
    K(KC_PARA, KEY_F(9), ACT_CLOSE),
    /* lists: sections, findings, choices, help */
    K(KC_LIST, KEY_UP, ACT_LIST_UP),
    K(KC_LIST, KEY_DOWN, ACT_LIST_DOWN),
    K(KC_LIST, KEY_PPAGE, ACT_LIST_PGUP),
    K(KC_LIST, KEY_NPAGE, ACT_LIST_PGDN),
    K(KC_LIST, KEY_HOME, ACT_LIST_HOME),
    K(KC_LIST, KEY_END, ACT_LIST_END),
    C(KC_LIST, '\r', ACT_CHOOSE),
    K(KC_LIST, KEY_ENTER, ACT_CHOOSE),
    C(KC_LIST, 27, ACT_CLOSE),
    K(KC_LIST, KEY_F(10), ACT_CLOSE),
    /* dialogs */
    C(KC_DIALOG, '\t', ACT_DLG_NEXT),
    K(KC_DIALOG, KEY_RIGHT, ACT_DLG_NEXT),
    K(KC_DIALOG, KEY_BTAB, ACT_DLG_PREV),
    K(KC_DIALOG, KEY_LEFT, ACT_DLG_PREV),
    C(KC_DIALOG, '\r', ACT_DLG_OK),
    K(KC_DIALOG, KEY_ENTER, ACT_DLG_OK),
    C(KC_DIALOG, 27, ACT_DLG_CANCEL),
    K(KC_DIALOG, KEY_F(10), ACT_DLG_CANCEL),
    /* queries and review mode: Alt letters first, as PuTTY and the Linux console send them
     * whatever the keyboard mode (F11 / F12 are ESC [23~ / ESC [24~ there as in xterm) */
    M(KC_QUERY, 'q', ACT_QUERY),
    K(KC_QUERY, KEY_F(11), ACT_QUERY),
    M(KC_QUERY, 'l', ACT_QUERIES),
    K(KC_QUERY, KEY_F(12), ACT_QUERIES),
    M(KC_REVIEW, 'r', ACT_RECHECK),
    M(KC_REVIEW, 't', ACT_RETURN),
    M(KC_REVIEW, 'a', ACT_APPROVE),
    C(KC_REVIEW, CTRL('R'), ACT_RELOAD),
    C(KC_QUERIES, 'c', ACT_QUERY_CLOSE),
    C(KC_QUERIES, 'o', ACT_QUERY_REOPEN),

    C(KC_INBOX, 's', ACT_INBOX_SORT),
    C(KC_INBOX, 'f', ACT_INBOX_STATUS),
    C(KC_INBOX, 'e', ACT_INBOX_ERRORS),
    C(KC_INBOX, 'o', ACT_INBOX_QUERIES),
    C(KC_INBOX, '/', ACT_INBOX_UNIT),
    C(KC_INBOX, 'A', ACT_INBOX_APPROVE),
    C(KC_INBOX, 'R', ACT_INBOX_RETURN),

    M(KC_INBOX_DOC, '.', ACT_INBOX_NEXT),
    M(KC_INBOX_DOC, ',', ACT_INBOX_PREV),
    M(KC_INBOX_DOC, 'i', ACT_INBOX_BACK),
};

/* What real terminals send, whatever their TERM says (PuTTY usually says TERM=xterm while it
 * sends "ESC [11~" for F1). Sources: PuTTY's manual (Keyboard panel: function-key modes ESC[n~,
 * Linux, Xterm R6, VT400, VT100+, SCO; Home/End modes), xterm's ctlseqs, the VT220 manual,
 * console_codes(4), rxvt(7), the terminfo entries of screen, tmux and the others. Where two
 * terminals give one sequence different meanings, `term` / `not_term` decide by TERM. */
#define SEQ(s, k, who) {s, k, NULL, NULL, who}
static const key_seq sequences[] = {
    /* function keys, "ESC [n~" style */
    SEQ("\033[11~", KEY_F(1), "PuTTY (default), rxvt, old xterm"),
    SEQ("\033[12~", KEY_F(2), "PuTTY (default), rxvt, old xterm"),
    SEQ("\033[13~", KEY_F(3), "PuTTY (default), rxvt, old xterm"),
    SEQ("\033[14~", KEY_F(4), "PuTTY (default), rxvt, old xterm"),
    SEQ("\033[15~", KEY_F(5), "PuTTY, xterm, rxvt, VT220 family, Windows Terminal"),
    SEQ("\033[17~", KEY_F(6), "all of the ESC [n~ family"),
    SEQ("\033[18~", KEY_F(7), "all of the ESC [n~ family"),
    SEQ("\033[19~", KEY_F(8), "all of the ESC [n~ family"),
    SEQ("\033[20~", KEY_F(9), "all of the ESC [n~ family"),
    SEQ("\033[21~", KEY_F(10), "all of the ESC [n~ family"),
    SEQ("\033[23~", KEY_F(11), "all of the ESC [n~ family"),
    SEQ("\033[24~", KEY_F(12), "all of the ESC [n~ family"),
    /* shifted: PuTTY and rxvt send Shift-Fn as F(n+10); the Linux console as F(n+12) */
    {"\033[25~", KEY_F(15), NULL, "linux", "PuTTY, rxvt: Shift-F3"},
    {"\033[26~", KEY_F(16), NULL, "linux", "PuTTY, rxvt: Shift-F4"},
    {"\033[28~", KEY_F(17), NULL, "linux", "PuTTY, rxvt: Shift-F5"},
    {"\033[29~", KEY_F(18), NULL, "linux", "PuTTY, rxvt: Shift-F6"},
    {"\033[31~", KEY_F(19), NULL, "linux", "PuTTY, rxvt: Shift-F7"},
    {"\033[32~", KEY_F(20), NULL, "linux", "PuTTY, rxvt: Shift-F8"},
    {"\033[33~", KEY_F(21), NULL, "linux", "PuTTY, rxvt: Shift-F9"},
    {"\033[34~", KEY_F(22), NULL, "linux", "PuTTY, rxvt: Shift-F10"},
    {"\033[25~", KEY_F(13), "linux", NULL, "Linux console: Shift-F1"},
    {"\033[26~", KEY_F(14), "linux", NULL, "Linux console: Shift-F2"},
    {"\033[28~", KEY_F(15), "linux", NULL, "Linux console: Shift-F3"},
    {"\033[29~", KEY_F(16), "linux", NULL, "Linux console: Shift-F4"},
    {"\033[31~", KEY_F(17), "linux", NULL, "Linux console: Shift-F5"},
    {"\033[32~", KEY_F(18), "linux", NULL, "Linux console: Shift-F6"},
    {"\033[33~", KEY_F(19), "linux", NULL, "Linux console: Shift-F7"},
    {"\033[34~", KEY_F(20), "linux", NULL, "Linux console: Shift-F8"},
    /* xterm's modified function keys (also Windows Terminal, tmux) */
    SEQ("\033[1;2P", KEY_F(13), "xterm, Windows Terminal: Shift-F1"),
    SEQ("\033[1;2Q", KEY_F(14), "xterm, Windows Terminal: Shift-F2"),
    SEQ("\033[1;2R", KEY_F(15), "xterm, Windows Terminal: Shift-F3"),
    SEQ("\033[1;2S", KEY_F(16), "xterm, Windows Terminal: Shift-F4"),
    SEQ("\033[15;2~", KEY_F(17), "xterm, Windows Terminal: Shift-F5"),
    SEQ("\033[17;2~", KEY_F(18), "xterm, Windows Terminal: Shift-F6"),
    SEQ("\033[18;2~", KEY_F(19), "xterm, Windows Terminal: Shift-F7"),
    SEQ("\033[19;2~", KEY_F(20), "xterm, Windows Terminal: Shift-F8"),
    SEQ("\033[20;2~", KEY_F(21), "xterm, Windows Terminal: Shift-F9"),
    SEQ("\033[21;2~", KEY_F(22), "xterm, Windows Terminal: Shift-F10"),
    SEQ("\033O2P", KEY_F(13), "older xterm: Shift-F1"),
    SEQ("\033O2S", KEY_F(16), "older xterm: Shift-F4"),
    /* VT100 PF keys: xterm, VT220, screen, tmux, Windows Terminal, SecureCRT, PuTTY Xterm R6 */
    SEQ("\033OP", KEY_F(1), "xterm, VT100/VT220, screen, tmux, Windows Terminal, SecureCRT"),
    SEQ("\033OQ", KEY_F(2), "xterm, VT100/VT220, screen, tmux, Windows Terminal, SecureCRT"),
    SEQ("\033OR", KEY_F(3), "xterm, VT100/VT220, screen, tmux, Windows Terminal, SecureCRT"),
    SEQ("\033OS", KEY_F(4), "xterm, VT100/VT220, screen, tmux, Windows Terminal, SecureCRT"),
    /* PuTTY VT100+ mode continues the PF keys */
    SEQ("\033OT", KEY_F(5), "PuTTY (VT100+), SecureCRT (VT100)"),
    SEQ("\033OU", KEY_F(6), "PuTTY (VT100+), SecureCRT (VT100)"),
    SEQ("\033OV", KEY_F(7), "PuTTY (VT100+), SecureCRT (VT100)"),
    SEQ("\033OW", KEY_F(8), "PuTTY (VT100+), SecureCRT (VT100)"),
    SEQ("\033OX", KEY_F(9), "PuTTY (VT100+), SecureCRT (VT100)"),
    SEQ("\033OY", KEY_F(10), "PuTTY (VT100+), SecureCRT (VT100)"),
    SEQ("\033OZ", KEY_F(11), "PuTTY (VT100+)"),
    SEQ("\033O[", KEY_F(12), "PuTTY (VT100+)"),
    /* the Linux console (and PuTTY's Linux mode) */
    SEQ("\033[[A", KEY_F(1), "Linux console, PuTTY (Linux)"),
    SEQ("\033[[B", KEY_F(2), "Linux console, PuTTY (Linux)"),
    SEQ("\033[[C", KEY_F(3), "Linux console, PuTTY (Linux)"),
    SEQ("\033[[D", KEY_F(4), "Linux console, PuTTY (Linux)"),
    SEQ("\033[[E", KEY_F(5), "Linux console, PuTTY (Linux)"),
    /* SCO (PuTTY's SCO mode, SecureCRT's SCO ANSI). ESC [ M is also a mouse report's start:
     * term.c tells them apart by what follows */
    SEQ("\033[M", TK_CSI_M, "PuTTY (SCO), SecureCRT (SCO): F1; xterm mouse report"),
    SEQ("\033[N", KEY_F(2), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[O", KEY_F(3), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[P", KEY_F(4), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[Q", KEY_F(5), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[R", KEY_F(6), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[S", KEY_F(7), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[T", KEY_F(8), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[U", KEY_F(9), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[V", KEY_F(10), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[W", KEY_F(11), "PuTTY (SCO), SecureCRT (SCO)"),
    SEQ("\033[X", KEY_F(12), "PuTTY (SCO), SecureCRT (SCO)"),
    /* SCO Shift-F4..F8 (ESC [ Z, Shift-F2, stays Shift-Tab); rxvt uses these for Shift-arrows */
    {"\033[b", KEY_F(16), NULL, "rxvt", "PuTTY (SCO): Shift-F4"},
    {"\033[c", KEY_F(17), NULL, "rxvt", "PuTTY (SCO): Shift-F5"},
    {"\033[d", KEY_F(18), NULL, "rxvt", "PuTTY (SCO): Shift-F6"},
    {"\033[f", KEY_F(20), NULL, "rxvt", "PuTTY (SCO): Shift-F8"},
    SEQ("\033[L", KEY_IC, "PuTTY (SCO): Insert"),
    SEQ("\033[I", KEY_PPAGE, "PuTTY (SCO): PgUp"),
    SEQ("\033[G", KEY_NPAGE, "PuTTY (SCO): PgDn"),
    /* editing keys, VT220 style: PuTTY, VT220, Linux console, screen, tmux, rxvt */
    SEQ("\033[1~", KEY_HOME, "PuTTY, VT220 (Find), Linux console, screen, tmux"),
    SEQ("\033[2~", KEY_IC, "nearly all"),
    SEQ("\033[3~", KEY_DC, "nearly all"),
    SEQ("\033[4~", KEY_END, "PuTTY, VT220 (Select), Linux console, screen, tmux"),
    SEQ("\033[5~", KEY_PPAGE, "nearly all"),
    SEQ("\033[6~", KEY_NPAGE, "nearly all"),
    SEQ("\033[7~", KEY_HOME, "rxvt, PuTTY (rxvt Home/End)"),
    SEQ("\033[8~", KEY_END, "rxvt, PuTTY (rxvt Home/End)"),
    /* cursor keys and Home/End, normal and application mode */
    SEQ("\033[A", KEY_UP, "all (normal mode)"),
    SEQ("\033[B", KEY_DOWN, "all (normal mode)"),
    SEQ("\033[C", KEY_RIGHT, "all (normal mode)"),
    SEQ("\033[D", KEY_LEFT, "all (normal mode)"),
    SEQ("\033OA", KEY_UP, "all (application mode)"),
    SEQ("\033OB", KEY_DOWN, "all (application mode)"),
    SEQ("\033OC", KEY_RIGHT, "all (application mode)"),
    SEQ("\033OD", KEY_LEFT, "all (application mode)"),
    SEQ("\033[H", KEY_HOME, "xterm, Windows Terminal, rxvt, PuTTY (SCO)"),
    SEQ("\033[F", KEY_END, "xterm, Windows Terminal, PuTTY (SCO)"),
    SEQ("\033OH", KEY_HOME, "xterm (application mode)"),
    SEQ("\033OF", KEY_END, "xterm (application mode)"),
    SEQ("\033OM", KEY_ENTER, "keypad Enter (application mode)"),
    SEQ("\033[Z", KEY_BTAB, "Shift-Tab: nearly all"),
    /* modified cursor keys: xterm style (xterm, tmux, Windows Terminal, most emulators) */
    SEQ("\033[1;3A", TK_ALT_UP, "xterm family"),
    SEQ("\033[1;3B", TK_ALT_DOWN, "xterm family"),
    SEQ("\033[1;5A", TK_CTRL_UP, "xterm family"),
    SEQ("\033[1;5B", TK_CTRL_DOWN, "xterm family"),
    SEQ("\033[1;5D", TK_CTRL_LEFT, "xterm family"),
    SEQ("\033[1;5C", TK_CTRL_RIGHT, "xterm family"),
    SEQ("\033[1;5H", TK_CTRL_HOME, "xterm family"),
    SEQ("\033[1;5F", TK_CTRL_END, "xterm family"),
    /* rxvt style */
    SEQ("\033Oa", TK_CTRL_UP, "rxvt"),
    SEQ("\033Ob", TK_CTRL_DOWN, "rxvt"),
    SEQ("\033Oc", TK_CTRL_RIGHT, "rxvt"),
    SEQ("\033Od", TK_CTRL_LEFT, "rxvt"),
    SEQ("\033[7^", TK_CTRL_HOME, "rxvt"),
    SEQ("\033[8^", TK_CTRL_END, "rxvt"),
};
#undef SEQ

const key_seq *keys_sequences(size_t *n)
{
    *n = sizeof sequences / sizeof sequences[0];
    return sequences;
}

bool keys_seq_applies(const key_seq *s, const char *term)
{
    const char *t = term ? term : "";
    if (s->term && strncmp(t, s->term, strlen(s->term)) != 0)
        return false;
    if (s->not_term && strncmp(t, s->not_term, strlen(s->not_term)) == 0)
        return false;
    return true;
}

int keys_esc_digit(int c)
{
    if (c >= '1' && c <= '9')
        return KEY_F(c - '0');
    if (c == '0')
        return KEY_F(10);
    return -1;
}

const key_binding *keys_table(size_t *n)
{
    *n = sizeof bindings / sizeof bindings[0];
    return bindings;
}

action keys_lookup(const key_ctx *chain, size_t nchain, const term_ev *ev)
{
    if (ev->kind != EV_CHAR && ev->kind != EV_KEY && ev->kind != EV_ALT)
        return ACT_NONE;
    int code = ev->code;
    /* Alt with a capital letter is the same binding as with a small one */
    if (ev->kind == EV_ALT && code >= 'A' && code <= 'Z')
        code += 'a' - 'A';
    for (size_t c = 0; c < nchain; c++)
        for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
            const key_binding *b = &bindings[i];
            if (b->ctx == chain[c] && b->kind == ev->kind && b->code == code)
                return b->act;
        }
    return ACT_NONE;
}

const char *keys_name(ev_kind kind, int code, bool shortname, char buf[32])
{
    if (kind == EV_ALT) {
        snprintf(buf, 32, "%s%c", shortname ? "M-" : "Alt-", code);
        return buf;
    }
    if (kind == EV_CHAR) {
        switch (code) {
        case '\t': return "Tab";
        case '\r': return "Enter";
        case 27:   return "Esc";
        case 0x7f: return "Backspace";
        default: break;
        }
        if (code >= 0 && code < 0x20) {
            snprintf(buf, 32, "%s%c", shortname ? "^" : "Ctrl-", code + '@');
            return buf;
        }
        snprintf(buf, 32, "%c", code);
        return buf;
    }
    if (code >= KEY_F(1) && code <= KEY_F(12)) {
        snprintf(buf, 32, "F%d", code - KEY_F0);
        return buf;
    }
    if (code >= KEY_F(13) && code <= KEY_F(24)) {
        snprintf(buf, 32, "%sF%d", shortname ? "S-" : "Shift-", code - KEY_F0 - 12);
        return buf;
    }
    switch (code) {
    case KEY_UP:        return "Up";
    case KEY_DOWN:      return "Down";
    case KEY_LEFT:      return "Left";
    case KEY_RIGHT:     return "Right";
    case KEY_HOME:      return "Home";
    case KEY_END:       return "End";
    case KEY_NPAGE:     return "PgDn";
    case KEY_PPAGE:     return "PgUp";
    case KEY_BTAB:      return "Shift-Tab";
    case KEY_DC:        return "Delete";
    case KEY_IC:        return "Insert";
    case KEY_BACKSPACE: return "Backspace";
    case KEY_ENTER:     return "Enter";
    case TK_ALT_UP:     return "Alt-Up";
    case TK_ALT_DOWN:   return "Alt-Down";
    case TK_CTRL_UP:    return "Ctrl-Up";
    case TK_CTRL_DOWN:  return "Ctrl-Down";
    case TK_CTRL_LEFT:  return "Ctrl-Left";
    case TK_CTRL_RIGHT: return "Ctrl-Right";
    case TK_CTRL_HOME:  return "Ctrl-Home";
    case TK_CTRL_END:   return "Ctrl-End";
    default: break;
    }
    snprintf(buf, 32, "key %d", code);
    return buf;
}

const char *keys_first(const key_ctx *chain, size_t nchain, action act, bool shortname,
                       char buf[32])
{
    for (size_t c = 0; c < nchain; c++)
        for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
            const key_binding *b = &bindings[i];
            if (b->ctx != chain[c] || b->act != act)
                continue;
            /* the binding must not be shadowed by an earlier context of the chain */
            term_ev ev = {.kind = b->kind, .code = b->code};
            if (keys_lookup(chain, nchain, &ev) != act)
                continue;
            return keys_name(b->kind, b->code, shortname, buf);
        }
    return NULL;
}

const char *action_help(action a, bool english)
{
    if ((int)a < 0 || a >= ACT_COUNT)
        return "";
    return english ? actions[a].help_en : actions[a].help_zh;
}

const char *action_bar_label(action a, bool english)
{
    if ((int)a < 0 || a >= ACT_COUNT)
        return "";
    return english ? actions[a].bar_en : actions[a].bar_zh;
}

int action_bar_order(action a)
{
    if ((int)a < 0 || a >= ACT_COUNT)
        return 0;
    return actions[a].bar;
}

const char *key_ctx_title(key_ctx c, bool english)
{
    static const char *const zh[KC_COUNT] = {
        [KC_APP] = "任何时候", [KC_NAV] = "在栏目和各节之间移动", [KC_LINE] = "编辑栏目内容",
        [KC_TABLE] = "表格（指标行、专项资金行）",
        [KC_PART] = "项目（部门自评材料中的项目支出绩效自评表）", [KC_PARA] = "段落编辑器（长文本）",
        [KC_LIST] = "列表（各节、问题、选项、帮助）", [KC_DIALOG] = "对话框",
        [KC_QUERY] = "质询（审核与填报）", [KC_REVIEW] = "审核模式（selfeval edit --review）",
        [KC_QUERIES] = "质询列表",
        [KC_INBOX] = "审核收件箱（selfeval review 文件夹）", [KC_INBOX_DOC] = "从收件箱打开的提交",
    };
    static const char *const en[KC_COUNT] = {
        [KC_APP] = "Everywhere", [KC_NAV] = "Moving between fields and sections",
        [KC_LINE] = "Editing a field", [KC_TABLE] = "Tables (indicator rows, fund rows)",
        [KC_PART] = "Projects (the project tables of a department's submission)",
        [KC_PARA] = "Paragraph editor (long text)",
        [KC_LIST] = "Lists (sections, findings, choices, help)", [KC_DIALOG] = "Dialogs",
        [KC_QUERY] = "Queries (review and filling in)",
        [KC_REVIEW] = "Review mode (selfeval edit --review)", [KC_QUERIES] = "List of queries",
        [KC_INBOX] = "The reviewer's inbox (selfeval review DIR)",
        [KC_INBOX_DOC] = "A submission opened from the inbox",
    };
    if ((int)c < 0 || c >= KC_COUNT)
        return "";
    return english ? en[c] : zh[c];
}

/* Position in chain of the first context that binds act (not shadowed), or nchain. */
static size_t bound_at(const key_ctx *chain, size_t nchain, action act, char buf[32],
                       const char **name)
{
    for (size_t c = 0; c < nchain; c++)
        for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
            const key_binding *b = &bindings[i];
            if (b->ctx != chain[c] || b->act != act)
                continue;
            term_ev ev = {.kind = b->kind, .code = b->code};
            if (keys_lookup(chain, nchain, &ev) != act)
                continue;
            *name = keys_name(b->kind, b->code, true, buf);
            return c;
        }
    return nchain;
}

size_t keys_bar(const key_ctx *chain, size_t nchain, bool english, bar_item *out, size_t max)
{
    size_t n = 0;
    for (int order = 1; order <= 9 && n < max; order++) {
        /* one slot per order: the action of the most specific context takes it */
        int best = 0;
        size_t best_at = nchain;
        char best_key[32] = "";
        for (int a = 1; a < ACT_COUNT; a++) {
            if (actions[a].bar != order)
                continue;
            char buf[32];
            const char *k = NULL;
            size_t at = bound_at(chain, nchain, (action)a, buf, &k);
            if (at < best_at) {
                best = a;
                best_at = at;
                snprintf(best_key, sizeof best_key, "%s", k);
            }
        }
        if (best_at == nchain)
            continue;
        snprintf(out[n].key, sizeof out[n].key, "%s", best_key);
        out[n].label = english ? actions[best].bar_en : actions[best].bar_zh;
        out[n].act = (action)best;
        n++;
    }
    return n;
}

/* All keys of action a in context c, "Ctrl-S / F2", malloc'd. */
static char *keys_of(key_ctx c, action a)
{
    size_t cap = 64, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
    int esc_digit = -1;
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
        const key_binding *b = &bindings[i];
        if (b->ctx != c || b->act != a)
            continue;
        char buf[32];
        const char *name = keys_name(b->kind, b->code, false, buf);
        /* two codes with one name (Enter as ^M and as the keypad's KEY_ENTER): once */
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++) {
            char kb[32];
            seen = bindings[k].ctx == c && bindings[k].act == a &&
                   strcmp(keys_name(bindings[k].kind, bindings[k].code, false, kb), name) == 0;
        }
        if (seen)
            continue;
        /* Esc then a digit does the same (terminals whose function keys do not arrive):
         * named last */
        if (b->kind == EV_KEY && b->code >= KEY_F(1) && b->code <= KEY_F(10))
            esc_digit = (b->code - KEY_F0) % 10;
        size_t need = len + strlen(name) + 4;
        if (need > cap) {
            char *ns = realloc(s, cap = need * 2);
            if (!ns) {
                free(s);
                return NULL;
            }
            s = ns;
        }
        len += (size_t)sprintf(s + len, "%s%s", len ? " / " : "", name);
    }
    if (esc_digit >= 0) {
        char *ns = realloc(s, len + 16);
        if (!ns) {
            free(s);
            return NULL;
        }
        s = ns;
        sprintf(s + len, " / Esc %d", esc_digit);
    }
    return s;
}

/* Calls fn(c, a, keys) once per (context, action) in table order. */
typedef int (*help_fn)(void *ctx, key_ctx c, action a, const char *keys);

static int for_each_help(help_fn fn, void *ctx)
{
    for (int c = 0; c < KC_COUNT; c++) {
        bool seen[ACT_COUNT] = {false};
        for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
            const key_binding *b = &bindings[i];
            if ((int)b->ctx != c || seen[b->act])
                continue;
            seen[b->act] = true;
            char *k = keys_of((key_ctx)c, b->act);
            if (!k)
                return -1;
            int r = fn(ctx, (key_ctx)c, b->act, k);
            free(k);
            if (r != 0)
                return r;
        }
    }
    return 0;
}

typedef struct {
    bool english;
    char **lines;
    size_t n, cap;
    int last_ctx;
} help_acc;

static int push_line(help_acc *h, char *s)
{
    if (!s)
        return -1;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 64;
        char **nl = realloc(h->lines, nc * sizeof *nl);
        if (!nl) {
            free(s);
            return -1;
        }
        h->lines = nl;
        h->cap = nc;
    }
    h->lines[h->n++] = s;
    return 0;
}

/* "  KEYS  DESCRIPTION" with the description in column 25 (the key column is 22 columns wide,
 * ASCII and CJK alike). Keys wider than their column ("F10 / Ctrl-Q / Ctrl-C / Esc 0") stand on
 * a line of their own and the description starts the next one in its column, so it wraps under
 * itself like every other description instead of running on from the keys. */
static int push_pair(help_acc *h, const char *keys, const char *desc)
{
    int w = txt_width(keys, strlen(keys), AMBI_NARROW);
    if (w <= 22)
        return push_line(h, tui_asprintf("  %s%*s %s", keys, 22 - w, "", desc));
    if (push_line(h, tui_asprintf("  %s", keys)) != 0)
        return -1;
    return push_line(h, tui_asprintf("  %22s %s", "", desc));
}

static int help_line(void *ctx, key_ctx c, action a, const char *keys)
{
    help_acc *h = ctx;
    if ((int)c != h->last_ctx) {
        if (h->n > 0 && push_line(h, strdup("")) != 0)
            return -1;
        if (push_line(h, tui_asprintf("# %s", key_ctx_title(c, h->english))) != 0)
            return -1;
        h->last_ctx = (int)c;
    }
    return push_pair(h, keys, action_help(a, h->english));
}

/* What the table cannot say by itself: the ways in for terminals without function keys, and
 * the mouse. Pairs of (keys, explanation), zh then en; NULL ends. */
static const char *const extra_zh[] = {
    "# 终端没有功能键时（或功能键不起作用）", NULL,
    "Esc 1 … Esc 9, Esc 0", "先按 Esc，再按数字：等于 F1 … F9、F10（Esc 1 帮助，Esc 0 退出）",
    "Alt-n / Alt-c / Alt-x", "等于 Shift-F5 / Shift-F6 / Shift-F8（添加、复制、删除项目）",
    "Ctrl-G / Alt-g", "各节列表（F2 是在原处修改）",
    "Alt-q / Alt-l", "等于 F11 / F12（质询、质询列表；有的终端把 F11 留作全屏）",
    "PuTTY F1 … F4", "PuTTY 默认发送 ESC [11~ … ESC [14~，本程序照样识别",
    "# 鼠标", NULL,
    "单击", "选中栏目、表格单元格或列表中的一项",
    "Shift + 拖动", "鼠标开启时，多数终端要按住 Shift 拖动才能选中、复制屏幕上的文字",
    "--no-mouse", "启动时加此选项则不开启鼠标（终端自己的选取照常可用）",
    NULL, NULL,
};
static const char *const extra_en[] = {
    "# Terminals without function keys (or where they do not work)", NULL,
    "Esc 1 … Esc 9, Esc 0", "Esc, then a digit: F1 … F9, F10 (Esc 1 help, Esc 0 quit)",
    "Alt-n / Alt-c / Alt-x", "Shift-F5 / Shift-F6 / Shift-F8 (add, duplicate, delete a project)",
    "Ctrl-G / Alt-g", "the list of sections (F2 edits in place)",
    "Alt-q / Alt-l", "F11 / F12 (a query, the list of queries; some terminals keep F11 for full screen)",
    "PuTTY F1 … F4", "PuTTY sends ESC [11~ … ESC [14~ by default; the editor reads them as F1 … F4",
    "# Mouse", NULL,
    "Click", "Focus a field, a table cell or an item of a list",
    "Shift + drag", "While the mouse is on, most terminals select text for copying only with Shift held",
    "--no-mouse", "Start with this option to leave the mouse to the terminal",
    NULL, NULL,
};

static int help_extra(help_acc *h)
{
    const char *const *x = h->english ? extra_en : extra_zh;
    for (size_t i = 0; x[i]; i += 2) {
        int r;
        if (!x[i + 1]) {
            if (push_line(h, strdup("")) != 0)
                return -1;
            r = push_line(h, strdup(x[i]));
        } else {
            r = push_pair(h, x[i], x[i + 1]);
        }
        if (r != 0)
            return -1;
    }
    return 0;
}

int keys_help_lines(bool english, char ***lines, size_t *n)
{
    help_acc h = {.english = english, .last_ctx = -1};
    if (for_each_help(help_line, &h) != 0 || help_extra(&h) != 0) {
        for (size_t i = 0; i < h.n; i++)
            free(h.lines[i]);
        free(h.lines);
        return -1;
    }
    *lines = h.lines;
    *n = h.n;
    return 0;
}

typedef struct {
    FILE *out;
    int last_ctx;
} md_acc;

static int md_line(void *ctx, key_ctx c, action a, const char *keys)
{
    md_acc *m = ctx;
    if ((int)c != m->last_ctx) {
        fprintf(m->out, "\n## %s / %s\n\n| keys | 功能 | action |\n| --- | --- | --- |\n",
                key_ctx_title(c, false), key_ctx_title(c, true));
        m->last_ctx = (int)c;
    }
    fprintf(m->out, "| %s | %s | %s |\n", keys, action_help(a, false), action_help(a, true));
    return 0;
}

int keys_markdown(FILE *out)
{
    fprintf(out, "# Keys / 按键\n\n"
                 "Generated from the key table in `src/tui/keys.c` (`tui_print_keys`): the same table\n"
                 "binds the keys, fills the F1 help screen and the key bar.\n"
                 "The section screen looks keys up in the order Tables, Editing a field, Moving,\n"
                 "Projects (a department's submission only), Everywhere; the section list in Lists,\n"
                 "Projects, Everywhere; the paragraph editor in Paragraph editor, Editing a field,\n"
                 "Everywhere. Where Shift-F5 / F6 / F8 do not reach the program (some terminals\n"
                 "send no shifted function keys), Alt-n / Alt-c / Alt-x do the same.\n");
    md_acc m = {.out = out, .last_ctx = -1};
    if (for_each_help(md_line, &m) != 0)
        return -1;
    for (int lang = 0; lang < 2; lang++) {
        const char *const *x = lang ? extra_en : extra_zh;
        for (size_t i = 0; x[i]; i += 2) {
            if (!x[i + 1])
                fprintf(out, "\n#%s\n\n| keys | %s |\n| --- | --- |\n", x[i],
                        lang ? "action" : "功能");
            else
                fprintf(out, "| %s | %s |\n", x[i], x[i + 1]);
        }
    }
    fprintf(out, "\n## Terminals' key sequences / 各种终端发送的按键序列\n\n"
                 "Recognised whatever TERM says (added with `define_key` at start-up). An escape\n"
                 "sequence not in this list is never typed into a field: the editor ignores it and\n"
                 "says \"unknown key\" on the status line.\n\n"
                 "| bytes | key | sent by |\n| --- | --- | --- |\n");
    size_t nq;
    const key_seq *q = keys_sequences(&nq);
    for (size_t i = 0; i < nq; i++) {
        fputs("| `ESC ", out);
        for (const char *c = q[i].seq + 1; *c; c++)
            fputc(*c, out);
        char buf[32];
        const char *name = q[i].code == TK_CSI_M ? "F1 (or a mouse report)"
                           : keys_name(EV_KEY, q[i].code, false, buf);
        fprintf(out, "` | %s | %s", name, q[i].senders);
        if (q[i].term)
            fprintf(out, " (when TERM=%s…)", q[i].term);
        if (q[i].not_term)
            fprintf(out, " (unless TERM=%s…)", q[i].not_term);
        fputs(" |\n", out);
    }
    return ferror(out) ? -1 : 0;
}
