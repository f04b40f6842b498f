/* The editor's words in Chinese and English (see tui/i18n.h for why a table, not gettext). */
#include "tui/i18n.h"
#include "core/strfmt.h"

#include "store/smsg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const text_zh[M_COUNT] = {
#define TUI_MSG_ZH(id, zh, en) [id] = zh,
    TUI_MESSAGES(TUI_MSG_ZH)
#undef TUI_MSG_ZH
};
static const char *const text_en[M_COUNT] = {
#define TUI_MSG_EN(id, zh, en) [id] = en,
    TUI_MESSAGES(TUI_MSG_EN)
#undef TUI_MSG_EN
};

/* One language for the whole process: it is chosen once at start-up, like the locale. */
static bool use_english = true;

static bool env_says_chinese(void)
{
    /* The first variable that is set decides, in the order gettext uses them. */
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0;
    }
    return false;
}

void i18n_choose(bool force_english)
{
    use_english = force_english || !env_says_chinese();
    /* the store's messages (a failed save, an export's file) in the same language */
    smsg_use_chinese(!use_english);
}

bool i18n_english(void)
{
    return use_english;
}

const char *tr(msg_id id)
{
    if ((int)id < 0 || id >= M_COUNT)
        return "?";
    return use_english ? text_en[id] : text_zh[id];
}

const char *tr_lang(msg_id id, bool english)
{
    if ((int)id < 0 || id >= M_COUNT)
        return "?";
    return english ? text_en[id] : text_zh[id];
}

/* The format comes from the message table, so the compiler cannot check it: both languages
 * of every message take the same conversions (checked by tests/unit/test_tui_keys.c). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *trf(msg_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    char *s = str_vprintf(tr(id), ap);
    va_end(ap);
    return s;
}
#pragma GCC diagnostic pop

char *tui_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = str_vprintf(fmt, ap);
    va_end(ap);
    return s;
}
