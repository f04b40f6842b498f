/* What a clerk typed into a field, read by the field's type: numbers (full-width digits,
 * separators, units), percents, dates, phone numbers, choices. A bad value is kept as typed
 * and reported; it is never thrown away or silently turned into 0. */
#include "engine_internal.h"
#include "core/indicator.h"
#include "core/numparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool blank_text(const char *s)
{
    for (; s && *s; s++)
        if (!strchr(" \t\r\n", *s) && strncmp(s, "\xe3\x80\x80", 3) != 0)
            return false;
        else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
            s += 2;
    return true;
}

/* The formats take the field's label, then `a`. */
static void report(inode *n, severity sev, const char *code, const char *zh, const char *en,
                   const char *a)
{
    eng_report(n, sev, code, zh, en, a, NULL, NULL);
}


/* ---- dates ---- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* 2026-04-27, 2026/4/27, 2026.4.27, 2026年4月27日, 20260427 (full-width digits accepted). */
static bool parse_date(const char *text, int *y, int *m, int *d)
{
    char norm[128];
    size_t need = num_normalize_text(text, strlen(text), norm, sizeof norm);
    if (need >= sizeof norm)
        return false;
    int nums[3] = {0, 0, 0}, k = 0, digits = 0;
    const char *p = norm;
    while (*p == ' ')
        p++;
    if (strlen(p) == 8 && strspn(p, "0123456789") == 8) {
        *y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        *m = (p[4] - '0') * 10 + (p[5] - '0');
        *d = (p[6] - '0') * 10 + (p[7] - '0');
    } else {
        for (; *p && k < 3;) {
            if (*p >= '0' && *p <= '9') {
                if (digits >= 4)
                    return false;
                nums[k] = nums[k] * 10 + (*p - '0');
                digits++;
                p++;
                continue;
            }
            if (digits == 0)
                return false;
            k++;
            digits = 0;
            /* separators: - / . 年 月 and spaces */
            if (*p == '-' || *p == '/' || *p == '.' || *p == ' ')
                p++;
            else if (strncmp(p, "年", 3) == 0 || strncmp(p, "月", 3) == 0)
                p += 3;
            else if (strncmp(p, "日", 3) == 0 || strncmp(p, "号", 3) == 0)
                p += 3;
            else
                return false;
            while (*p == ' ')
                p++;
        }
        if (digits)
            k++;
        while (*p == ' ')
            p++;
        if (k != 3 || *p)
            return false;
        *y = nums[0];
        *m = nums[1];
        *d = nums[2];
    }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1)
        return false;
    int maxd = mdays[*m - 1] + (*m == 2 && leap(*y));
    return *d <= maxd;
}

static bool valid_phone(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" -+()", *p) && strncmp(p, "转", 3) != 0)
            return false;
        else if (strncmp(p, "转", 3) == 0)
            p += 2;
    }
    return digits >= 5 && digits <= 20;
}

/* ---- choices ---- */

static bool in_list(const form_choice *c, size_t n, const char *v)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].value, v) == 0)
            return true;
    return false;
}

/* A value that is not among the choices under the chosen parent (二级指标 under 一级指标):
 * the message leads to the right one — the choice it is the start of ("数量" → 数量指标), the
 * parent it belongs to, or the choices there are. */
static void not_under(inode *n, size_t k, const char *v, const char *parent)
{
    const fnode *d = n->def;
    severity sev = d->choices_open ? SEV_WARNING : SEV_ERROR;
    const form_choice *c = d->choices_by[k];
    size_t nc = d->nchoices_by[k], vl = strlen(v);
    const char *start = NULL;
    for (size_t i = 0; i < nc && vl > 0; i++)
        if (strncmp(c[i].value, v, vl) == 0) {
            if (start) {          /* the start of two: no one guess */
                start = NULL;
                break;
            }
            start = c[i].value;
        }
    if (start) {
        eng_report(n, sev, "field.choice", "%s：“%s”不是“%s”下的分类，是否指“%s”？",
                   "%s: '%s' is not a category under '%s'; did you mean '%s'?", v, parent, start);
        return;
    }
    for (size_t j = 0; j < d->nchoices_keys; j++)
        if (j != k && in_list(d->choices_by[j], d->nchoices_by[j], v)) {
            eng_report(n, sev, "field.choice", "%s：“%s”属于“%s”，不属于所选的“%s”",
                       "%s: '%s' belongs under '%s', not under the chosen '%s'", v,
                       d->choices_keys[j], parent);
            return;
        }
    /* the choices there are, "数量指标、质量指标、…" (the names are Chinese in both
     * languages) */
    size_t len = 1;
    for (size_t i = 0; i < nc; i++)
        len += 2 * strlen(c[i].value) + 3;
    char *all = malloc(len);
    if (all) {
        /* it goes into a format: a '%' in a choice's name is doubled */
        char *o = all;
        for (size_t i = 0; i < nc; i++) {
            if (i) {
                memcpy(o, "、", 3);
                o += 3;
            }
            for (const char *s = c[i].value; *s; s++) {
                if (*s == '%')
                    *o++ = '%';
                *o++ = *s;
            }
        }
        *o = '\0';
    }
    if (all) {
        char *msg_zh = NULL, *msg_en = NULL;
        /* the list goes in as the third figure: the label, the value and the parent first */
        if (asprintf(&msg_zh, "%%s：“%%s”不是“%%s”下的分类（可选：%s）", all) >= 0 &&
            asprintf(&msg_en, "%%s: '%%s' is not a category under '%%s' (choices: %s)", all) >= 0)
            eng_report(n, sev, "field.choice", msg_zh, msg_en, v, parent, NULL);
        free(msg_zh);
        free(msg_en);
    } else {
        eng_report(n, sev, "field.choice", "%s：“%s”不属于所选的“%s”",
                   "%s: '%s' does not belong under the chosen '%s'", v, parent, NULL);
    }
    free(all);
}

static void check_choice(engine *e, inode *n, const char *v)
{
    const fnode *d = n->def;
    (void)e;
    if (d->nchoices && !in_list(d->choices, d->nchoices, v)) {
        report(n, d->choices_open ? SEV_WARNING : SEV_ERROR, "field.choice",
               "%s：“%s”不是可选项", "%s: '%s' is not one of the choices", v);
        return;
    }
    if (d->choices_parent && n->parent) {
        /* the sibling that picks the list */
        inode *p = NULL;
        for (size_t i = 0; i < n->parent->nkids; i++)
            if (n->parent->kids[i]->def == d->choices_parent)
                p = n->parent->kids[i];
        if (!p || p->value.kind != V_STR)
            return;
        for (size_t k = 0; k < d->nchoices_keys; k++)
            if (strcmp(d->choices_keys[k], p->value.str) == 0 &&
                !in_list(d->choices_by[k], d->nchoices_by[k], v)) {
                not_under(n, k, v, p->value.str);
                return;
            }
    }
}

/* ---- numbers ---- */

/* Letters that a hurried clerk types for a digit: "5O" is 50, "1l" is 11. */
static const char *digit_lookalike(const char *u, size_t len)
{
    if (len == 0)
        return NULL;
    switch (u[0]) {
    case 'O': case 'o': return "0";
    case 'l': case 'I': return "1";
    default: return NULL;
    }
}

/* What the range of a field says, in words a clerk can act on: both ends, or "不能为负"
 * when the only end is a lower bound of 0. */
static void report_range(inode *n, dec_t v)
{
    const fnode *d = n->def;
    char lo[DEC_STR_MAX], hi[DEC_STR_MAX], val[DEC_STR_MAX];
    dec_format(v, val);
    if (d->has_min && d->has_max)
        eng_report(n, SEV_ERROR, "field.range", "%s：%s 超出范围（%s 至 %s）",
                   "%s: %s is outside the range %s to %s", val, dec_format(d->min, lo),
                   dec_format(d->max, hi));
    else if (d->has_min && dec_is_zero(d->min))
        eng_report(n, SEV_ERROR, "field.range", "%s：不能为负（%s）", "%s: cannot be negative (%s)",
                   val, NULL, NULL);
    else if (d->has_min)
        eng_report(n, SEV_ERROR, "field.range", "%s：%s 小于最小值 %s", "%s: %s is below the minimum %s",
                   val, dec_format(d->min, lo), NULL);
    else
        eng_report(n, SEV_ERROR, "field.range", "%s：%s 大于最大值 %s", "%s: %s is above the maximum %s",
                   val, dec_format(d->max, hi), NULL);
}

/* Digits before the point of a number as typed (ASCII or full-width, leading zeros and
 * separators not counted): tells "too large" from "too many decimal places". */
static size_t typed_int_digits(const char *t)
{
    size_t n = 0;
    bool lead = true;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        int dgt = -1;
        if (*p >= '0' && *p <= '9')
            dgt = *p - '0';
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
            dgt = p[2] - 0x90, p += 2;          /* ０-９ */
        else if (*p == '.' || (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8E))
            break;                              /* . or ． */
        if (dgt < 0)
            continue;
        if (lead && dgt == 0)
            continue;
        lead = false;
        n++;
    }
    return n;
}

/* "e5", "E-3", "e": what a number written in scientific notation leaves as its unit. */
static bool exponent_like(const char *u, size_t len)
{
    if (len == 0 || (u[0] != 'e' && u[0] != 'E'))
        return false;
    size_t i = 1;
    if (i < len && (u[i] == '+' || u[i] == '-'))
        i++;
    for (; i < len; i++)
        if (u[i] < '0' || u[i] > '9')
            return false;
    return true;
}

static void parse_number(inode *n, const char *text)
{
    const fnode *d = n->def;
    num_value nv;
    size_t epos = 0;
    num_status st = num_parse(text, strlen(text), true, &nv, &epos);
    if (st != NUM_OK) {
        n->input = v_blank(VB_BAD_INPUT);
        if (st == NUM_OVERFLOW && typed_int_digits(text) <= IND_MAX_INT_DIGITS)
            report(n, SEV_ERROR, "field.invalid", "%s：数字“%s”小数位太多",
                   "%s: the number '%s' has too many decimal places", text);
        else if (st == NUM_OVERFLOW)
            report(n, SEV_ERROR, "field.invalid", "%s：数字“%s”太大", "%s: the number '%s' is too large",
                   text);
        else
            report(n, SEV_ERROR, "field.invalid", "%s：“%s”不是数字", "%s: '%s' is not a number",
                   text);
        return;
    }
    dec_t v = nv.value;
    unit_t tu = nv.unit;
    if (ind_int_digits(v) > IND_MAX_INT_DIGITS) {
        /* twenty digits typed for two would give a rate of 10^18 % and full marks */
        n->input = v_blank(VB_BAD_INPUT);
        char lim[16];
        snprintf(lim, sizeof lim, "%d", IND_MAX_INT_DIGITS);
        eng_report(n, SEV_ERROR, "field.invalid", "%s：数字“%s”太大（整数部分最多 %s 位）",
                   "%s: the number '%s' is too large (at most %s digits before the point)", text,
                   lim, NULL);
        return;
    }
    unit_t want = d->unit ? num_unit_lookup(d->unit, strlen(d->unit)) : (unit_t){0};
    if (tu.dim == UNIT_OTHER && want.dim == UNIT_CNY && tu.name_len == 3 &&
        (memcmp(tu.name, "万", 3) == 0 || memcmp(tu.name, "亿", 3) == 0))
        /* "50万" in a 万元 column is how clerks say 50 万元 */
        tu = num_unit_lookup(memcmp(tu.name, "万", 3) == 0 ? "万元" : "亿元", strlen("万元"));
    if (tu.dim == UNIT_OTHER && exponent_like(tu.name, tu.name_len)) {
        n->input = v_blank(VB_BAD_INPUT);
        report(n, SEV_ERROR, "field.invalid",
               "%s：“%s”是科学记数法，请直接写出数字（如 1e5 写作 100000）",
               "%s: '%s' is scientific notation: write the number out (1e5 as 100000)", text);
        return;
    }
    if (tu.dim == UNIT_OTHER && digit_lookalike(tu.name, tu.name_len)) {
        n->input = v_blank(VB_BAD_INPUT);
        char u[8];
        snprintf(u, sizeof u, "%.1s", tu.name);
        eng_report(n, SEV_ERROR, "field.invalid",
                   "%s：“%s”不是数字：“%s”是字母，是否应为数字 %s？",
                   "%s: '%s' is not a number: '%s' is a letter; did you mean the digit %s?", text, u,
                   digit_lookalike(tu.name, tu.name_len));
        return;
    }
    if (d->type == FT_PERCENT) {
        if (tu.dim != UNIT_NONE && tu.dim != UNIT_PERCENT) {
            n->input = v_blank(VB_BAD_INPUT);
            report(n, SEV_ERROR, "field.invalid", "%s：“%s”应为百分数", "%s: '%s' should be a percentage",
                   text);
            return;
        }
        v.scale += 2; /* 99.91% and 99.91 both mean the fraction 0.9991 */
        if (v.scale > DEC_MAX_SCALE)
            v = dec_round(v, DEC_MAX_SCALE);
    } else if (tu.dim != UNIT_NONE) {
        dec_t conv;
        bool same_name = d->unit && tu.name_len == strlen(d->unit) &&
                         memcmp(tu.name, d->unit, tu.name_len) == 0;
        bool score_unit = tu.name_len == 3 && memcmp(tu.name, "分", 3) == 0 &&
                          d->type == FT_DECIMAL;
        if (same_name || score_unit) {
            /* the field's own unit typed out: fine */
        } else if (d->unit && num_convert(v, tu, want, &conv)) {
            v = dec_normalize(conv);
        } else {
            n->input = v_blank(VB_BAD_INPUT);
            char u[64];
            snprintf(u, sizeof u, "%.*s", (int)tu.name_len, tu.name ? tu.name : "");
            if (d->unit)
                report(n, SEV_ERROR, "field.invalid", "%s：单位“%s”与本栏单位不符", "%s: the unit '%s' does not fit this field",
                       u);
            else
                report(n, SEV_ERROR, "field.invalid", "%s：本栏不带单位（“%s”）", "%s: this field takes no unit ('%s')",
                       u);
            return;
        }
    }
    if (d->type == FT_INTEGER) {
        dec_t nz = dec_normalize(v);
        if (nz.scale != 0) {
            n->input = v_blank(VB_BAD_INPUT);
            report(n, SEV_ERROR, "field.invalid", "%s：应为整数（“%s”）", "%s: expected a whole number ('%s')",
                   text);
            return;
        }
        v = nz;
    }
    n->input = v_num(v);
    if ((d->has_min && dec_cmp(v, d->min) < 0) || (d->has_max && dec_cmp(v, d->max) > 0))
        report_range(n, v);
}

void eng_parse_input(engine *e, inode *n, const char *text)
{
    const fnode *d = n->def;
    free(n->norm);
    n->norm = NULL;
    if (!text || blank_text(text)) {
        n->input = v_blank(VB_EMPTY);
        return;
    }
    switch (d->type) {
    case FT_TEXT:
    case FT_PARAGRAPH:
        n->input = v_str(text);
        return;
    case FT_CHOICE:
        n->input = v_str(text);
        check_choice(e, n, text);
        return;
    case FT_DATE: {
        int y, m, dd;
        if (!parse_date(text, &y, &m, &dd)) {
            n->input = v_blank(VB_BAD_INPUT);
            report(n, SEV_ERROR, "field.invalid", "%s：“%s”不是日期（如 2026-04-27）",
                   "%s: '%s' is not a date (e.g. 2026-04-27)", text);
            return;
        }
        if (asprintf(&n->norm, "%04d-%02d-%02d", y, m, dd) < 0)
            n->norm = NULL;
        n->input = n->norm ? v_str(n->norm) : v_str(text);
        return;
    }
    case FT_PHONE:
        if (!valid_phone(text)) {
            n->input = v_blank(VB_BAD_INPUT);
            report(n, SEV_ERROR, "field.invalid", "%s：“%s”不是电话号码", "%s: '%s' is not a phone number",
                   text);
            return;
        }
        n->input = v_str(text);
        return;
    default:
        parse_number(n, text);
        return;
    }
}

/* ---- display ---- */

value_t eng_round_for(const fnode *def, value_t v)
{
    if (v.kind != V_NUM || def->scale < 0)
        return v;
    int s = def->scale + (def->type == FT_PERCENT ? 2 : 0);
    dec_t r;
    if (dec_rescale(v.num, s, &r) != DEC_OK)
        r = dec_round(v.num, s);
    v.num = r;
    return v;
}

char *eng_format_value(const fnode *def, value_t v)
{
    char buf[DEC_STR_MAX + 4];
    switch (v.kind) {
    case V_BLANK:
        return strdup("");
    case V_STR:
        return strdup(v.str ? v.str : "");
    case V_BOOL:
        return strdup(v.b ? "是" : "否");
    case V_NUM:
        break;
    }
    if (def->type == FT_PERCENT) {
        /* the fraction times 100: the same digits with the point two places right */
        dec_t pct = v.num;
        if (pct.scale < 2 && dec_rescale(v.num, 2, &pct) != DEC_OK)
            return strdup("—");
        pct.scale -= 2;
        if (def->scale >= 0)
            dec_format_fixed(pct, def->scale, buf);
        else
            dec_format(dec_normalize(pct), buf);
        strcat(buf, "%");
        return strdup(buf);
    }
    if (def->scale >= 0)
        return strdup(dec_format_fixed(v.num, def->scale, buf));
    return strdup(dec_format(def->compute ? dec_normalize(v.num) : v.num, buf));
}
