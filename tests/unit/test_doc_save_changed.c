/* A clerk's save when another program changed the draft file since it was opened (an editor,
 * a copy from a USB stick, a sync tool; another selfeval is kept out by the lock): the save
 * asks first (DOC_SAVE_ASK, nothing written, the question says what happened), and only a
 * yes (doc_save_anyway) replaces that version. The same for a file removed meanwhile. A save
 * with nothing changed on disk, and the next one after it, do not ask. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/doc.h"
#include "tmp_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[128];
static char path[256];

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    if (tf_make_tmpdir(dir, sizeof dir, "savechanged") != 0)
        return -1;
    snprintf(path, sizeof path, "%s/d.json", dir);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp tests/fixtures/seed001_project.json '%s'", path);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tf_rm_tree(dir);
    return 0;
}

static char *slurp(const char *p)
{
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    char *b = calloc(1, 1 << 20);
    assert_non_null(b);
    size_t n = fread(b, 1, (1 << 20) - 1, f);
    b[n] = '\0';
    fclose(f);
    return b;
}

static void put(const char *p, const char *text)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static doc *open_and_edit(const char *name)
{
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open(path, NULL, false, &info, &err);
    assert_non_null(d);
    assert_int_equal(doc_get_mode(d), DOC_EDIT);
    lock_holder_free(&info.holder);
    inode *f = engine_find(doc_engine(d), "header.name");
    assert_non_null(f);
    assert_int_equal(doc_set_text(d, f, name, NULL, &err), 0);
    return d;
}

static void changed_by_another_program(void **state)
{
    (void)state;
    doc *d = open_and_edit("我们的项目名称");
    /* meanwhile another program writes its own version */
    char *theirs = slurp(path);
    char *at = strstr(theirs, "\"modified\"");
    assert_non_null(at);
    memcpy(at, "\"modifiex\"", 10);   /* any change of its bytes */
    put(path, theirs);
    char *err = NULL;
    assert_int_equal(doc_save(d, &err), DOC_SAVE_ASK);
    assert_non_null(err);
    assert_non_null(strstr(err, "changed on disk since you opened it"));
    assert_non_null(strstr(err, path));
    free(err);
    err = NULL;
    char *now = slurp(path);
    assert_string_equal(now, theirs);            /* nothing written */
    free(now);
    assert_true(doc_dirty(d));
    /* yes: ours replaces it */
    assert_int_equal(doc_save_anyway(d, &err), 0);
    now = slurp(path);
    assert_non_null(strstr(now, "我们的项目名称"));
    free(now);
    /* the next save (nothing changed on disk since) does not ask */
    inode *f = engine_find(doc_engine(d), "header.name");
    assert_int_equal(doc_set_text(d, f, "再改一次", NULL, &err), 0);
    assert_int_equal(doc_save(d, &err), 0);
    assert_null(err);
    free(theirs);
    doc_close(d);
}

static void removed_meanwhile(void **state)
{
    (void)state;
    doc *d = open_and_edit("我们的项目名称");
    assert_int_equal(unlink(path), 0);
    char *err = NULL;
    assert_int_equal(doc_save(d, &err), DOC_SAVE_ASK);
    assert_non_null(strstr(err, "it was removed"));
    free(err);
    err = NULL;
    assert_int_equal(access(path, F_OK), -1);   /* nothing written */
    assert_int_equal(doc_save_anyway(d, &err), 0);
    char *now = slurp(path);
    assert_non_null(strstr(now, "我们的项目名称"));
    free(now);
    doc_close(d);
}

static void unchanged_saves_at_once(void **state)
{
    (void)state;
    doc *d = open_and_edit("我们的项目名称");
    char *err = NULL;
    assert_int_equal(doc_save(d, &err), 0);
    assert_null(err);
    doc_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(changed_by_another_program, setup, teardown),
        cmocka_unit_test_setup_teardown(removed_meanwhile, setup, teardown),
        cmocka_unit_test_setup_teardown(unchanged_saves_at_once, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
