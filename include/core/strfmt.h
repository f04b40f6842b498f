/* A formatted string in fresh memory, for the messages core builds (a query's or a re-check's
 * reason why an action is refused). */
#ifndef SELFEVAL_CORE_STRFMT_H
#define SELFEVAL_CORE_STRFMT_H

#include <stdarg.h>

/* printf into a new string the caller frees, of the exact size (a message is never cut);
 * NULL when out of memory. */
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same from a va_list, which it uses up (va_copy first to use it again). */
char *str_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
