/* Folder walks (store/files.h): every *.json below a folder, sorted; the copies a recovery's
 * "Keep both" writes beside a draft (DRAFT.recovered-TIME.json) are left out of the walk and
 * counted apart, so the inbox, check, summary and collect do not take them for one more
 * submission; a copy named on its own is read as any file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/files.h"

static char dir[64];

static void touch(const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("{}", f);
    fclose(f);
}

static void test_names(void **state)
{
    (void)state;
    assert_true(file_is_recovered_copy("a.recovered-20261207-175258.json"));
    assert_true(file_is_recovered_copy("dir/卯.recovered-20261207-175258-2.json"));
    assert_false(file_is_recovered_copy("a.json"));
    assert_false(file_is_recovered_copy("a.recovered.json"));
    assert_false(file_is_recovered_copy("a.recovered-2026.json"));
    assert_false(file_is_recovered_copy("a.recovered-20261207-175258.json.bak"));
    assert_false(file_is_recovered_copy("a.recovered-20261207-17525x.json"));
    assert_false(file_is_recovered_copy("a.recovered-20261207-175258-.json"));
}

static void test_walk(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/selfeval-files-XXXXXX");
    assert_non_null(mkdtemp(dir));
    touch("a.json");
    touch("a.recovered-20261207-175258.json");
    touch("b.json");
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    touch("sub/c.recovered-20261207-175258-2.json");
    file_list fl;
    const char *args[] = {dir};
    assert_int_equal(file_list_expand(&fl, args, 1, NULL), 0);
    assert_int_equal(fl.n, 2);
    assert_non_null(strstr(fl.v[0].path, "/a.json"));
    assert_non_null(strstr(fl.v[1].path, "/b.json"));
    assert_int_equal(fl.nrecovered, 2);
    assert_non_null(strstr(fl.recovered[0], "a.recovered-20261207-175258.json"));
    assert_non_null(strstr(fl.recovered[1], "sub/c.recovered-20261207-175258-2.json"));
    file_list_free(&fl);
    /* named on its own, a copy is read (to compare it, to check it) */
    char one[160];
    snprintf(one, sizeof one, "%s/a.recovered-20261207-175258.json", dir);
    const char *named[] = {one};
    assert_int_equal(file_list_expand(&fl, named, 1, NULL), 0);
    assert_int_equal(fl.n, 1);
    assert_int_equal(fl.nrecovered, 0);
    file_list_free(&fl);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
