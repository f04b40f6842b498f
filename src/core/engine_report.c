/* Findings about one field, in both languages, each with the field's label in its own
 * language (findings_addf would give both messages the same arguments). */
#include "engine_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void eng_report(inode *n, severity sev, const char *code, const char *fmt_zh, const char *fmt_en,
                const char *a, const char *b, const char *c)
{
    /* a column the form's table does not print: the clerk can neither see nor fix it */
    if (n->def->hidden)
        return;
    char *path = inode_display_path(n), *zh = NULL, *en = NULL;
    const char *lz = i18n_get(&n->def->label, false), *le = i18n_get(&n->def->label, true);
    if (asprintf(&zh, fmt_zh, lz, a ? a : "", b ? b : "", c ? c : "") < 0)
        zh = NULL;
    if (asprintf(&en, fmt_en, le, a ? a : "", b ? b : "", c ? c : "") < 0)
        en = NULL;
    /* out of memory: findings_add reports it by failing; the field keeps its other findings */
    if (path && zh && en)
        findings_add(&n->checks, sev, code, path, zh, en);
    free(path);
    free(zh);
    free(en);
}
