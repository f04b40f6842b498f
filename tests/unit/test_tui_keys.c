/* The key table and the editor's words: every action is bound and explained in both
 * languages, no key is bound twice in one context, lookups follow the context chains the
 * screens use, help and docs are generated from the table, and both languages of every message
 * take the same printf arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tui/i18n.h"
#include "tui/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_no_key_twice_in_a_context(void **state)
{
    (void)state;
    size_t n;
    const key_binding *b = keys_table(&n);
    assert_true(n > 40);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (b[i].ctx == b[j].ctx && b[i].kind == b[j].kind && b[i].code == b[j].code)
                fail_msg("key %d bound twice in context %d", b[i].code, (int)b[i].ctx);
}

static void test_every_action_bound_and_explained(void **state)
{
    (void)state;
    size_t n;
    const key_binding *b = keys_table(&n);
    for (int a = 1; a < ACT_COUNT; a++) {
        bool bound = false;
        for (size_t i = 0; i < n; i++)
            bound |= b[i].act == (action)a;
        if (!bound)
            fail_msg("action %d has no key", a);
        assert_true(strlen(action_help((action)a, false)) > 0);
        assert_true(strlen(action_help((action)a, true)) > 0);
        if (action_bar_order((action)a) > 0) {
            assert_true(strlen(action_bar_label((action)a, false)) > 0);
            assert_true(strlen(action_bar_label((action)a, true)) > 0);
        }
    }
}

static void test_lookup_follows_the_chain(void **state)
{
    (void)state;
    const key_ctx section[] = {KC_TABLE, KC_LINE, KC_NAV, KC_APP};
    const key_ctx list[] = {KC_LIST, KC_APP};
    const key_ctx para[] = {KC_PARA, KC_LINE, KC_APP};
    term_ev ctrl_s = {.kind = EV_CHAR, .code = 0x13};
    term_ev f10 = {.kind = EV_KEY, .code = KEY_F(10)};
    term_ev enter = {.kind = EV_CHAR, .code = '\r'};
    term_ev down = {.kind = EV_KEY, .code = KEY_DOWN};
    term_ev alt_b = {.kind = EV_ALT, .code = 'B'};
    term_ev letter = {.kind = EV_CHAR, .code = 'a'};
    assert_int_equal(keys_lookup(section, 4, &ctrl_s), ACT_SAVE);
    assert_int_equal(keys_lookup(para, 3, &ctrl_s), ACT_SAVE);
    assert_int_equal(keys_lookup(section, 4, &f10), ACT_QUIT);
    assert_int_equal(keys_lookup(list, 2, &f10), ACT_CLOSE);      /* F10 closes a list */
    assert_int_equal(keys_lookup(section, 4, &enter), ACT_OPEN);
    assert_int_equal(keys_lookup(para, 3, &enter), ACT_NEWLINE);
    assert_int_equal(keys_lookup(section, 4, &down), ACT_FIELD_DOWN);
    assert_int_equal(keys_lookup(para, 3, &down), ACT_LINE_DOWN);
    assert_int_equal(keys_lookup(section, 4, &alt_b), ACT_WORD_LEFT);
    assert_int_equal(keys_lookup(section, 4, &letter), ACT_NONE); /* text is never a command */
    /* F2 edits the focused field in place, as in Excel; the section list is Ctrl-G (a key
     * every terminal sends) or Alt-g */
    term_ev f2 = {.kind = EV_KEY, .code = KEY_F(2)};
    term_ev alt_g = {.kind = EV_ALT, .code = 'g'};
    term_ev ctrl_g = {.kind = EV_CHAR, .code = 0x07};
    assert_int_equal(keys_lookup(section, 4, &f2), ACT_EDIT);
    assert_int_equal(keys_lookup(section, 4, &alt_g), ACT_SECTIONS);
    assert_int_equal(keys_lookup(section, 4, &ctrl_g), ACT_SECTIONS);
    assert_int_equal(keys_lookup(list, 2, &f2), ACT_NONE);
    /* a bare Esc on the section screen does nothing at all */
    term_ev esc = {.kind = EV_CHAR, .code = 27};
    assert_int_equal(keys_lookup(section, 4, &esc), ACT_NONE);
}

static void test_key_names(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(keys_name(EV_CHAR, 0x13, false, buf), "Ctrl-S");
    assert_string_equal(keys_name(EV_CHAR, 0x13, true, buf), "^S");
    assert_string_equal(keys_name(EV_KEY, KEY_F(1), false, buf), "F1");
    assert_string_equal(keys_name(EV_KEY, KEY_F(16), false, buf), "Shift-F4");
    assert_string_equal(keys_name(EV_KEY, KEY_BTAB, false, buf), "Shift-Tab");
    assert_string_equal(keys_name(EV_ALT, 'b', false, buf), "Alt-b");
    const key_ctx section[] = {KC_TABLE, KC_LINE, KC_NAV, KC_APP};
    assert_string_equal(keys_first(section, 4, ACT_ROW_ADD, false, buf), "F5");
    /* F10 is shadowed in lists: the bar shows what really quits there */
    const key_ctx list[] = {KC_LIST, KC_APP};
    assert_string_equal(keys_first(list, 2, ACT_QUIT, false, buf), "Ctrl-Q");
}

static void test_bar_fits_and_ends_with_quit(void **state)
{
    (void)state;
    const key_ctx section[] = {KC_TABLE, KC_LINE, KC_NAV, KC_APP};
    bar_item items[16];
    size_t n = keys_bar(section, 4, false, items, 16);
    assert_true(n >= 5);
    assert_int_equal(items[0].act, ACT_HELP);
    assert_int_equal(items[n - 1].act, ACT_QUIT);
    for (size_t i = 1; i < n; i++)
        assert_true(action_bar_order(items[i - 1].act) <= action_bar_order(items[i].act));
}

static bool bar_has(const bar_item *items, size_t n, action act)
{
    for (size_t i = 0; i < n; i++)
        if (items[i].act == act)
            return true;
    return false;
}

/* One slot per bar order: the most specific context of the chain takes it. */
static void test_bar_slots(void **state)
{
    (void)state;
    bar_item items[16];
    /* a list: Esc Back, not also Quit; Enter Choose, not also ^G Sections */
    const key_ctx list[] = {KC_LIST, KC_PART, KC_APP};
    size_t n = keys_bar(list, 3, false, items, 16);
    assert_true(bar_has(items, n, ACT_CLOSE));
    assert_false(bar_has(items, n, ACT_QUIT));
    assert_true(bar_has(items, n, ACT_CHOOSE));
    assert_false(bar_has(items, n, ACT_SECTIONS));
    assert_true(bar_has(items, n, ACT_PART_ADD));
    assert_string_equal(items[n - 1].key, "Esc");
    /* a table screen of a submission: the add slot is the table's row */
    const key_ctx table[] = {KC_TABLE, KC_LINE, KC_NAV, KC_PART, KC_APP};
    n = keys_bar(table, 5, false, items, 16);
    assert_true(bar_has(items, n, ACT_ROW_ADD));
    assert_false(bar_has(items, n, ACT_PART_ADD));
    /* any other section screen of a submission: the project */
    const key_ctx plain[] = {KC_LINE, KC_NAV, KC_PART, KC_APP};
    n = keys_bar(plain, 4, true, items, 16);
    assert_true(bar_has(items, n, ACT_PART_ADD));
    assert_false(bar_has(items, n, ACT_ROW_ADD));
    for (size_t i = 0; i < n; i++)
        if (items[i].act == ACT_PART_ADD) {
            assert_string_equal(items[i].key, "S-F5");
            assert_string_equal(items[i].label, "Add project");
        }
    /* project keys act on the section screen and in the section list, and shifted F-keys
     * have Alt twins for terminals that cannot send them */
    term_ev sf8 = {.kind = EV_KEY, .code = KEY_F(20)}, altx = {.kind = EV_ALT, .code = 'X'};
    assert_int_equal(keys_lookup(plain, 4, &sf8), ACT_PART_DEL);
    assert_int_equal(keys_lookup(list, 3, &altx), ACT_PART_DEL);
    const key_ctx para[] = {KC_PARA, KC_LINE, KC_APP};
    assert_int_equal(keys_lookup(para, 3, &sf8), ACT_NONE);
}

static void test_help_lists_every_binding(void **state)
{
    (void)state;
    char **lines;
    size_t n;
    assert_int_equal(keys_help_lines(false, &lines, &n), 0);
    size_t nb;
    const key_binding *b = keys_table(&nb);
    for (size_t i = 0; i < nb; i++) {
        char buf[32];
        const char *name = keys_name(b[i].kind, b[i].code, false, buf);
        const char *help = action_help(b[i].act, false);
        bool found = false;
        /* on the keys' line, or (keys wider than their column) on the next one, in the
         * description column */
        for (size_t k = 0; k < n && !found; k++)
            found = strstr(lines[k], name) &&
                    (strstr(lines[k], help) ||
                     (k + 1 < n && strspn(lines[k + 1], " ") == 25 && strstr(lines[k + 1], help)));
        if (!found)
            fail_msg("help has no line with %s and %s", name, help);
    }
    for (size_t k = 0; k < n; k++)
        free(lines[k]);
    free(lines);
}

static void test_markdown_has_both_languages(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(keys_markdown(f), 0);
    fclose(f);
    assert_non_null(strstr(buf, "| Ctrl-S | 保存"));
    assert_non_null(strstr(buf, "Save (atomic"));
    assert_non_null(strstr(buf, "| F8 |"));
    free(buf);
}

/* The printf conversions of a format, in order ("%s%zu"). */
static void conversions(const char *fmt, char *out, size_t max)
{
    size_t n = 0;
    for (const char *p = fmt; *p && n + 4 < max; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        out[n++] = '%';
        while (*p && strchr("zlh-0123456789.*", *p) && n + 2 < max)
            out[n++] = *p++;
        if (*p)
            out[n++] = *p;
        else
            break;
    }
    out[n] = '\0';
}

static void test_messages_same_arguments(void **state)
{
    (void)state;
    for (int id = 0; id < M_COUNT; id++) {
        char zh[64], en[64];
        conversions(tr_lang((msg_id)id, false), zh, sizeof zh);
        conversions(tr_lang((msg_id)id, true), en, sizeof en);
        if (strcmp(zh, en) != 0)
            fail_msg("message %d: zh takes %s, en takes %s", id, zh, en);
        assert_true(strlen(tr_lang((msg_id)id, false)) > 0);
        assert_true(strlen(tr_lang((msg_id)id, true)) > 0);
    }
}

static void test_language_from_locale(void **state)
{
    (void)state;
    setenv("LANGUAGE", "", 1);
    setenv("LC_ALL", "zh_CN.UTF-8", 1);
    i18n_choose(false);
    assert_false(i18n_english());
    assert_string_equal(tr(M_SAVED), "已保存");
    i18n_choose(true);
    assert_true(i18n_english());
    setenv("LC_ALL", "en_GB.UTF-8", 1);
    i18n_choose(false);
    assert_true(i18n_english());
    assert_string_equal(tr(M_SAVED), "saved");
    char *s = trf(M_ROW_ADDED, (size_t)3);
    assert_string_equal(s, "Row 3 added");
    free(s);
}

/* What real terminals send (PuTTY's default ESC [n~, its Linux and SCO modes, VT100 PF keys,
 * rxvt's Home/End) is in the list for any TERM, and under one TERM no sequence means two
 * different keys. */
static int seq_code(const char *seq, const char *term)
{
    size_t n;
    const key_seq *q = keys_sequences(&n);
    int code = -1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(q[i].seq, seq) != 0 || !keys_seq_applies(&q[i], term))
            continue;
        if (code != -1 && code != q[i].code)
            fail_msg("%s means two keys under TERM=%s", seq + 1, term);
        code = q[i].code;
    }
    return code;
}

static void test_terminal_sequences(void **state)
{
    (void)state;
    const char *terms[] = {"xterm", "xterm-256color", "linux", "rxvt", "screen", "vt220",
                           "tmux-256color", NULL};
    for (size_t t = 0; terms[t]; t++) {
        const char *term = terms[t];
        for (int f = 1; f <= 4; f++) {
            char s[16];
            snprintf(s, sizeof s, "\033[1%d~", f);
            assert_int_equal(seq_code(s, term), KEY_F(f));
            snprintf(s, sizeof s, "\033O%c", 'P' + f - 1);
            assert_int_equal(seq_code(s, term), KEY_F(f));
        }
        assert_int_equal(seq_code("\033[[A", term), KEY_F(1));
        assert_int_equal(seq_code("\033[21~", term), KEY_F(10));
        assert_int_equal(seq_code("\033[V", term), KEY_F(10));
        assert_int_equal(seq_code("\033[1~", term), KEY_HOME);
        assert_int_equal(seq_code("\033[4~", term), KEY_END);
        assert_int_equal(seq_code("\033[7~", term), KEY_HOME);
        assert_int_equal(seq_code("\033[H", term), KEY_HOME);
        assert_int_equal(seq_code("\033[F", term), KEY_END);
        assert_int_equal(seq_code("\033[3~", term), KEY_DC);
        size_t n;
        const key_seq *q = keys_sequences(&n);
        for (size_t i = 0; i < n; i++)
            (void)seq_code(q[i].seq, term);
    }
    /* Shift-F4 (previous finding): PuTTY and rxvt send F14's code, the Linux console F16's */
    assert_int_equal(seq_code("\033[26~", "xterm"), KEY_F(16));
    assert_int_equal(seq_code("\033[29~", "linux"), KEY_F(16));
    assert_int_equal(keys_esc_digit('1'), KEY_F(1));
    assert_int_equal(keys_esc_digit('0'), KEY_F(10));
    assert_int_equal(keys_esc_digit('a'), -1);
}

/* F1 help says how to reach each function key without function keys, and documents the
 * mouse. */
static void test_help_esc_digit_and_mouse(void **state)
{
    (void)state;
    for (int en = 0; en < 2; en++) {
        char **lines;
        size_t n;
        assert_int_equal(keys_help_lines(en, &lines, &n), 0);
        bool f1 = false, f10 = false, mouse = false;
        for (size_t k = 0; k < n; k++) {
            f1 |= strstr(lines[k], "F1 / Esc 1") && strstr(lines[k], action_help(ACT_HELP, en));
            /* keys wider than their column: the description starts the next line, in the
             * description column (25), not run on from the keys */
            if (strstr(lines[k], "F10 / Ctrl-Q / Ctrl-C / Esc 0")) {
                assert_true(k + 1 < n);
                assert_string_equal(lines[k], "  F10 / Ctrl-Q / Ctrl-C / Esc 0");
                assert_int_equal(strspn(lines[k + 1], " "), 25);
                assert_non_null(strstr(lines[k + 1], action_help(ACT_QUIT, en)));
                f10 = true;
            }
            mouse |= strstr(lines[k], "--no-mouse") != NULL;
            free(lines[k]);
        }
        free(lines);
        assert_true(f1);
        assert_true(f10);
        assert_true(mouse);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_key_twice_in_a_context),
        cmocka_unit_test(test_every_action_bound_and_explained),
        cmocka_unit_test(test_lookup_follows_the_chain),
        cmocka_unit_test(test_key_names),
        cmocka_unit_test(test_bar_fits_and_ends_with_quit),
        cmocka_unit_test(test_bar_slots),
        cmocka_unit_test(test_help_lists_every_binding),
        cmocka_unit_test(test_markdown_has_both_languages),
        cmocka_unit_test(test_messages_same_arguments),
        cmocka_unit_test(test_language_from_locale),
        cmocka_unit_test(test_terminal_sequences),
        cmocka_unit_test(test_help_esc_digit_and_mouse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
