/* A formatted string in fresh memory, for the messages core builds (a query's or a re-check's
 * reason why an action is refused). */
#ifndef SELFEVAL_CORE_STRFMT_H
#define SELFEVAL_CORE_STRFMT_H

/* printf into a new string the caller frees; NULL when out of memory. */
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
