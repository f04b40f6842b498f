/* Loading a form definition (docs/form-format.md) from JSON text into the node tree.
 * Every problem refuses the whole form with the file, line, column and what is wrong: a form
 * that half-loads would compute wrong scores without saying so. */
#include "form_load_internal.h"

#include "core/form_export.h"
#include "core/json_strict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers shared by the loader's pieces ---- */

char *fl_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

int fl_fail(loader *L, size_t pos, const char *fmt, const char *a, const char *b2)
{
    if (*L->err)
        return -1;
    *L->err = loc_message(L->self->file, L->loc.buf, L->loc.len, pos, fmt, a ? a : "",
                          b2 ? b2 : "");
    return -1;
}

int fl_oom(loader *L)
{
    if (!*L->err)
        *L->err = strdup("out of memory while loading the form");
    return -1;
}

/* Where a node of the file being read is: its key (`key` true) or its value. */
size_t fl_at(loader *L, const cJSON *node, bool key)
{
    size_t off = L->root ? json_node_offset(L->loc.buf, L->loc.len, L->root, node, key) : 0;
    return off ? off : L->loc.cursor;
}

int fl_fail_at(loader *L, const cJSON *node, const char *fmt, const char *a, const char *b2)
{
    if (*L->err)
        return -1;
    return fl_fail(L, fl_at(L, node, false), fmt, a, b2);
}

const char *fl_str(loader *L, const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!it)
        return NULL;
    if (!cJSON_IsString(it)) {
        fl_fail_at(L, it, "\"%s\" must be a text in quotes%s", key, "");
        return NULL;
    }
    return it->valuestring;
}

int fl_bool(loader *L, const cJSON *o, const char *key, bool *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = false;
    if (!it)
        return 0;
    if (!cJSON_IsBool(it))
        return fl_fail_at(L, it, "\"%s\" must be true or false (without quotes)%s", key, "");
    *out = cJSON_IsTrue(it);
    return 0;
}

int fl_int(loader *L, const cJSON *o, const char *key, int lo, int hi, int *out,
           const char *what)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!it)
        return 0;
    /* the strict parser keeps a number's text: "2.5" and "1e1" are not whole numbers as written */
    bool whole = cJSON_IsNumber(it) && it->valuestring &&
                 strspn(it->valuestring, "-0123456789") == strlen(it->valuestring) &&
                 it->valuedouble >= lo && it->valuedouble <= hi;
    if (!whole) {
        char *range = NULL;
        if (asprintf(&range, "%d to %d", lo, hi) < 0)
            return fl_oom(L);
        char *msg = NULL;
        if (asprintf(&msg, "%s: \"%s\" must be a whole number from %s, without quotes%%s%%s",
                     what, key, range) < 0) {
            free(range);
            return fl_oom(L);
        }
        free(range);
        fl_fail_at(L, it, msg, "", "");
        free(msg);
        return -1;
    }
    *out = (int)it->valuedouble;
    return 0;
}

bool fl_valid_id(const char *s)
{
    if (!s || !*s)
        return false;
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (const char *p = s + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return false;
    return true;
}

int fl_row_prefix(loader *L, const cJSON *o, const char *dflt, char **out, const char *what)
{
    const char *pre = fl_str(L, o, "row_prefix");
    if (*L->err)
        return -1;
    if (pre) {
        /* row ids are the prefix and a number ("r12"): a digit in the prefix would make
         * "r1" + "2" and "r" + "12" the same id */
        bool ok = (*pre >= 'a' && *pre <= 'z') || (*pre >= 'A' && *pre <= 'Z');
        for (const char *p = pre; ok && *p; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_';
        if (!ok)
            return fl_fail_at(L, cJSON_GetObjectItemCaseSensitive(o, "row_prefix"),
                              "%s: \"row_prefix\" must be ASCII letters and _, beginning with a "
                              "letter (got '%s')", what, pre);
    }
    *out = strdup(pre ? pre : dflt);
    return *out ? 0 : fl_oom(L);
}

/* Refuses keys the format does not know: a misspelt "requried" must not silently do nothing. */
int fl_check_keys(loader *L, const cJSON *o, const char *what, const char *const *allowed)
{
    if (!cJSON_IsObject(o))
        return fl_fail(L, L->loc.cursor, "%s: expected an object {…}%s", what, "");
    for (const cJSON *it = o->child; it; it = it->next) {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, it->string) == 0)
                ok = true;
        if (!ok)
            return fl_fail(L, fl_at(L, it, true), "%s: unknown key '%s'", what, it->string);
    }
    return 0;
}

int fl_i18n(loader *L, const cJSON *o, const char *key, i18n *out, bool required,
                    const char *what)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!it) {
        if (required)
            return fl_fail_at(L, o, "%s: missing \"%s\"", what, key);
        return 0;
    }
    if (cJSON_IsString(it)) {
        out->zh = fl_strdup(it->valuestring);
        out->en = fl_strdup(it->valuestring);
    } else if (cJSON_IsObject(it)) {
        static const char *const langs[] = {"zh", "en", NULL};
        if (fl_check_keys(L, it, what, langs))
            return -1;
        const char *zh = fl_str(L, it, "zh"), *en = fl_str(L, it, "en");
        if (*L->err)
            return -1;
        if (!zh && !en)
            return fl_fail_at(L, it, "%s: \"%s\" needs \"zh\" and \"en\" texts", what, key);
        out->zh = fl_strdup(zh ? zh : en);
        out->en = fl_strdup(en ? en : zh);
    } else {
        return fl_fail_at(L, it, "%s: \"%s\" must be a text or {\"zh\", \"en\"}", what, key);
    }
    if (!out->zh || !out->en)
        return fl_oom(L);
    return 0;
}

int fl_dec(loader *L, const cJSON *o, const char *key, dec_t *out, bool *has,
                   const char *what)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (has)
        *has = false;
    if (!it)
        return 0;
    if (!cJSON_IsString(it) ||
        dec_parse(it->valuestring, strlen(it->valuestring), out) != DEC_OK) {
        return fl_fail_at(L, it, "%s: \"%s\" must be a decimal number written as text, e.g. \"10\"",
                    what, key);
    }
    if (has)
        *has = true;
    return 0;
}

int fl_severity(const char *s, severity *out)
{
    if (!s)
        return -1;
    if (strcmp(s, "error") == 0)
        *out = SEV_ERROR;
    else if (strcmp(s, "warning") == 0)
        *out = SEV_WARNING;
    else if (strcmp(s, "notice") == 0)
        *out = SEV_NOTICE;
    else
        return -1;
    return 0;
}

fnode *fl_new_node(loader *L, node_kind k, const char *id, fnode *parent)
{
    fnode *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = k;
    n->id = fl_strdup(id);
    n->parent = parent;
    n->scale = -1;
    n->required = (severity)-1;
    n->origin = L->self;
    n->pos = L->loc.cursor;
    if (!n->id || form_register_node(L->top, n) != 0) {
        free(n->id);
        free(n);
        return NULL;
    }
    if (parent) {
        fnode **k2 = realloc(parent->kids, (parent->nkids + 1) * sizeof *k2);
        if (!k2)
            return NULL; /* registered: freed with the form */
        parent->kids = k2;
        parent->kids[parent->nkids++] = n;
    }
    return n;
}

int fl_add_site(loader *L, expr *e, fnode *scope, size_t pos, const char *what,
                    fnode *owner, int rule)
{
    form_expr_site s = {0};
    s.e = e;
    s.scope = scope;
    s.origin = L->self;
    s.origin_buf = L->loc.buf;
    s.origin_len = L->loc.len;
    s.pos = pos;
    s.what = strdup(what);
    s.owner_field = owner;
    s.owner_rule = rule;
    if (!s.what || form_build_add_site(L->b, &s) != 0) {
        free(s.what);
        return fl_oom(L);
    }
    return 0;
}

/* Parses an expression held in a JSON string; positions in messages point into the file. */
expr *fl_parse_expr(loader *L, const char *src, const char *what)
{
    size_t pos = loc_find_string(&L->loc, src);
    char *perr = NULL;
    size_t epos = 0;
    expr *e = expr_parse(src, strlen(src), &perr, &epos);
    if (!e) {
        /* +1 for the opening quote; exact unless the expression has escapes before it */
        fl_fail(L, pos + 1 + epos, "%s: %s", what, perr ? perr : "syntax error");
        free(perr);
        return NULL;
    }
    return e;
}

/* ---- one file ---- */

int fl_load_file(loader *L, const char *buf, size_t len, fnode *attach)
{
    /* The strict parser the drafts use: a duplicate key, invalid UTF-8 or trailing text is
     * refused with the line and column (cJSON's own parser keeps the last duplicate). */
    json_strict_limits lim = {.max_bytes = FORM_MAX_TEXT, .max_depth = 64};
    char *perr = NULL;
    cJSON *root = json_strict_parse(buf, len, L->self->file, &lim, &perr);
    if (!root) {
        if (!*L->err)
            *L->err = perr ? perr : strdup("out of memory while loading the form");
        else
            free(perr);
        return -1;
    }
    L->root = root;
    int rc = -1;
    static const char *const keys[] = {"format", "id", "version", "title", "settings",
                                       "parts", "sections", "rules", "summary", "export",
                                       "$comment", NULL};
    if (!cJSON_IsObject(root)) {
        fl_fail(L, 0, "a form file holds one JSON object%s%s", "", "");
        goto out;
    }
    if (fl_check_keys(L, root, "form", keys))
        goto out;
    const char *fmt = fl_str(L, root, "format");
    if (!fmt || strcmp(fmt, "selfeval-form/1") != 0) {
        fl_fail(L, fmt ? loc_find_kv(&L->loc, "format", fmt) : 0,
             "\"format\" must be \"selfeval-form/1\" (got '%s')%s", fmt ? fmt : "", "");
        goto out;
    }
    const char *id = fl_str(L, root, "id"), *ver = fl_str(L, root, "version");
    if (!fl_valid_id(id) || !ver) {
        fl_fail(L, 0, "a form needs an \"id\" and a \"version\"%s%s", "", "");
        goto out;
    }
    L->self->id = strdup(id);
    L->self->version = strdup(ver);
    if (!L->self->id || !L->self->version) {
        fl_oom(L);
        goto out;
    }
    if (fl_i18n(L, root, "title", &L->self->title, true, "form"))
        goto out;
    if (fl_load_settings(L, cJSON_GetObjectItemCaseSensitive(root, "settings")))
        goto out;
    if (fl_load_parts(L, cJSON_GetObjectItemCaseSensitive(root, "parts"), attach))
        goto out;
    const cJSON *secs = cJSON_GetObjectItemCaseSensitive(root, "sections");
    if (secs && !cJSON_IsArray(secs)) {
        fl_fail(L, 0, "\"sections\" must be a list%s%s", "", "");
        goto out;
    }
    if (!secs && attach->nkids == 0) {
        fl_fail(L, 0, "a form needs \"sections\" or \"parts\"%s%s", "", "");
        goto out;
    }
    for (const cJSON *s = secs ? secs->child : NULL; s; s = s->next) {
        if (!cJSON_IsObject(s)) {
            fl_fail(L, L->loc.cursor, "every section must be an object%s%s", "", "");
            goto out;
        }
        if (fl_load_section(L, s, attach))
            goto out;
    }
    if (fl_load_rules(L, cJSON_GetObjectItemCaseSensitive(root, "rules"), attach))
        goto out;
    char *smsg = NULL;
    const char *skey = NULL, *sval = NULL;
    if (form_load_summary(L->self, cJSON_GetObjectItemCaseSensitive(root, "summary"), attach,
                          &smsg, &skey, &sval)) {
        if (smsg)
            fl_fail(L, skey ? loc_find_kv(&L->loc, skey, sval) : L->loc.cursor, "%s%s", smsg,
                    "");
        else
            fl_oom(L);
        free(smsg);
        goto out;
    }
    if (form_export_load(L->self->file, buf, len, root,
                         cJSON_GetObjectItemCaseSensitive(root, "export"), attach,
                         &L->self->export, L->err))
        goto out;
    /* a value refused on the way (fl_str, …) may have let its caller go on */
    rc = *L->err ? -1 : 0;
out:
    L->root = NULL;
    cJSON_Delete(root);
    return rc;
}

form *form_load(const char *buf, size_t len, const char *file, form_source_fn src, void *ctx,
                char **err)
{
    *err = NULL;
    form *f = calloc(1, sizeof *f);
    form_build b = {0};
    if (!f) {
        *err = strdup("out of memory while loading the form");
        return NULL;
    }
    f->file = strdup(file ? file : "form");
    loader L = {.top = f, .self = f, .b = &b, .src = src, .src_ctx = ctx, .err = err};
    L.loc.buf = buf;
    L.loc.len = len;
    L.loc.file = f->file;
    if (!f->file) {
        fl_oom(&L);
        goto fail;
    }
    f->root = fl_new_node(&L, N_FORM, "", NULL);
    if (!f->root) {
        fl_oom(&L);
        goto fail;
    }
    if (fl_load_file(&L, buf, len, f->root))
        goto fail;
    f->root->label.zh = fl_strdup(f->title.zh);
    f->root->label.en = fl_strdup(f->title.en);
    if (form_bind_all(f, &b, err))
        goto fail;
    form_build_free(&b);
    return f;
fail:
    form_build_free(&b);
    form_free(f);
    if (!*err)
        *err = strdup("the form could not be loaded");
    return NULL;
}

