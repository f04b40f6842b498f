/* Edits undone back to the saved state leave the document clean: nothing unsaved, no
 * question when quitting, and no journal left to offer a recovery of changes that cancel
 * out (issue 12). Redo away from it, or undo past it, makes it dirty again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/engine.h"
#include "store/doc.h"
#include "tmp_fixture.h"

static char dir[128];
static char path[PATH_MAX];

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    if (tf_make_tmpdir(dir, sizeof dir, "docclean") != 0)
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

static void step(doc *d, bool redo)
{
    char *err = NULL;
    assert_int_equal(redo ? doc_redo(d, NULL, NULL, &err) : doc_undo(d, NULL, NULL, &err), 1);
}

static doc *open_doc(doc_open_info *info)
{
    char *err = NULL;
    doc *d = doc_open(path, "project", false, info, &err);
    assert_non_null(d);
    return d;
}

static void undone_to_saved(void **state)
{
    (void)state;
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info);
    set(d, "header.name", "甲");
    assert_int_equal(doc_save(d, &err), 0);
    assert_false(doc_dirty(d));

    set(d, "header.department", "乙");
    assert_true(doc_dirty(d));
    step(d, false);                         /* back to what was saved */
    assert_false(doc_dirty(d));
    step(d, true);
    assert_true(doc_dirty(d));
    step(d, false);
    assert_false(doc_dirty(d));
    step(d, false);                         /* past it: 甲 undone, not saved */
    assert_true(doc_dirty(d));
    assert_string_equal(inode_text(engine_find(doc_engine(d), "header.name")), "");
    step(d, true);
    assert_false(doc_dirty(d));
    /* a new edit after an undo, then undone: clean again */
    set(d, "header.implementer", "丙");
    set(d, "header.implementer", "丁");
    step(d, false);
    step(d, false);
    assert_false(doc_dirty(d));
    /* closed clean: no journal is left to offer a recovery */
    doc_close(d);
    lock_holder_free(&info.holder);
    d = open_doc(&info);
    assert_false(info.journal_found);
    assert_false(doc_dirty(d));
    doc_close(d);
    lock_holder_free(&info.holder);
}

/* Whether the draft's journal holds a record of an edit ("op":"set"). */
static bool journal_has_edits(void)
{
    char jp[PATH_MAX + 16];
    snprintf(jp, sizeof jp, "%s.journal", path);
    FILE *f = fopen(jp, "rb");
    if (!f)
        return false;
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    for (size_t i = 0; i + 5 < n; i++)
        if (memcmp(buf + i, "\"set\"", 5) == 0)
            return true;
    return false;
}

/* Back at the saved state, the journal starts again: a crash there offers no recovery of
 * changes that cancel out. */
static void journal_restarts_when_clean(void **state)
{
    (void)state;
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info);
    set(d, "header.name", "甲");
    assert_int_equal(doc_save(d, &err), 0);
    set(d, "header.department", "乙");
    assert_true(journal_has_edits());
    step(d, false);
    assert_false(doc_dirty(d));
    assert_false(journal_has_edits());
    /* and it still journals what comes next */
    set(d, "header.department", "丙");
    assert_true(journal_has_edits());
    doc_close(d);
    lock_holder_free(&info.holder);
}

static void new_draft_never_saved(void **state)
{
    (void)state;
    doc_open_info info;
    doc *d = open_doc(&info);
    set(d, "header.name", "甲");
    step(d, false);
    /* the file does not exist yet, yet nothing was changed: as opened */
    assert_false(doc_dirty(d));
    doc_close(d);
    lock_holder_free(&info.holder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(undone_to_saved, setup, teardown),
        cmocka_unit_test_setup_teardown(new_draft_never_saved, setup, teardown),
        cmocka_unit_test_setup_teardown(journal_restarts_when_clean, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
