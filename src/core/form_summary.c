/* The "summary" key of a form file: which fields hold a table's name, budget, execution, total
 * and grade, so summaries and databases find them by meaning and no form's ids live in C. */
#include "form_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const form_summary_keys[FORM_NSUMMARY] = {
    "name", "budget_initial", "budget_annual", "executed", "rate", "total", "grade",
};

/* A dotted path below `attach`, through sections and groups only: a figure inside a table or
 * a repeated part has no single value per table. */
static fnode *resolve(fnode *attach, const char *path)
{
    fnode *cur = attach;
    const char *p = path;
    while (cur && *p) {
        size_t n = strcspn(p, ".");
        char *seg = strndup(p, n);
        if (!seg)
            return NULL;
        cur = fnode_child(cur, seg);
        free(seg);
        if (cur && (cur->kind == N_TABLE || (cur->kind == N_PART && cur->repeat)))
            return NULL;
        p += n;
        if (*p == '.')
            p++;
    }
    return cur && cur != attach && cur->kind == N_FIELD ? cur : NULL;
}

int form_load_summary(form *self, const cJSON *obj, fnode *attach, char **msg,
                      const char **at_key, const char **at_value)
{
    *msg = NULL;
    *at_key = *at_value = NULL;
    if (!obj)
        return 0;
    if (!cJSON_IsObject(obj)) {
        *msg = strdup("\"summary\" must be an object of figure names and field paths");
        return -1;
    }
    for (const cJSON *it = obj->child; it; it = it->next) {
        int k = -1;
        for (int i = 0; i < FORM_NSUMMARY; i++)
            if (it->string && strcmp(it->string, form_summary_keys[i]) == 0)
                k = i;
        *at_key = it->string;
        *at_value = cJSON_IsString(it) ? it->valuestring : NULL;
        if (k < 0) {
            if (asprintf(msg, "summary: unknown figure '%s' (name, budget_initial, "
                              "budget_annual, executed, rate, total, grade)",
                         it->string ? it->string : "") < 0)
                *msg = NULL;
            return -1;
        }
        if (!cJSON_IsString(it)) {
            if (asprintf(msg, "summary: \"%s\" must be a field path such as \"totals.total\"",
                         it->string) < 0)
                *msg = NULL;
            return -1;
        }
        fnode *f = resolve(attach, it->valuestring);
        if (!f) {
            if (asprintf(msg, "summary: \"%s\" names '%s', which is not a field of this form "
                              "outside its tables", it->string, it->valuestring) < 0)
                *msg = NULL;
            return -1;
        }
        self->summary[k] = f;
    }
    return 0;
}
