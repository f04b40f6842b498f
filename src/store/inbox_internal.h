/* Inside the inbox (store/inbox.h): making a row from a read draft, comparing rows. */
#ifndef SELFEVAL_STORE_INBOX_INTERNAL_H
#define SELFEVAL_STORE_INBOX_INTERNAL_H

#include "store/batch.h"
#include "store/inbox.h"

/* Fills *r from a read item (its error, or its draft and computed engine): the texts are
 * copied into one block, nothing of the draft is kept. -1 when out of memory. */
int inbox_row_make(inbox_row *r, const batch_item *it);
void inbox_row_clear(inbox_row *r);

/* Orders a and b by one column: < 0, 0, > 0. Blank values come last in either direction. */
int inbox_row_cmp(const inbox_row *a, const inbox_row *b, inbox_col c, bool descending);

/* The filter holds for r. */
bool inbox_row_matches(const inbox_row *r, const inbox_filter *f);

#endif
