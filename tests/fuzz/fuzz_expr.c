/* libFuzzer target: arbitrary bytes through expr_parse; whatever parses is bound with a
 * binder that accepts almost every name and function, evaluated against a host whose
 * values cover every kind (huge numbers, blanks, strings), and its references visited.
 * Nothing may crash, leak or break an invariant checked below. */
#include "core/expr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static unsigned hash_str(const char *s, unsigned h)
{
    for (; *s; s++)
        h = h * 31u + (unsigned char)*s;
    return h;
}

static int fz_resolve_name(void *ctx, const char *const *segs, int nseg, expr_ref *out, char **err)
{
    (void)ctx;
    unsigned h = 7;
    for (int i = 0; i < nseg; i++)
        h = hash_str(segs[i], h);
    if (strcmp(segs[0], "unknown") == 0) {       /* exercise the error path with a message */
        *err = strdup("no such field");
        return -1;
    }
    out->id = (int)(h % 1000);
    out->flags = nseg;
    return 0;
}

static int fz_resolve_func(void *ctx, const char *name, int nargs, int *func_id, char **err)
{
    (void)ctx;
    (void)err;
    if (strcmp(name, "nope") == 0)
        return -1;
    *func_id = (int)(hash_str(name, (unsigned)nargs) % 4);
    return 0;
}

static value_t fz_get(void *ctx, const expr_ref *ref)
{
    (void)ctx;
    dec_t d = dec_zero();
    switch (ref->id % 8) {
    case 0: return v_blank((v_blank_why)(ref->id % 5));
    case 1: return v_str(ref->id % 2 ? "优秀" : "");
    case 2: return v_bool(ref->id % 3 == 0);
    case 3: dec_parse("99999999999999999999999999999999999999", 38, &d); return v_num(d);
    case 4: dec_parse("-0.000000000000000000000000000001", 33, &d); return v_num(d);
    case 5: return v_num(dec_zero());
    case 6: dec_parse("51965.47", 8, &d); return v_num(d);
    default: return v_num(dec_from_int(ref->id));
    }
}

static value_t fz_call(void *ctx, int func_id, const value_t *args, const expr_ref *const *refs,
                       int nargs)
{
    (void)ctx;
    for (int i = 0; i < nargs; i++)           /* touch everything the host may read */
        if (refs[i] && refs[i]->id < 0)
            abort();
    switch (func_id) {
    case 0: return nargs ? args[0] : v_blank(VB_EMPTY);
    case 1: return nargs ? args[nargs - 1] : v_num(dec_zero());
    case 2: return v_bool(nargs % 2 == 0);
    default: return v_blank(VB_NOT_APPLICABLE);
    }
}

static void fz_visit(void *ctx, const expr_ref *ref, int in_host_call)
{
    int *count = ctx;
    if (in_host_call < -1 || in_host_call > 3 || ref->id < 0 || ref->id >= 1000)
        abort();
    (*count)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    size_t pos = 0;
    expr *e = expr_parse((const char *)data, size, &err, &pos);
    if (!e) {
        if (!err || pos > size || strlen(err) == 0)
            abort();
        free(err);
        return 0;
    }
    if (err || memcmp(expr_source(e), data, size) != 0)
        abort();
    static const expr_binder binder = { fz_resolve_name, fz_resolve_func };
    static const expr_host host = { fz_get, fz_call };
    if (expr_bind(e, &binder, NULL, &err, &pos) != 0) {
        if (!err || pos > size)
            abort();
        free(err);
        expr_free(e);
        return 0;
    }
    int count = 0;
    expr_visit_refs(e, fz_visit, &count);
    value_t v = expr_eval(e, &host, NULL);
    char buf[DEC_STR_MAX];
    if (v.kind == V_NUM)
        dec_format(v.num, buf);
    else if (v.kind == V_STR && !v.str)
        abort();
    (void)value_truthy(v);
    (void)value_equal(v, v);
    expr_free(e);
    return 0;
}
