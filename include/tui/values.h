/* How field values, findings and labels are shown. */
#ifndef SELFEVAL_TUI_VALUES_H
#define SELFEVAL_TUI_VALUES_H

#include "core/engine.h"
#include "tui/term.h"
#include <stdbool.h>

/* What a field shows when it is not being edited: normalised input, a computed figure at
 * its scale, "—" for a computed figure that cannot be computed, the typed text of a score
 * waiting for its override reason. Never NULL. */
const char *field_shown(const inode *f);
/* A typed score differs from the rule's and has no reason yet (the rule's figure counts until
 * one is given): shown with its own mark, and leaving the field asks for the reason. */
bool field_override_pending(const inode *f);
/* The mark after an overridden value: '*' with a reason, '!' waiting for one, 0 for none. */
char field_override_mark(const inode *f);
/* Worst severity of a field's own findings, -1 when none. */
int field_worst(const inode *f);
/* "错误" / "error" …, and the look of that severity. */
const char *sev_word(int sev);
term_role sev_role(int sev);
/* One character marking a severity in the gutter ('!' error, '?' warning, 'i' notice). */
char sev_mark(int sev);
/* A node's label (section title, field label) in the UI language, its id when it has none. */
const char *node_label(bool english, const inode *n);

#endif
