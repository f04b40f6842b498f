/* The one key table (see tui/keys.h): bindings, names, help, key bar, docs/keys.md. */
#include "tui/keys.h"

#include "tui/i18n.h"

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
    C(KC_APP, CTRL('O'), ACT_EXPORT),
    K(KC_APP, KEY_F(2), ACT_SECTIONS),
    K(KC_APP, KEY_F(3), ACT_FINDINGS),
    C(KC_APP, CTRL('Z'), ACT_UNDO),
    C(KC_APP, CTRL('Y'), ACT_REDO),
    K(KC_APP, KEY_F(10), ACT_QUIT),
    C(KC_APP, CTRL('Q'), ACT_QUIT),
    C(KC_APP, CTRL('C'), ACT_QUIT),
    C(KC_APP, CTRL('L'), ACT_REDRAW),
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
};

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
    };
    static const char *const en[KC_COUNT] = {
        [KC_APP] = "Everywhere", [KC_NAV] = "Moving between fields and sections",
        [KC_LINE] = "Editing a field", [KC_TABLE] = "Tables (indicator rows, fund rows)",
        [KC_PART] = "Projects (the project tables of a department's submission)",
        [KC_PARA] = "Paragraph editor (long text)",
        [KC_LIST] = "Lists (sections, findings, choices, help)", [KC_DIALOG] = "Dialogs",
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
    /* key names are ASCII, so %-22s pads by columns */
    return push_line(h, tui_asprintf("  %-22s %s", keys, action_help(a, h->english)));
}

int keys_help_lines(bool english, char ***lines, size_t *n)
{
    help_acc h = {.english = english, .last_ctx = -1};
    if (for_each_help(help_line, &h) != 0) {
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
    return for_each_help(md_line, &m);
}
