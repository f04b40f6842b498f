/* Loading a form file's "settings": indicator scoring rules and grades. */
#include "form_load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fl_load_settings(loader *L, const cJSON *o)
{
    form *f = L->self;
    ind_settings_default(&f->ind);
    static const char *const dgr[][2] = {{"优", "90"}, {"良", "80"}, {"中", "60"}, {"差", "0"}};
    if (!o) {
        f->grades = calloc(4, sizeof *f->grades);
        if (!f->grades)
            return fl_oom(L);
        for (int i = 0; i < 4; i++) {
            f->grades[i].name = strdup(dgr[i][0]);
            f->grades[i].label.zh = strdup(dgr[i][0]);
            f->grades[i].label.en = strdup(dgr[i][0]);
            dec_parse(dgr[i][1], strlen(dgr[i][1]), &f->grades[i].min);
            if (!f->grades[i].name || !f->grades[i].label.zh || !f->grades[i].label.en)
                return fl_oom(L);
        }
        f->ngrades = 4;
        return 0;
    }
    static const char *const keys[] = {"reverse_rule", "tiers", "overcompletion", "grades", NULL};
    if (fl_check_keys(L, o, "settings", keys))
        return -1;
    const char *rr = fl_str(o, "reverse_rule");
    if (rr) {
        if (strcmp(rr, "ratio") == 0)
            f->ind.reverse = REVERSE_RATIO;
        else if (strcmp(rr, "linear") == 0)
            f->ind.reverse = REVERSE_LINEAR;
        else
            return fl_fail(L, loc_find_kv(&L->loc, "reverse_rule", rr),
                        "settings: reverse_rule must be \"ratio\" or \"linear\" (got '%s')%s", rr, "");
    }
    if (fl_dec(L, o, "overcompletion", &f->ind.overcompletion, NULL, "settings"))
        return -1;
    const cJSON *tiers = cJSON_GetObjectItemCaseSensitive(o, "tiers");
    if (tiers) {
        if (!cJSON_IsArray(tiers) || cJSON_GetArraySize(tiers) != 3)
            return fl_fail(L, L->loc.cursor, "settings: \"tiers\" must list three tiers, best first%s%s",
                        "", "");
        int i = 0;
        for (const cJSON *t = tiers->child; t; t = t->next, i++) {
            const char *name = fl_str(t, "name");
            if (!name)
                return fl_fail(L, L->loc.cursor, "settings: every tier needs a \"name\"%s%s", "", "");
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
    }
    const cJSON *grades = cJSON_GetObjectItemCaseSensitive(o, "grades");
    if (!grades)
        return fl_load_settings(L, NULL) == 0 ? 0 : -1;
    if (!cJSON_IsArray(grades) || cJSON_GetArraySize(grades) < 1)
        return fl_fail(L, L->loc.cursor, "settings: \"grades\" must be a list%s%s", "", "");
    size_t n = (size_t)cJSON_GetArraySize(grades);
    f->grades = calloc(n, sizeof *f->grades);
    if (!f->grades)
        return fl_oom(L);
    for (const cJSON *g = grades->child; g; g = g->next) {
        form_grade *fg = &f->grades[f->ngrades++];
        const char *name = fl_str(g, "name");
        if (!name)
            return fl_fail(L, L->loc.cursor, "settings: every grade needs a \"name\"%s%s", "", "");
        fg->name = strdup(name);
        if (!fg->name)
            return fl_oom(L);
        if (fl_i18n(L, g, "label", &fg->label, false, "settings: grade"))
            return -1;
        if (!fg->label.zh) {
            fg->label.zh = strdup(name);
            fg->label.en = strdup(name);
        }
        bool has = false;
        if (fl_dec(L, g, "min", &fg->min, &has, "settings: grade"))
            return -1;
        if (!has)
            return fl_fail(L, L->loc.cursor, "settings: grade %s needs \"min\"%s", name, "");
        if (f->ngrades > 1 && dec_cmp(fg->min, f->grades[f->ngrades - 2].min) >= 0)
            return fl_fail(L, L->loc.cursor, "settings: grades must go from best to worst (%s)%s",
                        name, "");
    }
    return 0;
}
