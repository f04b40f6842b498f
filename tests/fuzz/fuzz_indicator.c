/* libFuzzer target for core/indicator (ind_parse, ind_score) and exec_rate_score.
 *
 * Input layout: one control byte, then up to five fields separated by '\n':
 *   target \n actual \n weight \n level2 \n tier
 * The control byte picks the settings and the row's flags (reverse rule, clerk direction,
 * 不适用 mark, over-completion threshold), so one corpus explores them all.
 *
 * Invariants checked on every input:
 *  - ind_parse's text span lies inside the input and holds no leading/trailing ASCII space;
 *    a number carries a value; anything else carries no comparator;
 *  - ind_score returns 0 (no allocation failure here) and lo <= hi;
 *  - a scored row is applicable and 0 <= score <= weight, lo <= score <= hi;
 *  - an applicable row with a weight >= 0 has 0 <= lo and hi <= weight;
 *  - a row that is not applicable is not scored;
 *  - every finding has a code and two non-empty messages;
 *  - exec_rate_score with the first two numbers: score within [0, weight] when it succeeds,
 *    DEC_DIV_ZERO exactly when the budget is zero.
 */
#include "core/indicator.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond))                                                                       \
            abort();                                                                       \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* NUL-terminated copy of a field (ind_input takes C strings). */
static char *field(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static void check_parse(const char *s, size_t len)
{
    ind_value v;
    ind_parse(s, len, &v);
    CHECK(v.text != NULL);
    CHECK(v.text >= s && v.text + v.text_len <= s + len);
    if (v.text_len > 0) {
        CHECK(v.text[0] != ' ' && v.text[v.text_len - 1] != ' ');
    }
    CHECK(v.kind != IND_EMPTY || v.text_len == 0);
    if (v.kind != IND_NUMBER)
        CHECK(v.cmp == CMP_NONE);
}

static void check_findings(const finding_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        const finding *f = &l->items[i];
        CHECK(f->code && f->code[0]);
        CHECK(f->msg_zh && f->msg_zh[0]);
        CHECK(f->msg_en && f->msg_en[0]);
        CHECK(f->path);
        CHECK(f->sev == SEV_NOTICE || f->sev == SEV_WARNING || f->sev == SEV_ERROR);
    }
}

static void check_exec_rate(const char *a, const char *b)
{
    num_value bv, ev;
    if (num_parse(a, strlen(a), true, &bv, NULL) != NUM_OK)
        return;
    if (num_parse(b, strlen(b), true, &ev, NULL) != NUM_OK)
        return;
    dec_t w = dec_from_int(10), rate, score;
    dec_status st = exec_rate_score(w, bv.value, ev.value, 4, &rate, &score);
    if (dec_is_zero(bv.value))
        CHECK(st == DEC_DIV_ZERO);
    if (st == DEC_OK) {
        CHECK(dec_sign(score) >= 0);
        CHECK(dec_cmp(score, w) <= 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t ctl = data[0];
    data++;
    size--;

    char *f[5] = {NULL, NULL, NULL, NULL, NULL};
    size_t start = 0, k = 0;
    for (size_t i = 0; i <= size && k < 5; i++) {
        if (i == size || data[i] == '\n') {
            f[k++] = field(data + start, i - start);
            start = i + 1;
        }
    }
    for (; k < 5; k++)
        f[k] = field(data, 0);

    for (int i = 0; i < 5; i++)
        check_parse(f[i], strlen(f[i]));

    ind_settings set;
    ind_settings_default(&set);
    set.reverse = (ctl & 1) ? REVERSE_LINEAR : REVERSE_RATIO;
    if (ctl & 0x40)
        set.overcompletion = dec_from_int(1);

    ind_input in;
    memset(&in, 0, sizeof in);
    in.level1 = (ctl & 0x20) ? "成本指标" : "产出指标";
    in.level2 = f[3];
    in.level3 = "指标";
    in.target = f[0];
    in.actual = f[1];
    in.direction = (ind_dir)((ctl >> 1) & 3);
    in.na = (ctl & 0x08) != 0 && (ctl & 0x10) != 0;
    in.tier = f[4][0] ? f[4] : NULL;
    num_value wv;
    if (num_parse(f[2], strlen(f[2]), false, &wv, NULL) == NUM_OK) {
        in.has_weight = true;
        in.weight = wv.value;
    }

    finding_list notes = {0};
    ind_result r;
    CHECK(ind_score(&set, &in, &r, &notes) == 0);
    CHECK(dec_cmp(r.lo, r.hi) <= 0);
    if (r.scored) {
        CHECK(r.applicable);
        CHECK(in.has_weight);
        CHECK(dec_sign(r.score) >= 0);
        CHECK(dec_cmp(r.score, in.weight) <= 0);
        CHECK(dec_cmp(r.lo, r.score) <= 0 && dec_cmp(r.score, r.hi) <= 0);
        CHECK(r.below_weight == (dec_cmp(r.score, in.weight) < 0));
    }
    if (r.applicable && in.has_weight && dec_sign(in.weight) >= 0) {
        CHECK(dec_sign(r.lo) >= 0);
        CHECK(dec_cmp(r.hi, in.weight) <= 0);
    }
    if (!r.applicable)
        CHECK(!r.scored);
    check_findings(&notes);
    findings_free(&notes);

    check_exec_rate(f[0], f[1]);

    for (int i = 0; i < 5; i++)
        free(f[i]);
    return 0;
}
