/* What the list screens (sections, findings, help) share: moving the selection, scrolling. */
#include "tui/app.h"

bool list_motion(app *a, action act, size_t page)
{
    size_t n = a->list_n;
    switch (act) {
    case ACT_LIST_UP:
        if (a->list_sel > 0)
            a->list_sel--;
        return true;
    case ACT_LIST_DOWN:
        if (a->list_sel + 1 < n)
            a->list_sel++;
        return true;
    case ACT_LIST_PGUP:
        a->list_sel = a->list_sel > page ? a->list_sel - page : 0;
        return true;
    case ACT_LIST_PGDN:
        a->list_sel = a->list_sel + page < n ? a->list_sel + page : (n ? n - 1 : 0);
        return true;
    case ACT_LIST_HOME:
        a->list_sel = 0;
        return true;
    case ACT_LIST_END:
        a->list_sel = n ? n - 1 : 0;
        return true;
    default:
        return false;
    }
}

void list_scroll(app *a, size_t height)
{
    if (height == 0)
        height = 1;
    if (a->list_sel >= a->list_n)
        a->list_sel = a->list_n ? a->list_n - 1 : 0;
    if (a->list_sel < a->list_top)
        a->list_top = a->list_sel;
    if (a->list_sel >= a->list_top + height)
        a->list_top = a->list_sel - height + 1;
}

void list_close(app *a)
{
    a->mode = a->list_return == SCR_PARA && a->para_ok ? SCR_PARA : SCR_SECTION;
}
