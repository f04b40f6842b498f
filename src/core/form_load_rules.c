/* Loading a form file's "rules" (checks that raise findings), with "for" expansions. */
#include "form_load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replaces every variable of a "for" expansion in s (longest names first). */
static char *expand_vars(const char *s, char **names, char **vals, size_t nvars)
{
    size_t cap = strlen(s) * 2 + 64, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = s; *p;) {
        size_t best = (size_t)-1, blen = 0;
        for (size_t i = 0; i < nvars; i++) {
            size_t nl = strlen(names[i]);
            if (nl > blen && strncmp(p, names[i], nl) == 0) {
                best = i;
                blen = nl;
            }
        }
        const char *add = best != (size_t)-1 ? vals[best] : p;
        size_t alen = best != (size_t)-1 ? strlen(vals[best]) : 1;
        if (len + alen + 1 > cap) {
            cap = (len + alen + 1) * 2;
            char *o2 = realloc(out, cap);
            if (!o2) {
                free(out);
                return NULL;
            }
            out = o2;
        }
        memcpy(out + len, add, alen);
        len += alen;
        p += best != (size_t)-1 ? blen : 1;
    }
    out[len] = '\0';
    return out;
}

/* Splits "{expr}" placeholders out of a message template; the expressions are parsed. */
static int parse_placeholders(loader *L, form_rule *r, const char *tmpl, const char *what)
{
    for (const char *p = tmpl; (p = strchr(p, '{'));) {
        const char *q = strchr(p, '}');
        if (!q)
            return fl_fail(L, r->pos, "%s: message has '{' without '}'%s", what, "");
        char *src = strndup(p + 1, (size_t)(q - p - 1));
        if (!src)
            return fl_oom(L);
        size_t saved = L->loc.cursor;
        char *perr = NULL;
        size_t epos = 0;
        expr *e = expr_parse(src, strlen(src), &perr, &epos);
        L->loc.cursor = saved;
        if (!e) {
            fl_fail(L, r->pos, "%s: message placeholder {%s}: %s", what, perr ? perr : "syntax error");
            free(perr);
            free(src);
            return -1;
        }
        free(src);
        expr **v = realloc(r->placeholders, (r->nplaceholders + 1) * sizeof *v);
        if (!v) {
            expr_free(e);
            return fl_oom(L);
        }
        r->placeholders = v;
        r->placeholders[r->nplaceholders++] = e;
        int idx = (int)(r - L->top->rules);
        if (fl_add_site(L, e, r->scope, r->pos, what, NULL, idx))
            return -1;
        p = q + 1;
    }
    return 0;
}

static int add_rule(loader *L, const cJSON *o, fnode *scope_root, char **names, char **vals,
                    size_t nvars)
{
    form *top = L->top;
    const char *code = fl_str(L, o, "code");
    const char *when = fl_str(L, o, "when");
    const char *each = fl_str(L, o, "each");
    const char *field = fl_str(L, o, "field");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(o, "message");
    if (*L->err)
        return -1;
    size_t pos = code ? loc_find_kv(&L->loc, "code", code) : L->loc.cursor;
    if (!code || !when || !msg)
        return fl_fail(L, pos, "rule %s: needs \"code\", \"when\" and \"message\"%s",
                    code ? code : "", "");
    form_rule *nr = realloc(top->rules, (top->nrules + 1) * sizeof *nr);
    if (!nr)
        return fl_oom(L);
    top->rules = nr;
    form_rule *r = &top->rules[top->nrules++];
    memset(r, 0, sizeof *r);
    r->origin = L->self;
    r->pos = pos;
    r->code = strdup(code);
    if (!r->code)
        return fl_oom(L);
    const char *sev = fl_str(L, o, "severity");
    if (!sev || fl_severity(sev, &r->sev) != 0)
        return fl_fail(L, sev ? fl_at(L, cJSON_GetObjectItemCaseSensitive(o, "severity"), false)
                              : pos, "rule %s: \"severity\" must be error, warning or notice%s", code, "");
    r->scope = scope_root;
    if (each) {
        const char *seg = each;
        fnode *t = form_resolve_path(scope_root, &seg, 1);
        if (!t || t->kind != N_TABLE)
            return fl_fail_at(L, cJSON_GetObjectItemCaseSensitive(o, "each"),
                              "rule %s: \"each\" names '%s', which is not a table", code, each);
        r->scope = t;
    }
    char *what = NULL;
    if (asprintf(&what, "rule %s", code) < 0)
        return fl_oom(L);
    char *w = expand_vars(when, names, vals, nvars);
    char *mzh = NULL, *men = NULL;
    int rc = -1;
    if (!w)
        goto out;
    size_t wpos = loc_find_string(&L->loc, when);
    char *perr = NULL;
    size_t epos = 0;
    r->when = expr_parse(w, strlen(w), &perr, &epos);
    if (!r->when) {
        fl_fail(L, wpos + 1 + epos, "%s: when: %s", what, perr ? perr : "syntax error");
        free(perr);
        goto out;
    }
    if (fl_add_site(L, r->when, r->scope, wpos, what, NULL, (int)(top->nrules - 1)))
        goto out;
    i18n m = {0};
    if (fl_i18n(L, o, "message", &m, true, what))
        goto out;
    mzh = expand_vars(m.zh, names, vals, nvars);
    men = expand_vars(m.en, names, vals, nvars);
    free(m.zh);
    free(m.en);
    if (!mzh || !men) {
        fl_oom(L);
        goto out;
    }
    r->message.zh = mzh;
    r->message.en = men;
    mzh = men = NULL;
    if (parse_placeholders(L, r, r->message.zh, what) ||
        parse_placeholders(L, r, r->message.en, what))
        goto out;
    if (field) {
        char *fx = expand_vars(field, names, vals, nvars);
        if (!fx) {
            fl_oom(L);
            goto out;
        }
        /* as many parts as the path has: a fixed array would cut a long path short */
        size_t nseg = 1;
        for (const char *c = fx; *c; c++)
            nseg += *c == '.';
        const char **segs = calloc(nseg, sizeof *segs);
        if (!segs) {
            free(fx);
            fl_oom(L);
            goto out;
        }
        int ns = 0;
        char *save = NULL;
        for (char *tok = strtok_r(fx, ".", &save); tok; tok = strtok_r(NULL, ".", &save))
            segs[ns++] = tok;
        r->field = form_resolve_path(r->scope, segs, ns);
        free(segs);
        free(fx);
        if (!r->field) {
            fl_fail_at(L, cJSON_GetObjectItemCaseSensitive(o, "field"),
                       "%s: \"field\" names '%s', which this form does not have", what, field);
            goto out;
        }
    }
    rc = 0;
out:
    free(what);
    free(w);
    free(mzh);
    free(men);
    return rc;
}

int fl_load_rules(loader *L, const cJSON *arr, fnode *scope_root)
{
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr))
        return fl_fail_at(L, arr, "\"rules\" must be a list%s%s", "", "");
    static const char *const keys[] = {"code", "severity", "when", "each", "for", "field",
                                       "message", NULL};
    for (const cJSON *o = arr->child; o; o = o->next) {
        if (!cJSON_IsObject(o))
            return fl_fail_at(L, o, "every rule must be an object%s%s", "", "");
        if (fl_check_keys(L, o, "rule", keys))
            return -1;
        const cJSON *forv = cJSON_GetObjectItemCaseSensitive(o, "for");
        if (!forv) {
            if (add_rule(L, o, scope_root, NULL, NULL, 0))
                return -1;
            continue;
        }
        const char *code = fl_str(L, o, "code");
        if (*L->err)
            return -1;
        if (!cJSON_IsObject(forv))
            return fl_fail_at(L, forv, "rule %s: \"for\" must be an object of lists of texts%s",
                              code ? code : "", "");
        size_t nvars = (size_t)cJSON_GetArraySize(forv);
        int count = -1;
        for (const cJSON *v = forv->child; v; v = v->next) {
            if (!cJSON_IsArray(v) || (count >= 0 && cJSON_GetArraySize(v) != count))
                return fl_fail_at(L, v,
                                  "rule %s: every \"for\" variable needs a list, all of one "
                                  "length%s", code ? code : "", "");
            for (const cJSON *item = v->child; item; item = item->next)
                if (!cJSON_IsString(item))
                    return fl_fail_at(L, item,
                                      "rule %s: the values of a \"for\" variable must be texts "
                                      "in quotes%s", code ? code : "", "");
            count = cJSON_GetArraySize(v);
        }
        char **names = calloc(nvars ? nvars : 1, sizeof *names);
        char **vals = calloc(nvars ? nvars : 1, sizeof *vals);
        if (!names || !vals) {
            free(names);
            free(vals);
            return fl_oom(L);
        }
        int rc = 0;
        for (int k = 0; k < count && rc == 0; k++) {
            size_t i = 0;
            for (const cJSON *v = forv->child; v; v = v->next, i++) {
                names[i] = v->string;
                const cJSON *item = cJSON_GetArrayItem(v, k);
                vals[i] = cJSON_IsString(item) ? item->valuestring : (char *)"";
            }
            rc = add_rule(L, o, scope_root, names, vals, nvars);
        }
        free(names);
        free(vals);
        if (rc)
            return -1;
    }
    return 0;
}
