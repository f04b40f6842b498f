/* The store's messages in English and Chinese (store/smsg.h). */
#include "store/smsg.h"
#include "core/strfmt.h"

#include "store/fileio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const text_en[SM_COUNT] = {
#define STORE_MSG_EN(id, en, zh) [id] = en,
    STORE_MESSAGES(STORE_MSG_EN)
#undef STORE_MSG_EN
};
static const char *const text_zh[SM_COUNT] = {
#define STORE_MSG_ZH(id, en, zh) [id] = zh,
    STORE_MESSAGES(STORE_MSG_ZH)
#undef STORE_MSG_ZH
};

/* Chosen once at start-up by the editor (the command line keeps English). */
static bool use_chinese;

void smsg_use_chinese(bool zh)
{
    use_chinese = zh;
}

bool smsg_chinese(void)
{
    return use_chinese;
}

const char *smsg_lang(smsg_id id, bool zh)
{
    if ((int)id < 0 || id >= SM_COUNT)
        return "?";
    return zh ? text_zh[id] : text_en[id];
}

const char *smsg(smsg_id id)
{
    return smsg_lang(id, use_chinese);
}

/* The format comes from the table, so the compiler cannot check it: both languages of every
 * message take the same conversions (tests/unit/test_smsg.c). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *smsgf(smsg_id id, ...)
{
    va_list ap;
    va_start(ap, id);
    char *s = str_vprintf(smsg(id), ap);
    va_end(ap);
    return s;
}
#pragma GCC diagnostic pop

const char *smsg_errno(int e)
{
    if (!use_chinese)
        return fio_errno_words(e);
    switch (e) {
    case ENOSPC:       return "磁盘已满";
    case EDQUOT:       return "磁盘配额已用完";
    case EROFS:        return "磁盘只读";
    case EACCES:
    case EPERM:        return "没有权限";
    case EIO:          return "磁盘读写出错";
    case ENOENT:       return "文件或文件夹不存在";
    case ENOTDIR:      return "路径中有一部分不是文件夹";
    case EISDIR:       return "这是文件夹，不是文件";
    case ENAMETOOLONG: return "名称太长";
    case ELOOP:        return "符号链接太多";
    case EMFILE:
    case ENFILE:       return "打开的文件太多";
    case ENOMEM:       return "内存不足";
    case EBUSY:
    case ETXTBSY:      return "文件正在使用";
    case EFBIG:        return "文件超出此磁盘允许的大小";
    case EXDEV:        return "文件在另一个磁盘上";
    case ESTALE:       return "网络文件夹已无法访问";
    case EINTR:        return "操作被中断";
    default:           return "操作失败";
    }
}

char *smsg_reason(int e)
{
    if (use_chinese)
        return strdup(smsg_errno(e));
    return fio_strdupf("%s (%s)", fio_errno_words(e), strerror(e));
}
