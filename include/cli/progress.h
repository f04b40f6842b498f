/* The progress line of a command that reads many files: "selfeval summary: 12 of 10000 files"
 * on standard error, only when it is a terminal and once the work has taken a second, at most
 * ten times a second; erased at the end so messages and the prompt start on a clean line. */
#ifndef SELFEVAL_CLI_PROGRESS_H
#define SELFEVAL_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct {
    const char *cmd;           /* "summary", "review" */
    bool tty, shown;
    struct timespec start, last;
} cli_progress;

/* Starts the clock; the line shows only when standard error is a terminal. */
void cli_progress_start(cli_progress *p, const char *cmd);
/* done of total files. */
void cli_progress_step(cli_progress *p, size_t done, size_t total);
/* Erases the line when it is shown (before a message, and at the end); a later step may show
 * it again. */
void cli_progress_end(cli_progress *p);

#endif
