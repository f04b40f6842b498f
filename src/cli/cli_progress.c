/* See cli/progress.h. */
#include "cli/progress.h"

#include <stdio.h>
#include <unistd.h>

static double secs(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void cli_progress_start(cli_progress *p, const char *cmd)
{
    *p = (cli_progress){.cmd = cmd, .tty = isatty(STDERR_FILENO)};
    clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void cli_progress_step(cli_progress *p, size_t done, size_t total)
{
    if (!p->tty)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (secs(&p->start, &now) < 1.0 || (p->shown && secs(&p->last, &now) < 0.1))
        return;
    p->last = now;
    p->shown = true;
    fprintf(stderr, "\rselfeval %s: %zu of %zu files", p->cmd, done, total);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}
