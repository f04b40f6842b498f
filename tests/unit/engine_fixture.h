/* Shared by the engine tests: load forms from forms/ and drafts from files or text. */
#ifndef SELFEVAL_TEST_ENGINE_FIXTURE_H
#define SELFEVAL_TEST_ENGINE_FIXTURE_H

#include "core/draft.h"
#include "core/engine.h"
#include "core/form.h"

char *fx_slurp(const char *path, size_t *len);
/* form_source_fn reading forms/<id>.json from the repository */
int fx_form_source(void *ctx, const char *id, char **buf, size_t *len, char **file, char **err);
form *fx_load_form(const char *id);
draft *fx_load_draft(const char *path);

typedef struct {
    form *f;
    draft *d;
    engine *e;
} fx_doc;

/* Loads form `form_id` and the draft at `path` (or an empty draft when path is NULL). */
int  fx_open(fx_doc *x, const char *form_id, const char *path);
void fx_close(fx_doc *x);
/* Display text of a path ("" when the path does not exist). */
const char *fx_show(fx_doc *x, const char *path);
/* Sets a field's text; fails the test when the path does not exist. */
void fx_set(fx_doc *x, const char *path, const char *text);
/* Does the draft have a finding with this code on this display path (path NULL: anywhere)?
 * When `needle` is not NULL the Chinese or English message must contain it. */
int fx_has(fx_doc *x, const char *code, const char *path, const char *needle);

#endif
