/* The width of a character as curses counts it.
 *
 * ncursesw asks the C library's wcwidth how many cells a character takes, and glibc says 1
 * for East Asian "ambiguous" characters (≥ ≤ “ ” ① ×). A terminal in CJK mode draws them 2
 * wide, so curses would believe the cursor one column left of where the terminal put it, and
 * everything after a ≥ on that line would be drawn in the wrong cells.
 *
 * This program defines wcwidth itself; the dynamic linker binds the curses library's calls to
 * this definition (an executable's symbols come first). It gives exactly the widths core/text.c
 * uses for the layout (libunistring's, ambiguous characters per the chosen mode), so what the
 * layout measures and what curses draws can never disagree. */
#include "tui/term.h"

#include <uniwidth.h>
#include <wchar.h>

static ambi_mode curses_ambi = AMBI_NARROW;

void ambiwidth_set(ambi_mode am)
{
    curses_ambi = am;
}

int wcwidth(wchar_t c)
{
    if (c == 0)
        return 0;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return -1;
    int w = uc_width((ucs4_t)c, "UTF-8");
    if (w == 1 && curses_ambi == AMBI_WIDE && txt_is_ambiguous((unsigned int)c))
        return 2;
    return w;
}
