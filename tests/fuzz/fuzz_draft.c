/* Fuzzing draft_parse: arbitrary bytes must be refused with a message or read as a draft; a
 * draft read must print, read back and print to the same bytes (printing is idempotent and
 * never writes what the parser refuses). Also checks that whatever the strict validator
 * accepts, cJSON parses too (the two must agree, or a checked file would fail to load). */
#include "core/draft.h"
#include "core/json_strict.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    json_strict_limits lim = {DRAFT_MAX_BYTES, DRAFT_MAX_DEPTH};
    json_strict_error e;
    if (json_strict_check(buf, size, &lim, &e) == 0) {
        char *jerr = NULL;
        cJSON *j = json_strict_parse(buf, size, "fuzz", &lim, &jerr);
        if (!j) {
            fprintf(stderr, "validator accepted, json_strict_parse refused: %s\n",
                    jerr ? jerr : "(null)");
            abort();
        }
        cJSON_Delete(j);
    } else {
        free(e.what);
    }

    char *err = NULL;
    draft *d = draft_parse(buf, size, "fuzz", &err);
    if (!d) {
        if (!err || strncmp(err, "fuzz", 4) != 0) {
            fprintf(stderr, "refused without a proper message: %s\n", err ? err : "(null)");
            abort();
        }
        free(err);
        return 0;
    }
    if (err)
        abort();
    size_t l1 = 0, l2 = 0;
    char *p1 = draft_print(d, &l1);
    if (!p1)
        abort();
    draft *d2 = draft_parse(p1, l1, "printed", &err);
    if (!d2) {
        fprintf(stderr, "printed draft refused: %s\n%.*s\n", err ? err : "(null)", (int)l1, p1);
        abort();
    }
    char *p2 = draft_print(d2, &l2);
    if (!p2 || l1 != l2 || memcmp(p1, p2, l1) != 0) {
        fprintf(stderr, "printing is not idempotent:\n%.*s\n----\n%.*s\n", (int)l1, p1,
                (int)l2, p2 ? p2 : "");
        abort();
    }
    free(p1);
    free(p2);
    draft_free(d);
    draft_free(d2);
    return 0;
}
