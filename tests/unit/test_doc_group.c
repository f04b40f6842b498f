/* Edits made before anyone knew they belonged together (the first cells of a paste a terminal
 * sent as keys) joined into one undo step afterwards: doc_group_since. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "store/doc.h"
#include "tmp_fixture.h"

static char dir[128];
static char path[PATH_MAX];

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    if (tf_make_tmpdir(dir, sizeof dir, "docgroup") != 0)
        return -1;
    snprintf(path, sizeof path, "%s/p.json", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tf_rm_tree(dir);
    return 0;
}

static void set(doc *d, const char *p, const char *text)
{
    char *err = NULL;
    eng_change chg;
    inode *n = engine_find(doc_engine(d), p);
    assert_non_null(n);
    assert_int_equal(doc_set_text(d, n, text, &chg, &err), 0);
}

static const char *T(doc *d, const char *p)
{
    inode *n = engine_find(doc_engine(d), p);
    assert_non_null(n);
    return inode_text(n);
}

static void joined_since_mark(void **state)
{
    (void)state;
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open(path, "project", false, &info, &err);
    assert_non_null(d);
    set(d, "header.name", "甲");                 /* before the burst: a step of its own */
    size_t mark = doc_undo_mark(d);
    set(d, "header.department", "乙");           /* the burst's first cells, as keys */
    set(d, "header.implementer", "丙");
    doc_group_since(d, mark);                   /* the line end: it was a paste */
    set(d, "header.department", "丁");           /* the paste itself */
    doc_group_end(d);
    assert_int_equal(doc_undo(d, NULL, NULL, &err), 1);   /* the whole burst, one step */
    assert_string_equal(T(d, "header.department"), "");
    assert_string_equal(T(d, "header.implementer"), "");
    assert_string_equal(T(d, "header.name"), "甲");       /* not what came before the mark */
    assert_int_equal(doc_redo(d, NULL, NULL, &err), 1);   /* and back, one step */
    assert_string_equal(T(d, "header.department"), "丁");
    assert_string_equal(T(d, "header.implementer"), "丙");
    assert_int_equal(doc_undo(d, NULL, NULL, &err), 1);
    assert_int_equal(doc_undo(d, NULL, NULL, &err), 1);
    assert_string_equal(T(d, "header.name"), "");
    /* a history undone below the mark: nothing to join, the next edit is alone */
    mark = 5;
    doc_group_since(d, mark);
    set(d, "header.name", "戊");
    doc_group_end(d);
    set(d, "header.department", "己");
    assert_int_equal(doc_undo(d, NULL, NULL, &err), 1);
    assert_string_equal(T(d, "header.name"), "戊");
    doc_close(d);
    lock_holder_free(&info.holder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(joined_since_mark, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
