/* The report model: everything a checked draft says — its tables (form instances), every
 * field with its typed text, computed figure and typed state, the indicator rows, and every
 * finding — walked once, in document order, through a writer (a struct of callbacks).
 *
 * The walk is pure (no I/O, nothing written); writers decide what to do with what they are
 * given (src/report/: check's text and JSON, summary's CSV and JSON; databases and exports
 * are more writers). docs/writers.md says how to add one.
 *
 * Order of the calls for one draft:
 *   begin_draft
 *     table                        (a form instance: the draft itself, or one of its parts)
 *       field … / indicator …      (document order; an indicator row after its fields)
 *       finding …                  (each right after the field or container it is about)
 *     end_table
 *     …
 *   end_draft
 * A finding about the draft as a whole (or a field outside every table) comes with table NULL.
 * Concatenating every finding in call order gives engine_findings' order.
 *
 * Every pointer handed to a callback is valid during that call only (copy what you keep),
 * except that a rep_draft and what it points to stay valid until end_draft returns, and a
 * rep_table until its end_table returns.
 * A callback left NULL is skipped; a callback returning non-zero stops the walk, which then
 * returns that value (a writer's "the disk is full" reaches its caller). */
#ifndef SELFEVAL_CORE_REPORT_H
#define SELFEVAL_CORE_REPORT_H

#include "core/engine.h"
#include "core/recheck.h"
#include <stdbool.h>
#include <stddef.h>

/* The figures a form declares for summaries (the key "summary" of a form file,
 * docs/form-format.md): where a table's name, budget, execution, total and grade are. */
typedef enum {
    RF_NAME = 0,          /* 项目名称 / 预算部门 */
    RF_BUDGET_INITIAL,    /* 年初预算数 */
    RF_BUDGET_ANNUAL,     /* 全年预算数 */
    RF_EXECUTED,          /* 全年执行数 */
    RF_RATE,              /* 执行率 */
    RF_TOTAL,             /* 总分 */
    RF_GRADE,             /* 等级 */
    RF__COUNT
} rep_figure;

/* The names a form file uses for them ("name", "budget_initial", …); NULL past the end. */
const char *rep_figure_key(rep_figure f);

typedef struct {
    const char *file;          /* the file as named by the user (for messages and rows) */
    const char *sha256;        /* hex digest of the file's bytes; NULL when not computed */
    const engine *e;
    const form *form;          /* the form the draft was checked with */
    const draft *draft;        /* metadata: unit, year, status, modified, author */
    size_t counts[3];          /* findings by severity (index: severity) */
    size_t ntables;            /* how many table calls follow */
} rep_draft;

typedef struct {
    size_t index;              /* 0, 1, … within the draft */
    const inode *inst;         /* the instance: the root, a part, or a row of a repeated part */
    const char *path;          /* display path: "" (the draft is one table), "dept",
                                * "projects[2]" */
    const char *storage_path;  /* "", "dept", "projects.p2" */
    const form *form;          /* the form this table is an instance of (project, …) */
    const inode *figure[RF__COUNT];  /* the declared summary figures; NULL when not declared */
    size_t counts[3];          /* findings inside this table, by severity */
    /* 复核 (core/recheck.h) of the score fields under this table: 自评总分 (the table's total),
     * 复核总分, 偏差 and the re-checked fields. NULL when the draft holds no re-check figure
     * (a table without one of its own then has 复核总分 = 自评总分, 偏差 0.00; has_total false
     * when the table has no total: no 复核总分 shown either) or when its
     * figures cannot be added up. */
    const recheck_totals *recheck;
} rep_table;

typedef struct {
    const inode *n;
    const rep_table *table;    /* NULL: outside every table */
    const char *path;          /* display path "projects[1].indicators[3].score" */
    const char *storage_path;  /* "projects.p1.indicators.r3.score" */
    const fnode *def;          /* type, unit, scale, label (i18n), help */
    const i18n *group_label;   /* the grid row's label when the field sits in one, else NULL */
    const char *row_text;      /* in a table row: the row's first filled text cell (what a
                                * person calls the row), else NULL */
    const char *text;          /* what is stored in the draft ("" when nothing) */
    const char *display;       /* the value that counts, as shown ("—" cannot be computed) */
    const char *rule;          /* computed fields: the rule's figure as shown; else NULL */
    value_t value;             /* the value that counts (numbers exact) */
    bool computed;
    field_state state;
    const char *reason;        /* the override's reason when one counts, else NULL */
    /* computed fields: how the figure was derived (engine_why), in Chinese and English;
     * NULL for inputs */
    const char *why_zh, *why_en;
    const finding_list *findings;   /* this field's own findings (also given to `finding`) */
} rep_field;

/* A row of a table whose score is computed by indicator_score (绩效指标): its parts by what
 * they mean, whatever the form calls its columns. Texts are as stored ("" when blank). */
typedef struct {
    const rep_table *table;
    const inode *row;
    const char *path;          /* display path of the row: "projects[1].indicators[3]" */
    const char *storage_path;  /* "projects.p1.indicators.r3" */
    size_t number;             /* 1-based position in its table */
    const char *level1, *level2, *level3;   /* 一级 / 二级 / 三级指标 */
    const char *target, *actual;            /* 年度指标值 / 实际完成值 */
    const char *weight;        /* 分值 as shown */
    const char *direction, *tier, *na;
    const inode *target_field, *actual_field;   /* their instances (paths for findings);
                                                 * NULL when the row has no such column */
    const rep_field *score;    /* the score field: rule score (rule), typed score (text),
                                * the score that counts (display), state, reason, why */
} rep_indicator;

typedef struct {
    const rep_table *table;    /* NULL: about the draft as a whole */
    const rep_field *field;    /* the field it is about; NULL for a container */
    const finding *f;          /* severity, code, path (display), msg_zh, msg_en */
} rep_finding;

typedef struct report_writer {
    void *ctx;
    int (*begin_draft)(void *ctx, const rep_draft *d);
    int (*table)(void *ctx, const rep_table *t);
    int (*field)(void *ctx, const rep_field *f);
    int (*indicator)(void *ctx, const rep_indicator *r);
    int (*finding)(void *ctx, const rep_finding *f);
    int (*end_table)(void *ctx, const rep_table *t);
    int (*end_draft)(void *ctx, const rep_draft *d);
    /* A file that could not be checked (not read, not parsed, form not installed): no other
     * call is made for it. `message` names the file and says why. */
    int (*draft_error)(void *ctx, const char *file, const char *message);
    /* Not called by the walk: its owner calls it once after the last draft (the report layer's
     * report_writer_close) to end the output (a closing bracket, a database commit), flush
     * and free ctx. 0, or non-zero with *err (malloc'd) saying what failed. */
    int (*close)(void *ctx, char **err);
    /* What this writer never reads (REP_SKIP_*), so that the walk need not make it; 0: the
     * walk makes everything. Leaving something out changes nothing else the writer is given. */
    unsigned skip;
    /* When set: asked about each field before it is made; false: no `field` call for it (its
     * findings still come, with it). A writer that keeps few of the fields spares the walk
     * the paths and derivations of the others. */
    bool (*wants_field)(void *ctx, const inode *n);
} report_writer;

enum {
    REP_SKIP_FIELD_WHY = 1u << 0,  /* `field` calls: why_zh and why_en NULL (an indicator's
                                    * score keeps its own) */
    REP_SKIP_WHY_EN = 1u << 1,     /* why_en NULL wherever it is given */
};

/* Walks a computed engine through the writer. `file` and `sha256` (may be NULL) are passed
 * on in rep_draft. Returns 0, a callback's non-zero value, or -1 when out of memory. */
int report_walk(const engine *e, const char *file, const char *sha256, const report_writer *w);

/* The table (form instance) a node belongs to — the node itself when it is one: the draft's
 * root when its form has sections of its own, a part, or a row of a repeated part. NULL for
 * a node outside every table (a submission's root). The tables report_walk hands to writers
 * are exactly these. */
const inode *report_table_of(const inode *n);

/* Tells the writer a file could not be checked (calls draft_error when set). */
int report_error(const report_writer *w, const char *file, const char *message);

#endif
