/* Exporting a draft to files: the walk that feeds the model, the formats, and writing the
 * result so that a failed export leaves whatever was there before. */
#include "export/xexport.h"
#include "xinternal.h"
#include "core/report.h"
#include "core/sha256.h"
#include "export/xrender.h"
#include "store/smsg.h"
#include "store/atomic.h"
#include "store/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SELFEVAL_VERSION
#define SELFEVAL_VERSION "0.0.0-dev"
#endif

#define DRAFT_READ_MAX (64u << 20)

static const char *const names[XF__COUNT] = {"xlsx", "txt", "csv", "md"};

int xt_format_parse(const char *name)
{
    for (int i = 0; i < XF__COUNT; i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const char *xt_format_name(xt_format f)
{
    return (int)f >= 0 && f < XF__COUNT ? names[f] : "?";
}

char *xt_default_output(const char *path, xt_format f)
{
    size_t n = strlen(path);
    const char *base = fio_basename(path);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - path);
    return fio_strdupf("%.*s%s%s", (int)n, path, f == XF_CSV ? "-" : ".", names[f]);
}

/* ---- the export as a writer of the report walk (core/report.h) ---- */

static int w_table(void *ctx, const rep_table *t)
{
    return xt_doc_instance(ctx, t->inst, t->storage_path);
}

static int w_field(void *ctx, const rep_field *f)
{
    return xt_doc_field(ctx, f->n, f->storage_path);
}

static int w_finding(void *ctx, const rep_finding *f)
{
    return xt_doc_finding(ctx, f->f);
}

int xt_doc_from_engine(xt_doc *x, const engine *e, const char *file, const char *sha256)
{
    report_writer w = {.ctx = x, .table = w_table, .field = w_field, .finding = w_finding};
    x->e = e;
    return report_walk(e, file ? file : "", sha256, &w) == 0 ? 0 : -1;
}

/* ---- writing ---- */

static xt_status save(const char *path, const char *buf, size_t len, char **err)
{
    atomic_opts o = atomic_defaults();
    o.backup = false;
    return atomic_save(path, buf, len, &o, err) == 0 ? XT_OK : XT_FAILED;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* The workbook is written by the library to a fresh file beside the output, then read back
 * and put in place atomically: a failure half-way leaves the old output. */
static xt_status save_xlsx(const xt_doc *x, const xt_job *j, const xt_props *p, char **err)
{
    char *dir = fio_dirname(j->out);
    char *tmp = NULL;
    int fd = -1;
    for (int tries = 0; dir && fd < 0 && tries < 100; tries++) {
        free(tmp);
        if (!(tmp = fio_temp_path(dir, fio_basename(j->out))))
            break;
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    free(dir);
    if (fd < 0) {
        int e = errno;
        *err = smsgf(SM_WRITE_FAILED, j->out, smsg_errno(e));
        free(tmp);
        return XT_FAILED;
    }
    close(fd);
    xt_status st = XT_FAILED;
    char *buf = NULL;
    size_t len = 0;
    if (xt_write_xlsx(x, tmp, p, err) == 0 &&
        fio_read_all(tmp, (size_t)1 << 30, &buf, &len, err) == 0)
        st = save(j->out, buf, len, err);
    free(buf);
    unlink(tmp);
    free(tmp);
    return st;
}

static xt_status save_csv(const xt_doc *x, const xt_job *j, char **err)
{
    struct stat st;
    if (stat(j->out, &st) != 0) {
        if (mkdir(j->out, 0777) != 0) {
            *err = fio_strdupf("cannot make the folder %s: %s", j->out, fio_errno_words(errno));
            return XT_FAILED;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        *err = fio_strdupf("%s is a file: csv writes one file per table into a folder", j->out);
        return XT_FAILED;
    }
    size_t n = xt_doc_ntables(x);
    char **paths = calloc(n + 1, sizeof *paths);
    if (!paths)
        return XT_FAILED;
    xt_status rc = XT_OK;
    for (size_t i = 0; i < n && rc == XT_OK; i++)
        if (!(paths[i] = fio_strdupf("%s/%s.csv", j->out, xt_doc_table(x, i)->sheet)))
            rc = XT_FAILED;
    for (size_t i = 0; i < n && rc == XT_OK; i++)   /* ask before replacing any */
        if (!j->force && exists(paths[i]))
            rc = XT_EXISTS;
    for (size_t i = 0; i < n && rc == XT_OK; i++) {
        char *buf = NULL;
        size_t len = 0;
        if (xt_render_csv(xt_doc_table(x, i), j->bom, &buf, &len) != 0)
            rc = XT_FAILED;
        else
            rc = save(paths[i], buf, len, err);
        free(buf);
    }
    if (rc == XT_EXISTS)
        *err = fio_strdupf("%s already holds the tables' files", j->out);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}

xt_status xt_export(const engine *e, const xt_job *j, char **err)
{
    *err = NULL;
    if (j->format != XF_CSV && !j->force && exists(j->out)) {
        *err = fio_strdupf("%s already exists", j->out);
        return XT_EXISTS;
    }
    char sum[SHA256_HEX_LEN + 1] = "";
    char *raw = NULL;
    size_t rawlen = 0;
    if (j->draft_path) {
        if (fio_read_all(j->draft_path, DRAFT_READ_MAX, &raw, &rawlen, err) != 0)
            return XT_FAILED;
        sha256_hex(raw, rawlen, sum);
        free(raw);
    }
    xt_doc *x = xt_doc_new(engine_draft(e));
    xt_status st = XT_FAILED;
    if (!x || xt_doc_from_engine(x, e, j->draft_path, *sum ? sum : NULL) != 0 ||
        xt_doc_finish(x, err) != 0) {
        if (!*err)
            *err = strdup("out of memory while preparing the export");
        xt_doc_free(x);
        return XT_FAILED;
    }
    xt_props p = {.version = SELFEVAL_VERSION,
                  .sha256 = *sum ? sum : NULL,
                  .draft_name = j->draft_path ? fio_basename(j->draft_path) : NULL};
    char *buf = NULL;
    size_t len = 0;
    switch (j->format) {
    case XF_XLSX:
        st = save_xlsx(x, j, &p, err);
        break;
    case XF_CSV:
        st = save_csv(x, j, err);
        break;
    case XF_TXT:
    case XF_MD:
        if ((j->format == XF_TXT ? xt_render_text(x, &buf, &len) : xt_render_md(x, &buf, &len)))
            *err = strdup("out of memory while preparing the export");
        else
            st = save(j->out, buf, len, err);
        free(buf);
        break;
    default:
        *err = strdup("unknown export format");
        break;
    }
    xt_doc_free(x);
    if (st == XT_FAILED && !*err)
        *err = smsgf(SM_WRITE_FAILED_ONLY, j->out);
    return st;
}
