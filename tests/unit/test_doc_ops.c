/* The table of the document's edits (src/store/doc_ops.c) is whole: every edit has its
 * journal name (unique), at least one mode that allows it, a decoding, an application and an
 * encoding (replay is decode + apply), a begin for the public edits, and an undo unless it is
 * a journal-only record or a transition; a name finds its entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/store/doc_internal.h"

static void test_table_is_whole(void **state)
{
    (void)state;
    for (int i = 0; i < U__COUNT; i++) {
        const doc_opdef *op = doc_op((uop)i);
        assert_non_null(op);
        assert_int_equal(op->op, i);
        assert_non_null(op->name);
        assert_true(op->modes != 0);
        assert_int_equal(op->modes & DOC_MODE_BIT(DOC_READONLY), 0);
        /* replay is decode + apply; every edit is encoded by the table */
        assert_non_null(op->decode);
        assert_non_null(op->apply);
        assert_non_null(op->encode);
        assert_ptr_equal(doc_op_named(op->name), op);
        bool journal_only = i == U_QUERY_UNDO || i == U_COMMENT_DEL || i == U_STATUS;
        assert_true(journal_only ? op->step == NULL : op->step != NULL);
        /* every public edit goes through doc_run with its begin; journal-only records have
         * none */
        bool public = !(i == U_QUERY_UNDO || i == U_COMMENT_DEL);
        assert_true(public ? op->begin != NULL : op->begin == NULL);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(doc_op((uop)k)->name, op->name);
    }
    assert_null(doc_op(U__COUNT));
    assert_null(doc_op_named("nosuch"));
    /* the clerk's values are the clerk's; re-checks and comments the reviewer's */
    for (int i = U_SET; i <= U_ROW_DUP; i++)
        assert_int_equal(doc_op((uop)i)->modes, DOC_MODE_BIT(DOC_EDIT));
    assert_int_equal(doc_op(U_RECHECK)->modes, DOC_MODE_BIT(DOC_REVIEW));
    assert_int_equal(doc_op(U_COMMENT)->modes, DOC_MODE_BIT(DOC_REVIEW));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
