/* How values, findings and labels are shown (see tui/values.h). */
#include "tui/values.h"

#include "tui/i18n.h"

#include <string.h>

bool field_override_pending(const inode *f)
{
    /* The engine lets a typed score that differs from the rule's count only once it has a
     * reason; until then the rule's figure counts. */
    return f && inode_state(f) == FS_OVERRIDE_NO_REASON;
}

const char *field_shown(const inode *f)
{
    /* a typed score waiting for its reason shows what was typed (marked), not the rule's
     * figure that counts meanwhile: the clerk must see their own number */
    const char *s = field_override_pending(f) ? inode_text(f) : inode_display(f);
    return s ? s : "";
}

char field_override_mark(const inode *f)
{
    if (inode_state(f) == FS_OVERRIDE)
        return '*';
    return field_override_pending(f) ? '!' : 0;
}

int field_worst(const inode *f)
{
    const finding_list *fl = inode_findings(f);
    int worst = -1;
    for (size_t i = 0; fl && i < fl->len; i++)
        if ((int)fl->items[i].sev > worst)
            worst = (int)fl->items[i].sev;
    return worst;
}

const char *sev_word(int sev)
{
    switch (sev) {
    case SEV_ERROR:   return tr(M_ERROR);
    case SEV_WARNING: return tr(M_WARNING);
    case SEV_NOTICE:  return tr(M_NOTICE);
    default:          return "";
    }
}

term_role sev_role(int sev)
{
    switch (sev) {
    case SEV_ERROR:   return ROLE_ERROR;
    case SEV_WARNING: return ROLE_WARNING;
    case SEV_NOTICE:  return ROLE_NOTICE;
    default:          return ROLE_NORMAL;
    }
}

char sev_mark(int sev)
{
    switch (sev) {
    case SEV_ERROR:   return '!';
    case SEV_WARNING: return '?';
    case SEV_NOTICE:  return 'i';
    default:          return ' ';
    }
}

const char *node_label(bool english, const inode *n)
{
    const fnode *d = inode_def(n);
    const char *s = i18n_get(&d->label, english);
    return s && *s ? s : d->id;
}
