/* What the headless review commands share (cmd_query.c, cmd_recheck.c): options, messages,
 * saving. */
#ifndef SELFEVAL_CLI_CLI_REVIEW_H
#define SELFEVAL_CLI_CLI_REVIEW_H

#include "store/doc.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    CRO_TEXT = 1u << 0, CRO_BY = 1u << 1, CRO_SCORE = 1u << 2, CRO_ACTUAL = 1u << 3,
    CRO_REASON = 1u << 4, CRO_CLEAR = 1u << 5, CRO_OPEN = 1u << 6
};

typedef struct {
    const char *pos[3];
    size_t npos;
    const char *text, *by, *score, *actual, *reason;
    bool clear, open_only;
} cli_review_opts;

/* The options in `allow` and exactly `npos` arguments (`what` names them for the message).
 * 0, or the exit status (message printed). */
int cli_review_parse(const char *cmd, int argc, char **argv, unsigned allow, size_t npos,
                     const char *what, cli_review_opts *o);
/* "selfeval: MSG" (made visible) on stderr; returns CLI_BAD_INPUT. */
int cli_review_fail(const char *msg);
/* Saves and closes the document: rc_ok, or CLI_BAD_INPUT with the message. */
int cli_review_save(doc *d, int rc_ok);

#endif
