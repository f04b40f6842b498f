/* Helpers for the engine tests (linked into every unit test binary; unused elsewhere). */
#include "engine_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fx_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *b2 = realloc(buf, cap * 2 + 1);
            if (!b2) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b2;
            cap *= 2;
        }
    }
    fclose(fp);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

int fx_form_source(void *ctx, const char *id, char **buf, size_t *len, char **file, char **err)
{
    (void)ctx;
    char path[512];
    snprintf(path, sizeof path, "forms/%s.json", id);
    *buf = fx_slurp(path, len);
    if (!*buf) {
        *err = strdup("no such form file");
        return -1;
    }
    *file = strdup(path);
    return 0;
}

form *fx_load_form(const char *id)
{
    char *buf = NULL, *file = NULL, *err = NULL;
    size_t len = 0;
    if (fx_form_source(NULL, id, &buf, &len, &file, &err)) {
        print_error("form %s: %s\n", id, err);
        free(err);
        return NULL;
    }
    form *f = form_load(buf, len, file, fx_form_source, NULL, &err);
    if (!f)
        print_error("form %s: %s\n", id, err);
    free(err);
    free(buf);
    free(file);
    return f;
}

draft *fx_load_draft(const char *path)
{
    size_t len = 0;
    char *buf = fx_slurp(path, &len), *err = NULL;
    if (!buf)
        return NULL;
    draft *d = draft_parse(buf, len, path, &err);
    if (!d)
        print_error("draft %s: %s\n", path, err);
    free(err);
    free(buf);
    return d;
}

int fx_open(fx_doc *x, const char *form_id, const char *path)
{
    memset(x, 0, sizeof *x);
    x->f = fx_load_form(form_id);
    if (!x->f)
        return -1;
    x->d = path ? fx_load_draft(path) : draft_new(x->f->id, x->f->version);
    if (!x->d)
        return -1;
    char *err = NULL;
    x->e = engine_new(x->f, x->d, &err);
    if (!x->e)
        print_error("engine: %s\n", err);
    free(err);
    return x->e ? 0 : -1;
}

void fx_close(fx_doc *x)
{
    engine_free(x->e);
    draft_free(x->d);
    form_free(x->f);
    memset(x, 0, sizeof *x);
}

const char *fx_show(fx_doc *x, const char *path)
{
    inode *n = engine_find(x->e, path);
    return n ? inode_display(n) : "";
}

void fx_set(fx_doc *x, const char *path, const char *text)
{
    inode *n = engine_find(x->e, path);
    if (!n)
        print_error("no field %s\n", path);
    assert_non_null(n);
    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_set_text(x->e, n, text, &chg, &err), 0);
}

int fx_has(fx_doc *x, const char *code, const char *path, const char *needle)
{
    finding_list l = {0};
    engine_findings(x->e, &l);
    int hit = 0;
    for (size_t i = 0; i < l.len && !hit; i++) {
        const finding *f = &l.items[i];
        if (strcmp(f->code, code) != 0 || (path && strcmp(f->path, path) != 0))
            continue;
        if (!needle || strstr(f->msg_zh, needle) || strstr(f->msg_en, needle))
            hit = 1;
    }
    findings_free(&l);
    return hit;
}
