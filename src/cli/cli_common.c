/* What the subcommands share: messages to stderr, option parsing, a text buffer. */
#include "cli/cli.h"
#include "core/text.h"

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

static void vmsg(const char *fmt, va_list ap)
{
    fputs("selfeval: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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

int cli_unknown_option(const char *command, const char *arg)
{
    if (command)
        return cli_usage_error("unknown option '%s' for '%s'", arg, command);
    return cli_usage_error("unknown option '%s'", arg);
}

/* ---- text buffer ---- */

static bool sb_reserve(sbuf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = true;
            return false;
        }
        cap *= 2;
    }
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = true;
        return false;
    }
    b->s = s;
    b->cap = cap;
    return true;
}

void sb_addn(sbuf *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_add(sbuf *b, const char *s)
{
    sb_addn(b, s, strlen(s));
}

void sb_addf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = true;
        return;
    }
    if (!sb_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sb_pad(sbuf *b, int used, int width)
{
    int n = width - used;
    if (n < 1)
        n = 1;
    for (int k = 0; k < n; k++)
        sb_addn(b, " ", 1);
}

void sb_json_str(sbuf *b, const char *s)
{
    if (!s) {
        sb_add(b, "null");
        return;
    }
    sb_addn(b, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        const char *esc = NULL;
        char u[8];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20 || c == 0x7f) {
            snprintf(u, sizeof u, "\\u%04x", c);
            esc = u;
        }
        if (esc) {
            sb_addn(b, run, (size_t)(p - run));
            sb_add(b, esc);
            run = p + 1;
        }
    }
    sb_add(b, run);
    sb_addn(b, "\"", 1);
}

void sb_free(sbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = false;
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
    return txt_width(s, strlen(s), AMBI_NARROW);
}
