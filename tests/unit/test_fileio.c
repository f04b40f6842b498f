/* Reading whole files with a limit, line/column of an offset, and the path helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/selfeval-fileio-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static char *in_dir(const char *name)
{
    static char b[2][512];
    static int i;
    i ^= 1;
    snprintf(b[i], sizeof b[i], "%s/%s", dir, name);
    return b[i];
}

static void put(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

/* A sparse file of the given size: cheap to make even at tens of MB. */
static void put_sized(const char *path, off_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, size), 0);
    close(fd);
}

static void test_read_ok(void **state)
{
    (void)state;
    const char text[] = "{\"form\":\"项目支出绩效自评表\"}\n\0tail"; /* a NUL inside, too */
    put(in_dir("a.json"), text, sizeof text - 1);
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    assert_int_equal(fio_read_all(in_dir("a.json"), 1 << 20, &buf, &len, &err), 0);
    assert_null(err);
    assert_int_equal(len, sizeof text - 1);
    assert_memory_equal(buf, text, len);
    assert_int_equal(buf[len], '\0');
    free(buf);

    put(in_dir("empty"), "", 0);
    assert_int_equal(fio_read_all(in_dir("empty"), 10, &buf, &len, &err), 0);
    assert_int_equal(len, 0);
    assert_string_equal(buf, "");
    free(buf);

    /* exactly at the limit is fine, one byte more is not */
    put(in_dir("ten"), "0123456789", 10);
    assert_int_equal(fio_read_all(in_dir("ten"), 10, &buf, &len, &err), 0);
    free(buf);
    assert_int_equal(fio_read_all(in_dir("ten"), 9, &buf, &len, &err), -1);
    assert_null(buf);
    assert_non_null(strstr(err, "over the 9 bytes limit"));
    free(err);

    /* files with no size (/proc) are read to the end */
    assert_int_equal(fio_read_all("/proc/self/status", 1 << 20, &buf, &len, &err), 0);
    assert_true(len > 0 && strstr(buf, "Pid:"));
    free(buf);
}

static void test_messages(void **state)
{
    (void)state;
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    assert_int_equal(fio_read_all(in_dir("nope.json"), 100, &buf, &len, &err), -1);
    char want[600];
    snprintf(want, sizeof want, "%s: no such file", in_dir("nope.json"));
    assert_string_equal(err, want);
    free(err);

    assert_int_equal(fio_read_all(dir, 100, &buf, &len, &err), -1);
    assert_non_null(strstr(err, "is a folder"));
    free(err);

    put_sized(in_dir("big.json"), 80LL * 1024 * 1024);
    assert_int_equal(fio_read_all(in_dir("big.json"), 16 * 1024 * 1024, &buf, &len, &err), -1);
    snprintf(want, sizeof want, "%s: 80 MB is over the 16 MB limit", in_dir("big.json"));
    assert_string_equal(err, want);
    free(err);

    /* just over: the size must not read as equal to the limit */
    put_sized(in_dir("edge.json"), 16LL * 1024 * 1024 + 1);
    assert_int_equal(fio_read_all(in_dir("edge.json"), 16 * 1024 * 1024, &buf, &len, &err), -1);
    assert_non_null(strstr(err, "16.1 MB is over the 16 MB limit"));
    free(err);

    put_sized(in_dir("kb.json"), 3 * 1024 + 512);
    assert_int_equal(fio_read_all(in_dir("kb.json"), 2048, &buf, &len, &err), -1);
    assert_non_null(strstr(err, "3.5 KB is over the 2 KB limit"));
    free(err);

    /* permission: root reads anything, so only check it when not root */
    if (geteuid() != 0) {
        put(in_dir("secret"), "x", 1);
        chmod(in_dir("secret"), 0);
        assert_int_equal(fio_read_all(in_dir("secret"), 100, &buf, &len, &err), -1);
        assert_non_null(strstr(err, "permission denied"));
        free(err);
    }
    assert_string_equal(fio_errno_words(EACCES), "permission denied");
    assert_string_equal(fio_errno_words(ENOSPC), "the disk is full");
    assert_string_equal(fio_errno_words(EROFS), "the disk is read-only");
    assert_non_null(strstr(fio_errno_words(EDQUOT), "quota"));
}

static void test_line_col(void **state)
{
    (void)state;
    const char *s = "ab\n得分x\n\n{";
    size_t n = strlen(s);
    int line, col;
    fio_line_col(s, n, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    fio_line_col(s, n, 2, &line, &col); /* the first '\n' */
    assert_int_equal(line, 1);
    assert_int_equal(col, 3);
    fio_line_col(s, n, 3, &line, &col); /* '得' */
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    fio_line_col(s, n, 9, &line, &col); /* 'x' after two 3-byte characters */
    assert_int_equal(line, 2);
    assert_int_equal(col, 3);
    fio_line_col(s, n, 11, &line, &col); /* the empty third line */
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
    fio_line_col(s, n, n + 100, &line, &col); /* past the end: clamped */
    assert_int_equal(line, 4);
    assert_int_equal(col, 2);
    fio_line_col(NULL, 0, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
}

static void test_strdupf(void **state)
{
    (void)state;
    char *s = fio_strdupf("%s=%d", "分值", 10);
    assert_string_equal(s, "分值=10");
    free(s);
    char big[10000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    s = fio_strdupf("[%s]", big); /* no fixed buffer: nothing cut */
    assert_int_equal(strlen(s), sizeof big + 1);
    free(s);
}

static void test_path_helpers(void **state)
{
    (void)state;
    static const struct { const char *in, *dir, *base; } cases[] = {
        {"a/b/c.json", "a/b", "c.json"}, {"c.json", ".", "c.json"}, {"/c.json", "/", "c.json"},
        {"a//c.json", "a", "c.json"},    {"a/", "a", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *d = fio_dirname(cases[i].in);
        assert_string_equal(d, cases[i].dir);
        assert_string_equal(fio_basename(cases[i].in), cases[i].base);
        free(d);
    }
    char *t1 = fio_temp_path("/x", "d.json"), *t2 = fio_temp_path("/x", "d.json");
    assert_int_equal(strlen(t1), strlen("/x/.d.json.XXXXXX"));
    assert_memory_equal(t1, "/x/.d.json.", 11);
    assert_string_not_equal(t1, t2);
    free(t1);
    free(t2);

    /* links: relative, chained, dangling, and a loop */
    assert_int_equal(mkdir(in_dir("sub"), 0755), 0);
    put(in_dir("sub/real.json"), "{}", 2);
    assert_int_equal(symlink("sub/real.json", in_dir("l1")), 0);
    assert_int_equal(symlink("l1", in_dir("l2")), 0);
    assert_int_equal(symlink("sub/none.json", in_dir("dangling")), 0);
    assert_int_equal(symlink("loop", in_dir("loop")), 0);
    char *err = NULL;
    char *r = fio_follow_links(in_dir("l2"), &err);
    char want[600];
    snprintf(want, sizeof want, "%s/sub/real.json", dir);
    assert_string_equal(r, want);
    free(r);
    r = fio_follow_links(in_dir("dangling"), &err);
    snprintf(want, sizeof want, "%s/sub/none.json", dir);
    assert_string_equal(r, want);
    free(r);
    r = fio_follow_links(in_dir("plain.json"), &err); /* not there yet: itself */
    assert_string_equal(r, in_dir("plain.json"));
    free(r);
    assert_null(fio_follow_links(in_dir("loop"), &err));
    assert_non_null(strstr(err, "too many symbolic links"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages, setup, teardown),
        cmocka_unit_test(test_line_col),
        cmocka_unit_test(test_strdupf),
        cmocka_unit_test_setup_teardown(test_path_helpers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
