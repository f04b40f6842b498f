/* Loading a form file's "settings": indicator scoring rules and grades. Every key stands
 * alone: a key left out keeps its default, whatever the others say. */
#include "form_load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (domain.md). */
static int default_grades(loader *L, form *f)
{
    static const char *const dgr[][2] = {{"优", "90"}, {"良", "80"}, {"中", "60"}, {"差", "0"}};
    f->grades = calloc(4, sizeof *f->grades);
    if (!f->grades)
        return fl_oom(L);
    for (int i = 0; i < 4; i++) {
        f->ngrades++;
        f->grades[i].name = strdup(dgr[i][0]);
        f->grades[i].label.zh = strdup(dgr[i][0]);
        f->grades[i].label.en = strdup(dgr[i][0]);
        dec_parse(dgr[i][1], strlen(dgr[i][1]), &f->grades[i].min);
        if (!f->grades[i].name || !f->grades[i].label.zh || !f->grades[i].label.en)
            return fl_oom(L);
    }
    return 0;
}

static int load_tiers(loader *L, form *f, const cJSON *tiers)
{
    if (!cJSON_IsArray(tiers) || cJSON_GetArraySize(tiers) != 3)
        return fl_fail_at(L, tiers, "settings: \"tiers\" must list three tiers, best first%s%s",
                          "", "");
    static const char *const keys[] = {"name", "lo", "hi", NULL};
    int i = 0;
    for (const cJSON *t = tiers->child; t; t = t->next, i++) {
        if (fl_check_keys(L, t, "settings: tier", keys))
            return -1;
        const char *name = fl_str(L, t, "name");
        if (*L->err)
            return -1;
        if (!name)
            return fl_fail_at(L, t, "settings: every tier needs a \"name\"%s%s", "", "");
        /* the tier names live as long as the form: keep a copy in the form's strings */
        char *nm = strdup(name);
        if (!nm)
            return fl_oom(L);
        free(f->tier_names[i]);
        f->tier_names[i] = nm;
        f->ind.tiers[i].name = nm;
        if (fl_dec(L, t, "lo", &f->ind.tiers[i].lo, NULL, "settings: tier") ||
            fl_dec(L, t, "hi", &f->ind.tiers[i].hi, NULL, "settings: tier"))
            return -1;
    }
    return 0;
}

static int load_grades(loader *L, form *f, const cJSON *grades)
{
    if (!cJSON_IsArray(grades) || cJSON_GetArraySize(grades) < 1)
        return fl_fail_at(L, grades, "settings: \"grades\" must be a list of one or more "
                          "{\"name\", \"min\"}%s%s", "", "");
    static const char *const keys[] = {"name", "label", "min", NULL};
    size_t n = (size_t)cJSON_GetArraySize(grades);
    f->grades = calloc(n, sizeof *f->grades);
    if (!f->grades)
        return fl_oom(L);
    for (const cJSON *g = grades->child; g; g = g->next) {
        if (fl_check_keys(L, g, "settings: grade", keys))
            return -1;
        form_grade *fg = &f->grades[f->ngrades++];
        const char *name = fl_str(L, g, "name");
        if (*L->err)
            return -1;
        if (!name)
            return fl_fail_at(L, g, "settings: every grade needs a \"name\"%s%s", "", "");
        fg->name = strdup(name);
        if (!fg->name)
            return fl_oom(L);
        if (fl_i18n(L, g, "label", &fg->label, false, "settings: grade"))
            return -1;
        if (!fg->label.zh) {
            fg->label.zh = strdup(name);
            fg->label.en = strdup(name);
            if (!fg->label.zh || !fg->label.en)
                return fl_oom(L);
        }
        bool has = false;
        if (fl_dec(L, g, "min", &fg->min, &has, "settings: grade"))
            return -1;
        if (!has)
            return fl_fail_at(L, g, "settings: grade %s needs \"min\"%s", name, "");
        if (f->ngrades > 1 && dec_cmp(fg->min, f->grades[f->ngrades - 2].min) >= 0)
            return fl_fail_at(L, g, "settings: grades must go from best to worst (%s)%s", name,
                              "");
    }
    return 0;
}

int fl_load_settings(loader *L, const cJSON *o)
{
    form *f = L->self;
    ind_settings_default(&f->ind);
    if (o) {
        static const char *const keys[] = {"reverse_rule", "tiers", "overcompletion", "grades",
                                           NULL};
        if (fl_check_keys(L, o, "settings", keys))
            return -1;
        const cJSON *rrn = cJSON_GetObjectItemCaseSensitive(o, "reverse_rule");
        const char *rr = cJSON_IsString(rrn) ? rrn->valuestring : NULL;
        if (rr && strcmp(rr, "ratio") == 0)
            f->ind.reverse = REVERSE_RATIO;
        else if (rr && strcmp(rr, "linear") == 0)
            f->ind.reverse = REVERSE_LINEAR;
        else if (rrn)
            return fl_fail_at(L, rrn,
                              "settings: \"reverse_rule\" must be \"ratio\" or \"linear\" "
                              "(got '%s')%s", rr ? rr : "not a text", "");
        if (fl_dec(L, o, "overcompletion", &f->ind.overcompletion, NULL, "settings"))
            return -1;
        const cJSON *tiers = cJSON_GetObjectItemCaseSensitive(o, "tiers");
        if (tiers && load_tiers(L, f, tiers))
            return -1;
    }
    const cJSON *grades = o ? cJSON_GetObjectItemCaseSensitive(o, "grades") : NULL;
    return grades ? load_grades(L, f, grades) : default_grades(L, f);
}
