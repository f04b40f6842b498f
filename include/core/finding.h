/* Findings: what the engine reports about a draft (an error, a warning, a notice).
 * Every finding has a stable code (other tools match on it), the field it is about,
 * and a message in Chinese and English. The list owns all its strings. */
#ifndef SELFEVAL_CORE_FINDING_H
#define SELFEVAL_CORE_FINDING_H

#include <stdarg.h>
#include <stddef.h>

typedef enum { SEV_NOTICE = 0, SEV_WARNING = 1, SEV_ERROR = 2 } severity;

typedef struct {
    severity sev;
    char *code;       /* stable, e.g. "indicator.direction_unconfirmed" */
    char *path;       /* display path of the field, e.g. "indicators[3].score"; may be "" */
    char *msg_zh;
    char *msg_en;
} finding;

typedef struct {
    finding *items;
    size_t len, cap;
} finding_list;

const char *severity_name(severity s);          /* "error" / "warning" / "notice" */

/* Appends a copy of each string. Returns 0, or -1 when out of memory (the list is unchanged). */
int findings_add(finding_list *l, severity sev, const char *code, const char *path,
                 const char *msg_zh, const char *msg_en);
/* printf-style: two formats with the SAME conversions in the same order, one argument list
 * used for both (e.g. "控制率填报为 %s，计算为 %s" / "control rate typed %s, computed %s"). */
int findings_addf(finding_list *l, severity sev, const char *code, const char *path,
                  const char *fmt_zh, const char *fmt_en, ...)
    __attribute__((format(printf, 6, 7)));
/* Moves all findings of src to the end of dst, giving each the path `path` when it has none. */
int findings_take(finding_list *dst, finding_list *src, const char *path);
void findings_clear(finding_list *l);           /* empties, keeps capacity */
void findings_free(finding_list *l);
size_t findings_count(const finding_list *l, severity sev);

#endif
