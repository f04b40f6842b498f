/* What the list screens (sections, findings, help, overview) share: moving the selection,
 * scrolling. */
#include "tui/app.h"

bool list_motion(list_pos *p, action act, size_t page)
{
    size_t n = p->n;
    switch (act) {
    case ACT_LIST_UP:
        if (p->sel > 0)
            p->sel--;
        return true;
    case ACT_LIST_DOWN:
        if (p->sel + 1 < n)
            p->sel++;
        return true;
    case ACT_LIST_PGUP:
        p->sel = p->sel > page ? p->sel - page : 0;
        return true;
    case ACT_LIST_PGDN:
        p->sel = p->sel + page < n ? p->sel + page : (n ? n - 1 : 0);
        return true;
    case ACT_LIST_HOME:
        p->sel = 0;
        return true;
    case ACT_LIST_END:
        p->sel = n ? n - 1 : 0;
        return true;
    default:
        return false;
    }
}

void list_scroll(list_pos *p, size_t height)
{
    if (height == 0)
        height = 1;
    if (p->sel >= p->n)
        p->sel = p->n ? p->n - 1 : 0;
    if (p->sel < p->top)
        p->top = p->sel;
    if (p->sel >= p->top + height)
        p->top = p->sel - height + 1;
}
