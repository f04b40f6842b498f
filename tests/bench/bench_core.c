/* Benchmark of the form engine on a large draft (issue 3, "make bench"):
 *
 *   bench_core FORMS_DIR DRAFT.json [REPS]
 *
 * DRAFT is a project draft with many indicator rows (scripts/gen-large-draft.py 2000 FILE).
 * Measured in one run, each the median of REPS repetitions:
 *   cjson_parse       cJSON_ParseWithLengthOpts on the file's bytes: the reference for loading
 *   draft_parse       the strict draft parser (cJSON plus every check of the format)
 *   engine_open       building the instance tree and the rule units, nothing computed yet
 *   engine_new        engine_open and the first full computation (what the editor does)
 *   recompute_all     engine_recompute_all: the full computation alone
 *   load              draft_parse + engine_open, timed as one: loading without the first
 *                     computation (target <= 2 x cjson_parse)
 *   load_total        draft_parse + engine_open + the first computation
 *   set_text          engine_set_text on one row's 实际完成值, as a clerk types digits
 *                     (target <= 1/100 of recompute_all)
 * and the units evaluated (engine_eval_count deltas), which do not depend on the machine.
 * The form is loaded once, before anything is timed (it is loaded once per session too). */
#include "bench.h"
#include "core/draft.h"
#include "core/engine.h"
#include "core/form.h"
#include "store/fileio.h"

#include <cJSON.h>

static const char *g_forms_dir;

static void die(const char *what, char *err)
{
    fprintf(stderr, "bench_core: %s%s%s\n", what, err ? ": " : "", err ? err : "");
    free(err);
    exit(1);
}

/* forms/<id>.json for included forms. */
static int forms_source(void *ctx, const char *form_id, char **buf, size_t *len, char **file,
                        char **err)
{
    (void)ctx;
    char *path = fio_strdupf("%s/%s.json", g_forms_dir, form_id);
    if (!path) {
        *err = strdup("out of memory");
        return -1;
    }
    if (fio_read_all(path, 16u << 20, buf, len, err) != 0) {
        free(path);
        return -1;
    }
    *file = path;
    return 0;
}

static form *load_form(const char *form_id)
{
    char *buf = NULL, *file = NULL, *err = NULL;
    size_t len = 0;
    if (forms_source(NULL, form_id, &buf, &len, &file, &err) != 0)
        die("cannot read the form", err);
    form *f = form_load(buf, len, file, forms_source, NULL, &err);
    free(buf);
    free(file);
    if (!f)
        die("cannot load the form", err);
    return f;
}

/* Depth-first search for the first instance whose form node has this id and kind. */
static inode *find_def(inode *n, const char *id, node_kind kind)
{
    const fnode *d = inode_def(n);
    if (inode_kind(n) == kind && d && d->id && strcmp(d->id, id) == 0)
        return n;
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *hit = find_def(inode_kid(n, i), id, kind);
        if (hit)
            return hit;
    }
    return NULL;
}

/* A row in the middle of the table whose target is a "≥ N unit" count (not 亿元, whose scale
 * makes typed digits score 0): typing digits into its actual moves its score across the whole
 * range, so the total moves with it. */
static inode *pick_row(inode *table)
{
    size_t n = inode_nkids(table);
    for (size_t k = 0; k < n; k++) {
        inode *row = inode_kid(table, (n / 2 + k) % n);
        inode *target = find_def(row, "target", N_FIELD);
        if (target && strncmp(inode_text(target), "\xe2\x89\xa5", 3) == 0 &&   /* ≥ */
            !strstr(inode_text(target), "\xe4\xba\xbf"))                   /* 亿 */
            return row;
    }
    return n ? inode_kid(table, n / 2) : NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_core FORMS_DIR DRAFT.json [REPS]\n");
        return 2;
    }
    g_forms_dir = argv[1];
    const char *path = argv[2];
    int reps = argc > 3 ? atoi(argv[3]) : 11;
    if (reps < 1)
        reps = 1;

    char *buf = NULL, *err = NULL;
    size_t len = 0;
    if (fio_read_all(path, DRAFT_MAX_BYTES, &buf, &len, &err) != 0)
        die("cannot read the draft", err);

    /* The form named by the draft. */
    draft *d0 = draft_parse(buf, len, path, &err);
    if (!d0)
        die("the draft does not load", err);
    uint64_t t0 = bench_now_ns();
    form *f = load_form(d0->form_id);
    uint64_t form_ns = bench_now_ns() - t0;
    draft_free(d0);

    uint64_t *s_cjson = calloc(reps, sizeof *s_cjson), *s_parse = calloc(reps, sizeof *s_parse);
    uint64_t *s_new = calloc(reps, sizeof *s_new), *s_all = calloc(reps, sizeof *s_all);
    uint64_t *s_load = calloc(reps, sizeof *s_load), *s_total = calloc(reps, sizeof *s_total);
    if (!s_cjson || !s_parse || !s_new || !s_all || !s_load || !s_total)
        die("out of memory", NULL);

    size_t units_new = 0, units_all = 0, rows = 0;
    for (int r = 0; r < reps; r++) {
        /* (a) the reference: cJSON alone, same bytes, same strictness flag (cJSON wants the
         * terminating NUL inside the length when it checks for trailing garbage; fio_read_all
         * leaves one after the bytes) */
        const char *end = NULL;
        uint64_t a0 = bench_now_ns();
        cJSON *j = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1);
        uint64_t a1 = bench_now_ns();
        if (!j)
            die("cJSON does not parse the draft", NULL);
        cJSON_Delete(j);

        /* (b) loading: strict parse and the engine's tree, timed as one; then the first
         * computation; then a second one on the same engine (the reference for a change) */
        uint64_t b0 = bench_now_ns();
        draft *d = draft_parse(buf, len, path, &err);
        uint64_t b1 = bench_now_ns();
        if (!d)
            die("the draft does not load", err);
        engine *e = engine_open(f, d, &err);
        uint64_t b2 = bench_now_ns();
        if (!e)
            die("engine_open failed", err);
        engine_recompute_all(e);
        uint64_t b3 = bench_now_ns();
        size_t c0 = engine_eval_count(e);
        engine_recompute_all(e);
        uint64_t b4 = bench_now_ns();
        units_new = c0;
        units_all = engine_eval_count(e) - c0;
        inode *table = find_def(engine_root(e), "indicators", N_TABLE);
        rows = table ? inode_nkids(table) : 0;
        engine_free(e);
        draft_free(d);

        s_cjson[r] = a1 - a0;
        s_parse[r] = b1 - b0;
        s_new[r] = b3 - b1;
        s_all[r] = b4 - b3;
        s_total[r] = b3 - b0;
        s_load[r] = b2 - b0;
    }
    uint64_t m_cjson = bench_median(s_cjson, reps), m_parse = bench_median(s_parse, reps);
    uint64_t m_new = bench_median(s_new, reps);
    uint64_t m_load = bench_median(s_load, reps), m_total = bench_median(s_total, reps);

    /* (c) and (d) on one engine: full recomputations, then keystrokes into one actual */
    draft *d = draft_parse(buf, len, path, &err);
    if (!d)
        die("the draft does not load", err);
    engine *e = engine_new(f, d, &err);
    if (!e)
        die("engine_new failed", err);
    inode *table = find_def(engine_root(e), "indicators", N_TABLE);
    inode *row = table ? pick_row(table) : NULL;
    inode *actual = row ? find_def(row, "actual", N_FIELD) : NULL;
    inode *score = row ? find_def(row, "score", N_FIELD) : NULL;
    inode *total = find_def(engine_root(e), "total", N_FIELD);
    inode *grade = find_def(engine_root(e), "grade", N_FIELD);
    if (!actual)
        die("no indicators table with an 'actual' field in the draft's form", NULL);

    for (int r = 0; r < reps; r++) {
        uint64_t c0 = bench_now_ns();
        engine_recompute_all(e);
        s_all[r] = bench_now_ns() - c0;
    }
    uint64_t m_all2 = bench_median(s_all, reps);

    /* Keystrokes: the clerk types "1", "12", "123", "1234", "12345" and deletes back; each
     * step is one engine_set_text of the whole cell text, as the editor does. */
    char *orig = strdup(inode_text(actual));
    const char *unit = "";
    for (const char *p = orig; *p; p++)        /* keep the unit typed after the digits */
        if ((unsigned char)*p >= 0x80) {
            unit = p;
            break;
        }
    enum { KEYS = 2000 };
    uint64_t *s_key = calloc(KEYS, sizeof *s_key);
    if (!s_key || !orig)
        die("out of memory", NULL);
    static const char *const digits[] = {"1", "12", "123", "1234", "12345", "1234", "123", "12"};
    size_t units_key_sum = 0, values_changed_sum = 0, score_changes = 0, total_changes = 0;
    size_t grade_changes = 0;
    char *prev_score = strdup(score ? inode_display(score) : "");
    char *prev_total = strdup(total ? inode_display(total) : "");
    char *prev_grade = strdup(grade ? inode_display(grade) : "");
    char sample[512] = "";
    for (int k = 0; k < KEYS; k++) {
        char text[64];
        snprintf(text, sizeof text, "%s%s", digits[k % 8], unit);
        eng_change chg = {0};
        size_t u0 = engine_eval_count(e);
        uint64_t k0 = bench_now_ns();
        int rc = engine_set_text(e, actual, text, &chg, &err);
        s_key[k] = bench_now_ns() - k0;
        if (rc != 0)
            die("engine_set_text failed", err);
        units_key_sum += engine_eval_count(e) - u0;
        values_changed_sum += chg.values_changed;
#define CHANGED(node, prev, counter)                                    \
        if (node && strcmp(inode_display(node), prev) != 0) {          \
            counter++;                                                  \
            free(prev);                                                 \
            prev = strdup(inode_display(node));                         \
        }
        CHANGED(score, prev_score, score_changes)
        CHANGED(total, prev_total, total_changes)
        CHANGED(grade, prev_grade, grade_changes)
#undef CHANGED
        if (k < 8) {
            size_t used = strlen(sample);
            snprintf(sample + used, sizeof sample - used, "%s%s->%s/%s/%s", k ? ", " : "", text,
                     score ? inode_display(score) : "?", total ? inode_display(total) : "?",
                     grade ? inode_display(grade) : "?");
        }
    }
    uint64_t m_key = bench_median(s_key, KEYS);
    eng_change chg = {0};
    if (engine_set_text(e, actual, orig, &chg, &err) != 0)
        die("engine_set_text failed", err);

    char note[256];
    printf("# core: %s, %zu bytes, %zu indicator rows, %d repetitions (median)\n", path, len,
           rows, reps);
    bench_line("core.form_load", form_ns, "once per session, not part of loading a draft");
    bench_line("core.cjson_parse", m_cjson, "reference: cJSON_ParseWithLengthOpts alone");
    bench_ratio("core.draft_parse", m_parse, "cjson_parse", m_cjson, 0, 0, NULL);
    bench_line("core.engine_new", m_new, "engine_open + the first full computation");
    bench_ratio("core.load", m_load, "cjson_parse", m_cjson, 2, 1, "2");
    bench_ratio("core.load_total", m_total, "cjson_parse", m_cjson, 0, 0, NULL);
    bench_line("core.recompute_all", m_all2, "reference for one change");
    bench_ratio("core.set_text", m_key, "recompute_all", m_all2, 1, 100, "1/100");
    snprintf(note, sizeof note, "engine_new evaluated %zu", units_new);
    bench_count("core.units_recompute_all", units_all, "units", note);
    size_t units_key = units_key_sum / KEYS;
    char r[32];
    snprintf(note, sizeof note, "ratio %s vs units_recompute_all",
             bench_fmt_ratio(r, sizeof r, units_key, units_all));
    bench_count("core.units_set_text", units_key, "units", note);
    snprintf(note, sizeof note, "mean over %d keystrokes: score changed %zu times, total %zu, "
             "grade %zu", KEYS, score_changes, total_changes, grade_changes);
    printf("core.values_changed_per_key: %zu.%02zu instances  # %s\n", values_changed_sum / KEYS,
           values_changed_sum * 100 / KEYS % 100, note);
    printf("# keystrokes (actual -> score/total/grade): %s\n", sample);

    free(prev_score);
    free(prev_total);
    free(prev_grade);
    free(orig);
    free(s_key);
    engine_free(e);
    draft_free(d);
    form_free(f);
    free(s_cjson);
    free(s_parse);
    free(s_new);
    free(s_all);
    free(s_load);
    free(s_total);
    free(buf);
    return 0;
}
