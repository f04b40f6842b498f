/* What the subcommands share: messages to stderr, option parsing, a text buffer. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_english_from_env(void)
{
    /* POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG; the first non-empty one decides. */
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) != 0;
    }
    return false;   /* nothing set: the forms' own language */
}

/* Messages name files and quote drafts, forms, locks and journals: their text is shown with
 * control characters and bidi overrides made visible, never sent to the terminal raw. */
static void vmsg(const char *fmt, va_list ap)
{
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    sbuf b = {0};
    if (m)
        sb_add_visible_n(&b, m, strlen(m), true);
    fputs("selfeval: ", stderr);
    fputs(b.s && !b.oom ? b.s : m ? "(a message that cannot be shown)" : "out of memory", stderr);
    fputc('\n', stderr);
    sb_free(&b);
    free(m);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    fputs("Try 'selfeval --help' for the commands and their options.\n", stderr);
    return CLI_BAD_INPUT;
}

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    return CLI_BAD_INPUT;
}

void cli_note_recovered(const char *command, char *const *paths, size_t n)
{
    if (!n)
        return;
    char *m = NULL;
    if (asprintf(&m, "%s: left out %zu recovered cop%s (%s%s): written by \"Keep both\" when a "
                 "session's unsaved changes were recovered, %s not a submission; compare it with "
                 "its draft, keep what is right there, then delete it (named on its own, a copy "
                 "is read)", command, n, n == 1 ? "y" : "ies", paths[0], n > 1 ? ", …" : "",
                 n == 1 ? "it is" : "each is") < 0)
        m = NULL;
    cli_fail("%s", m ? m : "left out recovered copies (out of memory)");
    free(m);
}

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error("option %s needs a value", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

int cli_jobs_option(int argc, char **argv, int *i, int *jobs)
{
    const char *a = argv[*i], *v = NULL;
    int r = 0;
    if (strcmp(a, "-j") == 0) {
        if (*i + 1 >= argc) {
            cli_usage_error("option -j needs a number (of drafts checked at once)");
            return -1;
        }
        v = argv[++*i];
    } else if (strncmp(a, "-j", 2) == 0) {
        v = a + 2;
    } else if ((r = cli_opt_value(argc, argv, i, "--jobs", &v)) <= 0) {
        return r;
    }
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < 1 || n > 1024) {
        cli_usage_error("-j takes a whole number from 1 to 1024, not '%s'", v);
        return -1;
    }
    *jobs = (int)n;
    return 1;
}

int cli_last_option(int argc, char **argv, int *i, const char *command, const char **last,
                    size_t *n)
{
    const char *a = argv[*i];
    if (strncmp(a, "--last", 6) != 0 || (a[6] != '\0' && a[6] != '='))
        return 0;
    const char *v = a[6] == '=' ? a + 7 : *i + 1 < argc ? argv[++*i] : "";
    if (!*v) {
        cli_usage_error("%s: --last needs last year's draft, a file (selfeval %s --last "
                        "LAST.json ...)", command, command);
        return -1;
    }
    last[(*n)++] = v;
    return 1;
}

int cli_unknown_option(const char *command, const char *arg)
{
    if (command)
        return cli_usage_error("unknown option '%s' for '%s'", arg, command);
    return cli_usage_error("unknown option '%s'", arg);
}

int sb_write_stdout(sbuf *b)
{
    if (b->oom) {
        cli_fail("out of memory while building the report");
        return -1;
    }
    if (b->len && fwrite(b->s, 1, b->len, stdout) != b->len) {
        cli_fail("cannot write the report to standard output");
        return -1;
    }
    if (fflush(stdout) != 0) {
        cli_fail("cannot write the report to standard output");
        return -1;
    }
    return 0;
}

int cli_width(const char *s)
{
    return sb_width(s);
}
