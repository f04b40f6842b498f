/* libFuzzer target: the form loader on arbitrary bytes. A form file that loads must also bind
 * to an empty draft and compute without crashing; one that does not must come with a message
 * naming a line and a column. Included forms ("parts") are served from a fixed small form, so
 * the fuzzer also walks the include path. A form that loads is also carried over to a new
 * year (core/carry.h). */
#include "core/carry.h"
#include "core/draft.h"
#include "core/engine.h"
#include "core/form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char SUB[] =
    "{\"format\": \"selfeval-form/1\", \"id\": \"sub\", \"version\": \"1\", \"title\": \"S\","
    " \"sections\": [{\"id\": \"s\", \"title\": \"S\", \"items\": ["
    " {\"id\": \"a\", \"type\": \"money\", \"label\": \"A\"},"
    " {\"id\": \"b\", \"type\": \"percent\", \"label\": \"B\", \"compute\": \"a / 10\"}]}]}";

static int source(void *ctx, const char *id, char **buf, size_t *len, char **file, char **err)
{
    (void)ctx;
    if (strcmp(id, "sub") != 0) {
        *err = strdup("no such form");
        return -1;
    }
    *buf = strdup(SUB);
    *len = strlen(SUB);
    *file = strdup("sub.json");
    return *buf && *file ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    form *f = form_load((const char *)data, size, "fuzz.json", source, NULL, &err);
    if (!f) {
        /* every refusal says where */
        if (!err || !strstr(err, "fuzz.json") && !strstr(err, "sub.json") &&
                        !strstr(err, "out of memory"))
            abort();
        free(err);
        return 0;
    }
    draft *d = draft_new(f->id, f->version);
    if (d && form_put_defaults(f->root, d->values) == 0) {
        engine *e = engine_new(f, d, &err);
        if (e) {
            finding_list l = {0};
            engine_findings(e, &l);
            findings_free(&l);
            engine_free(e);
        }
        free(err);
        err = NULL;
        /* last year's draft carried over: a draft of the same form always comes out */
        draft *next = draft_carry_over(f, d, &err);
        if (!next && !(err && strstr(err, "out of memory")))
            abort();
        free(err);
        draft_free(next);
    }
    draft_free(d);
    form_free(f);
    return 0;
}
