/* The screen stack (tui/screen.h): the top screen is the one that acts; popping closes it and
 * reveals the one below; app_pop_to closes what is above a screen; closing everything frees
 * every state, top first. No terminal: screens here only record what was called. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tui/app.h"
#include "tui/dialog.h"

#include <stdlib.h>
#include <string.h>

static char calls[256];

static void note(const char *what, const void *st)
{
    size_t n = strlen(calls);
    snprintf(calls + n, sizeof calls - n, "%s:%s ", what, (const char *)st);
}

static int t_open(app *a, void *st) { (void)a; note("open", st); return CH_NONE; }
static int t_reveal(app *a, void *st) { (void)a; note("reveal", st); return CH_NONE; }
static void t_close(app *a, void *st) { (void)a; note("close", st); free(st); }
static int t_key(app *a, void *st, const term_ev *ev) { (void)a; (void)st; (void)ev; return CH_NONE; }
static void t_draw(const app *a, const void *st, frame *out) { (void)a; (void)st; (void)out; }
static size_t t_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)a;
    (void)st;
    static const key_ctx c[] = {KC_LIST, KC_APP};
    return app_chain_copy(c, 2, out, max);
}

static const screen_ops list_ops = {.name = "list", .open = t_open, .key = t_key,
                                    .draw = t_draw, .reveal = t_reveal, .close = t_close,
                                    .chain = t_chain};
static const screen_ops other_ops = {.name = "other", .key = t_key, .draw = t_draw,
                                     .close = t_close};

static void test_push_pop_reveal(void **state)
{
    (void)state;
    app a;
    memset(&a, 0, sizeof a);
    calls[0] = '\0';
    app_push(&a, &list_ops, strdup("A"));
    app_push(&a, &other_ops, strdup("B"));
    app_push(&a, &list_ops, strdup("C"));
    assert_int_equal(a.nstack, 3);
    assert_string_equal(app_top_is(&a, &list_ops), "C");
    assert_null(app_top_is(&a, &other_ops));
    assert_string_equal(app_find_screen(&a, &other_ops), "B");
    key_ctx c[4];
    assert_int_equal(app_chain(&a, c, 4), 2);
    assert_int_equal(c[0], KC_LIST);
    app_pop(&a);                       /* C closes; B has no reveal */
    assert_string_equal(app_top_is(&a, &other_ops), "B");
    app_pop(&a);                       /* B closes; A is revealed */
    assert_string_equal(calls, "open:A open:C close:C close:B reveal:A ");
    assert_int_equal(app_chain(&a, c, 1), 1);
    app_pop_all(&a);
    assert_int_equal(a.nstack, 0);
    assert_null(app_top_is(&a, &list_ops));
    free(a.msg);
}

static void test_pop_to_and_pop_all(void **state)
{
    (void)state;
    app a;
    memset(&a, 0, sizeof a);
    calls[0] = '\0';
    app_push(&a, &other_ops, strdup("A"));
    app_push(&a, &list_ops, strdup("B"));
    app_push(&a, &list_ops, strdup("C"));
    /* the nearest one from the top stays */
    assert_true(app_pop_to(&a, &list_ops));
    assert_string_equal(app_top_is(&a, &list_ops), "C");
    assert_true(app_pop_to(&a, &other_ops));
    assert_string_equal(app_top_is(&a, &other_ops), "A");
    app_push(&a, &list_ops, strdup("D"));
    /* no such screen: nothing is popped */
    static const screen_ops none = {.name = "none"};
    assert_false(app_pop_to(&a, &none));
    assert_int_equal(a.nstack, 2);
    app_pop_all(&a);
    assert_string_equal(calls, "open:B open:C close:C close:B open:D close:D close:A ");
    free(a.msg);
}

/* A dialog answers after popping itself: the screen that asked is on top when its callback
 * runs, and the callback's context is freed after it (or when the dialog is closed unanswered). */
static app *seen_app;
static int answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    note("answer", ctx);
    assert_non_null(app_top_is(a, &list_ops));      /* the asker, not the dialog */
    assert_int_equal(answer, 0);                    /* 'y': Yes */
    seen_app = a;
    return CH_QUIT;
}

static void test_dialog_answers_after_popping(void **state)
{
    (void)state;
    app a;
    memset(&a, 0, sizeof a);
    calls[0] = '\0';
    app_push(&a, &list_ops, strdup("A"));
    app_push(&a, &list_ops, strdup("B"));
    dialog_confirm(&a, "t", "sure?", true, (dialog_then){answered, strdup("ctx"), NULL});
    assert_int_equal(a.nstack, 3);
    assert_true(dialog_on_top(&a));
    term_ev ev = {.kind = EV_CHAR, .code = 'y'};
    app_screen *t = &a.stack[a.nstack - 1];
    int f = t->ops->key(&a, t->st, &ev);
    assert_true(f & CH_QUIT);                       /* the callback's flags come back */
    assert_ptr_equal(seen_app, &a);
    assert_int_equal(a.nstack, 2);
    assert_false(dialog_on_top(&a));
    /* a dialog closed without an answer calls nothing (its context is freed: ASan) */
    dialog_confirm(&a, "t", "again?", true, (dialog_then){answered, strdup("never"), NULL});
    app_pop_all(&a);
    /* revealed first, then answered */
    assert_string_equal(calls, "open:A open:B reveal:B answer:ctx close:B close:A ");
    free(a.msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_pop_reveal),
        cmocka_unit_test(test_pop_to_and_pop_all),
        cmocka_unit_test(test_dialog_answers_after_popping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
