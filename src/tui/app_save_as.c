/* Save as (Alt-w): the draft saved under another name, which becomes the one edited (its lock
 * and journal move with it: store/doc.h doc_save_as). Asked from the key, from a failed save
 * (the folder went away) and from the quit question when the journal cannot keep the
 * changes; what the save was for (quitting) goes on once it is done. */
#include "tui/app.h"
#include "tui/dialog.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    int (*then)(app *a, void *ctx);
    void *ctx;
    void (*ctx_free)(void *ctx);
} save_as_ctx;

static void save_as_ctx_free(void *p)
{
    save_as_ctx *c = p;
    if (!c)
        return;
    if (c->ctx)
        (c->ctx_free ? c->ctx_free : free)(c->ctx);
    free(c);
}

static int name_given(app *a, void *ctx, int answer, const char *text)
{
    save_as_ctx *c = ctx;
    if (answer != 1 || !text || !*text || !a->d)
        return CH_DRAW;
    char *err = NULL;
    if (doc_save_as(a->d, text, &err) != 0) {
        char *m = tui_asprintf("%s\n\n%s", err ? err : tr(M_OUT_OF_MEMORY),
                               tr(M_SAVE_FAILED_KEPT));
        int f = dialog_message(a, tr(M_SAVE_AS_FAILED), m ? m : tr(M_SAVE_AS_FAILED));
        free(m);
        free(err);
        return f;
    }
    /* the new file is the document's: editable (a read-only draft saved as a copy), saved,
     * its journal fresh */
    a->readonly = false;
    a->never_saved = false;
    free(a->lock_note);
    a->lock_note = NULL;
    free(a->journal_problem);
    a->journal_problem = NULL;
    char *m = trf(M_SAVED_AS, doc_path(a->d));
    if (m) {
        app_message(a, false, "%s", m);
        free(m);
    }
    if (c && c->then)
        return CH_DRAW | c->then(a, c->ctx);
    return CH_DRAW;
}

int app_save_as_then(app *a, int (*then)(app *a, void *ctx), void *ctx,
                     void (*ctx_free)(void *ctx))
{
    save_as_ctx *c = calloc(1, sizeof *c);
    if (!c || !a->d) {
        if (ctx)
            (ctx_free ? ctx_free : free)(ctx);
        free(c);
        if (a->d)
            app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    c->then = then;
    c->ctx = ctx;
    c->ctx_free = ctx_free;
    if (a->review) {
        /* refused whatever the name (the store says why): no name to ask */
        char *err = NULL;
        (void)doc_save_as(a->d, "", &err);
        save_as_ctx_free(c);
        int f = dialog_message(a, tr(M_SAVE_AS_FAILED), err ? err : tr(M_SAVE_AS_FAILED));
        free(err);
        return f;
    }
    return dialog_prompt(a, tr(M_SAVE_AS_T), tr(M_SAVE_AS_Q), doc_path(a->d),
                         (dialog_then){name_given, c, save_as_ctx_free});
}

int app_save_as(app *a)
{
    return a->d ? app_save_as_then(a, NULL, NULL, NULL) : CH_NONE;
}

char *app_save_as_hint(const app *a)
{
    const key_ctx chain[] = {KC_APP};
    char k[32];
    const char *key = keys_first(chain, 1, ACT_SAVE_AS, false, k);
    (void)a;
    return key ? trf(M_SAVE_AS_HINT, key) : NULL;
}
