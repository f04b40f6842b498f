/* The store's messages in the clerk's language (store/smsg.h): every message has the same
 * printf conversions in both languages; a save into a folder that was removed says so in
 * Chinese when the editor is Chinese and in the command line's English otherwise, word for
 * word as before; and an open document knows when its journal no longer keeps its unsaved
 * changes (the folder was removed), so the editor never promises they are kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/atomic.h"
#include "store/doc.h"
#include "store/smsg.h"
#include "tmp_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[128];
static char path[256];

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    smsg_use_chinese(false);
    if (tf_make_tmpdir(dir, sizeof dir, "smsg") != 0)
        return -1;
    snprintf(path, sizeof path, "%s/d/x.json", dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir '%s/d' && cp tests/fixtures/seed001_project.json '%s'", dir,
             path);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    smsg_use_chinese(false);
    tf_rm_tree(dir);
    return 0;
}

/* The conversions of a format, in order ("%s%zu%%" -> "s zu "). */
static void conversions(const char *f, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    for (const char *p = f; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        while (*p && strchr("0123456789.-+ #", *p))
            p++;
        while (*p && strchr("hlzjt", *p) && k + 2 < n)
            out[k++] = *p++;
        if (*p && k + 2 < n) {
            out[k++] = *p;
            out[k++] = ' ';
        }
        out[k] = '\0';
        if (!*p)
            break;
    }
}

static void same_conversions(void **state)
{
    (void)state;
    for (int i = 0; i < SM_COUNT; i++) {
        char en[64], zh[64];
        conversions(smsg_lang((smsg_id)i, false), en, sizeof en);
        conversions(smsg_lang((smsg_id)i, true), zh, sizeof zh);
        if (strcmp(en, zh) != 0)
            fail_msg("message %d: \"%s\" has %s, \"%s\" has %s", i, smsg_lang((smsg_id)i, false),
                     en, smsg_lang((smsg_id)i, true), zh);
        /* a Chinese text is Chinese: no message left in English by mistake */
        const char *z = smsg_lang((smsg_id)i, true);
        bool wide = false;
        for (const unsigned char *p = (const unsigned char *)z; *p; p++)
            wide = wide || *p >= 0xe4;
        if (!wide && strcmp(z, "; ") != 0)
            fail_msg("message %d is not Chinese: %s", i, z);
    }
}

static void save_into_removed_folder(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/d'", dir);
    assert_int_equal(system(cmd), 0);
    char *err = NULL;
    assert_int_equal(atomic_save(path, "{}", 2, NULL, &err), -1);
    char want[600];
    snprintf(want, sizeof want, "cannot save %s: the folder %s/d does not exist", path, dir);
    assert_string_equal(err, want);
    free(err);
    smsg_use_chinese(true);
    err = NULL;
    assert_int_equal(atomic_save(path, "{}", 2, NULL, &err), -1);
    assert_non_null(strstr(err, "无法保存"));
    assert_non_null(strstr(err, "不存在"));
    assert_null(strstr(err, "cannot"));
    free(err);
}

/* A save whose name is a folder: every part of the sentence in Chinese (no "(Is a
 * directory)" from the C library either). */
static void save_onto_folder_chinese(void **state)
{
    (void)state;
    char folder[300];
    snprintf(folder, sizeof folder, "%s/d", dir);
    smsg_use_chinese(true);
    char *err = NULL;
    assert_int_equal(atomic_save(folder, "{}", 2, NULL, &err), -1);
    assert_non_null(strstr(err, "这是文件夹"));
    assert_null(strstr(err, "irectory"));
    free(err);
}

static void journal_gone_with_folder(void **state)
{
    (void)state;
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open(path, NULL, false, &info, &err);
    assert_non_null(d);
    inode *f = engine_find(doc_engine(d), "header.name");
    assert_non_null(f);
    assert_int_equal(doc_set_text(d, f, "测试", NULL, &err), 0);
    assert_true(doc_journal_keeps(d));
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/d'", dir);
    assert_int_equal(system(cmd), 0);
    assert_false(doc_journal_keeps(d));
    smsg_use_chinese(true);
    assert_int_not_equal(doc_save(d, &err), 0);
    assert_non_null(err);
    assert_non_null(strstr(err, "不存在"));
    free(err);
    doc_close(d);
}

static bool exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

/* Save as after the folder went: the draft goes to the new name, which becomes the
 * document's, with its lock and its journal; the next save and edits go there. A name where a
 * file is already is refused (nothing replaced). */
static void save_as_elsewhere(void **state)
{
    (void)state;
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open(path, NULL, false, &info, &err);
    assert_non_null(d);
    inode *f = engine_find(doc_engine(d), "header.name");
    assert_int_equal(doc_set_text(d, f, "另存的项目", NULL, &err), 0);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/d'", dir);
    assert_int_equal(system(cmd), 0);
    char other[300], taken[300], p2[320];
    snprintf(other, sizeof other, "%s/y.json", dir);
    snprintf(taken, sizeof taken, "%s/taken.json", dir);
    FILE *t = fopen(taken, "w");
    assert_non_null(t);
    fputs("keep me", t);
    fclose(t);
    smsg_use_chinese(true);
    assert_int_equal(doc_save_as(d, taken, &err), -1);
    assert_non_null(strstr(err, "已存在"));
    free(err);
    err = NULL;
    assert_int_equal(doc_save_as(d, other, &err), 0);
    assert_null(err);
    assert_string_equal(doc_path(d), other);
    assert_false(doc_dirty(d));
    snprintf(p2, sizeof p2, "%s.lock", other);
    assert_true(exists(p2));
    snprintf(p2, sizeof p2, "%s.journal", other);
    assert_true(exists(p2));
    assert_true(doc_journal_keeps(d));
    assert_int_equal(doc_set_text(d, f, "再改", NULL, &err), 0);
    assert_int_equal(doc_save(d, &err), 0);
    doc_close(d);
    snprintf(p2, sizeof p2, "%s.lock", other);
    assert_false(exists(p2));
    char check[700];
    snprintf(check, sizeof check, "grep -q 再改 '%s' && grep -q 'keep me' '%s'", other, taken);
    assert_int_equal(system(check), 0);
}

/* Recovery's refusals in Chinese too (nothing waiting to recover). */
static void recover_chinese(void **state)
{
    (void)state;
    char *err = NULL;
    doc *d = doc_open(path, NULL, false, NULL, &err);
    assert_non_null(d);
    smsg_use_chinese(true);
    size_t n = 0;
    char *out = NULL;
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &n, &out, &err), -1);
    assert_non_null(strstr(err, "没有等待恢复的修改"));
    free(err);
    doc_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_conversions),
        cmocka_unit_test_setup_teardown(save_into_removed_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(save_onto_folder_chinese, setup, teardown),
        cmocka_unit_test_setup_teardown(journal_gone_with_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(save_as_elsewhere, setup, teardown),
        cmocka_unit_test_setup_teardown(recover_chinese, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
