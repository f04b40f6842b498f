/* rw_out: a writer's buffer and the stream it goes to (report/writer.h). */
#include "report/writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rw_out_flush(rw_out *o)
{
    if (o->b.oom || o->err_no)
        return -1;
    if (o->b.len && fwrite(o->b.s, 1, o->b.len, o->fp) != o->b.len) {
        o->err_no = errno ? errno : EIO;
        return -1;
    }
    o->b.len = 0;
    return 0;
}

int rw_out_finish(rw_out *o, char **err)
{
    int rc = rw_out_flush(o);
    if (!rc && fflush(o->fp) != 0) {
        o->err_no = errno ? errno : EIO;
        rc = -1;
    }
    if (rc && err) {
        if (o->b.oom)
            *err = strdup("out of memory while building the report");
        else if (asprintf(err, "cannot write the report: %s", strerror(o->err_no)) < 0)
            *err = NULL;
    }
    return rc;
}

void rw_out_free(rw_out *o)
{
    sb_free(&o->b);
}

int report_writer_close(report_writer *w, char **err)
{
    if (err)
        *err = NULL;
    if (!w)
        return 0;
    char *e = NULL;
    int rc = w->close ? w->close(w->ctx, &e) : 0;
    if (err)
        *err = e;
    else
        free(e);
    return rc ? -1 : 0;
}
