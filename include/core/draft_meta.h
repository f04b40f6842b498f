/* The draft's unit and year (meta.unit, meta.year: docs/draft-format.md) and the fields a form
 * binds to them ("meta": "unit" / "year": docs/form-format.md).
 *
 * One rule for every output (the editor's title bar, export headings, summary, collect, the
 * reviewer's list, red flags): what the clerk typed in the bound field is the truth when it is
 * filled; meta is kept equal to it (the engine syncs it when it opens a draft and after each
 * edit of a bound field, so a save writes it and tools reading meta stay right); a blank field
 * leaves meta as it was. */
#ifndef SELFEVAL_CORE_DRAFT_META_H
#define SELFEVAL_CORE_DRAFT_META_H

#include "core/draft.h"
#include "core/engine.h"
#include "core/form.h"
#include <stdbool.h>

/* The draft's unit (FORM_META_UNIT) or year (FORM_META_YEAR): the text of the first filled
 * field bound to it, in the form's order, trimmed of white space — fields inside repeated
 * parts are their instance's own, not the draft's (a submission's year is its cover's, not a
 * project table's) — else meta.unit / meta.year, else "". Malloc'd; NULL only when out of
 * memory. */
char *draft_meta_value(const form *f, const draft *d, form_meta k);

/* Makes meta.unit and meta.year what draft_meta_value gives. 0, or -1 when out of memory
 * (meta as it was). *changed (may be NULL) says whether either changed. */
int draft_meta_sync(const form *f, draft *d, bool *changed);

/* The unit or year of one instance (the root, a part, an instance of a repeated part): the
 * first filled field bound to it below `scope`, outside tables and other repeated parts; else
 * the draft's (draft_meta_value). A project table of a submission prints its own 年度 in its
 * heading, the submission's when that is blank. Malloc'd; NULL only when out of memory. */
char *engine_meta_value(const engine *e, const inode *scope, form_meta k);

/* What `check` says of a file whose meta.unit / meta.year differed from its bound fields when
 * it was opened (an old file, another tool's): one notice per key, code "draft.meta_stale",
 * on the bound field, naming both values ("封面的年度 2026 与草稿记录的年度 2025 不同…").
 * Appended to out; 0, or -1 when out of memory. */
int draft_meta_findings(const engine *e, finding_list *out);

#endif
