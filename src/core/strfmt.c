/* See core/strfmt.h. */
#include "core/strfmt.h"

#include <stdarg.h>
#include <stdio.h>

char *str_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}
