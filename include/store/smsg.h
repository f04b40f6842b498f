/* The store's messages that a clerk meets in the editor (saving, writing a file beside the
 * draft, an export's file), in English and Chinese side by side: one place per message.
 *
 * English is the default and what the command line prints; the editor switches the whole
 * process to Chinese when its own words are Chinese (tui/i18n.c), as it chooses its language
 * once at start-up. Layers above the store (export) use the same table. */
#ifndef SELFEVAL_STORE_SMSG_H
#define SELFEVAL_STORE_SMSG_H

#include <stdbool.h>

/* X(id, en, zh). Both texts of a message take the same printf conversions in the same order
 * (tests/unit/test_smsg.c checks it). The English texts are the command line's, unchanged. */
#define STORE_MESSAGES(X) \
    X(SM_CANNOT_SAVE,      "cannot save %s: ", "无法保存 %s：") \
    X(SM_SAVE_NO_NAME,     "cannot save: no file name was given", "无法保存：没有给出文件名") \
    X(SM_SAVE_NO_FOLDER,   "cannot save %s: the folder %s does not exist", \
                           "无法保存 %s：文件夹 %s 不存在（已被删除、移走，或网络盘已断开）") \
    X(SM_SAVE_OOM,         "cannot save %s: out of memory", "无法保存 %s：内存不足") \
    X(SM_SAVE_TOO_BIG,     "cannot save %s: it would be %zu MB, over the %u MB a draft may have " \
                           "(it could not be opened again); shorten the longest texts", \
                           "无法保存 %s：文件将有 %zu MB，超过草稿允许的 %u MB（保存后将无法再打开）；" \
                           "请缩短最长的文字") \
    X(SM_STEP_NOT_REGULAR, "it is not a regular file", "它不是普通文件") \
    X(SM_STEP_WRITE_DIR,   "cannot write in the folder %s: ", "不能在文件夹 %s 中写入：") \
    X(SM_STEP_NO_TEMP,     "cannot find a free temporary name in the folder", \
                           "文件夹中找不到可用的临时文件名") \
    X(SM_STEP_BACKUP,      "cannot keep the previous version as %s~: ", "无法把上一版保留为 %s~：") \
    X(SM_STEP_REPLACE,     "cannot replace the old version: ", "无法替换旧版本：") \
    X(SM_STEP_UNCONFIRMED, "the disk did not confirm the save: ", "磁盘没有确认保存：") \
    X(SM_TAIL_UNCHANGED,   "; the file on disk is unchanged", "；磁盘上的文件没有改变") \
    X(SM_TAIL_NOT_CREATED, "; no file was created", "；没有创建文件") \
    X(SM_TAIL_PUT_BACK,    "; the previous version was put back, save again", \
                           "；已换回上一版，请再保存一次") \
    X(SM_TAIL_MAYBE,       "; the new version is in place but may not be stored safely, save again", \
                           "；新版本已写入，但可能没有安全存盘，请再保存一次") \
    X(SM_DOC_READONLY,     "%s is open read-only: save it under another name", \
                           "%s 以只读方式打开：请另存为其他文件") \
    X(SM_DOC_PENDING,      "%s: unsaved changes from an interrupted session are waiting: " \
                           "recover or set them aside before saving", \
                           "%s：上次中断的编辑留下的未保存修改还在等待处理：保存前请先恢复或放到一旁") \
    X(SM_DOC_CHANGED,      "%s changed since you opened it (%s); reload it first", \
                           "%s 在你打开之后被改过（%s）；请先重新读取它") \
    X(SM_HOW_REMOVED,      "it was removed", "文件已被删除") \
    X(SM_HOW_SAVED_AGAIN,  "saved again at %s", "已于 %s 再次保存") \
    X(SM_HOW_OTHER_PROGRAM, "changed by another program", "被其他程序改过") \
    X(SM_HOW_UNREADABLE,   "it is no longer a draft that can be read", "它已不是可以读取的草稿") \
    X(SM_WRITE_FAILED,     "cannot write %s: %s", \
                           "无法写入 %s：%s。请换一个存在且可写的位置") \
    X(SM_WRITE_FAILED_ONLY, "cannot write %s", "无法写入 %s。请换一个存在且可写的位置") \
    X(SM_ASIDE_FAILED,     "cannot move %s aside to %s: %s", "无法把 %s 移到一旁（%s）：%s") \
    X(SM_ASIDE_TOO_MANY,   "cannot move %s aside: too many older copies", \
                           "无法把 %s 移到一旁：旧的副本太多，请先清理") \
    X(SM_COPY_FAILED,      "cannot keep a copy of %s as %s: %s", "无法把 %s 复制为 %s：%s") \
    X(SM_COPY_TOO_MANY,    "cannot keep a copy of %s: too many older copies", \
                           "无法保留 %s 的副本：旧的副本太多，请先清理") \
    X(SM_RECOVERED_TOO_MANY, "cannot write a recovered copy of %s: too many older copies", \
                           "无法写出 %s 的恢复副本：旧的副本太多，请先清理") \
    X(SM_RECORD_INVALID,   "%s: record %zu cannot be applied: %s. Nothing was applied " \
                           "and the journal is kept as it is", \
                           "%s：第 %zu 条记录无法应用（%s）。什么都没有应用，日志原样保留") \
    X(SM_RECOVERED_BROKEN, "%s: the recovered draft would not open again (%s). Nothing " \
                           "was applied and the journal is kept as it is", \
                           "%s：恢复后的草稿将无法再打开（%s）。什么都没有应用，日志原样保留") \
    X(SM_NOTHING_WAITING,  "%s: no unsaved changes are waiting", "%s：没有等待恢复的修改") \
    X(SM_RECOVER_RO,       "%s is open read-only: recover it where it is edited", \
                           "%s 以只读方式打开：请在编辑它的地方恢复") \
    X(SM_LOCK_CREATE,      "cannot create the lock file %s: %s", "无法创建编辑锁文件 %s：%s") \
    X(SM_LOCK_GARBLED,     "the lock file %s cannot be understood, so someone may be editing " \
                           "this draft; it opens read-only. If you are sure nobody is, delete " \
                           "that file.", \
                           "编辑锁文件 %s 无法识别，可能有人正在编辑此草稿，现以只读方式打开。" \
                           "如确定没有人在编辑，请删除该文件。") \
    X(SM_LOCK_STALE,       "cannot replace the stale lock %s: %s", "无法替换过期的编辑锁 %s：%s") \
    X(SM_LOCK_HOLDER,      "%s@%s (pid %ld, since %s)", "%s@%s（进程 %ld，自 %s 起）") \
    X(SM_LOCK_HOLDER_BAD,  "%s (the lock file cannot be understood; it dates from %s)", \
                           "%s（编辑锁文件无法识别；建于 %s）") \
    X(SM_UNKNOWN_TIME,     "an unknown time", "未知时间") \
    X(SM_JR_START,         "cannot start the journal %s: %s", "无法建立日志 %s：%s") \
    X(SM_JR_START_OOM,     "cannot start the journal for %s: out of memory", \
                           "无法为 %s 建立日志：内存不足") \
    X(SM_JR_DAMAGED,       "the journal %s is damaged and no longer records changes; save the " \
                           "draft now", "日志 %s 已损坏，不再记录修改；请立即保存草稿") \
    X(SM_JR_RECORD_OOM,    "cannot record the change: out of memory", "未保存的修改无法写入日志：内存不足") \
    X(SM_JR_RECORD,        "cannot record the change in the journal: %s%s", \
                           "未保存的修改无法写入日志：%s%s") \
    X(SM_JR_SAVE_NOW,      "; save the draft now", "；请立即保存草稿") \
    X(SM_JR_SYNC,          "the journal %s could not be stored on disk: %s; save the draft to " \
                           "keep your changes safe", \
                           "日志 %s 无法写入磁盘：%s；请保存草稿，以免修改丢失") \
    X(SM_JR_RESTART,       "the journal cannot be restarted", "日志无法重新建立") \
    X(SM_JR_CANNOT_WRITE,  "the journal cannot be written: save your work", \
                           "未保存的修改无法写入日志：请保存你的修改") \
    X(SM_JR_OOM_SAVE,      "out of memory: a change could not be journaled; save your work", \
                           "内存不足：有一项修改没能写入日志；请保存你的修改") \
    X(SM_JR_OOM,           "out of memory: a change could not be journaled", \
                           "内存不足：有一项修改没能写入日志") \
    X(SM_JR_CANNOT_SYNC,   "cannot sync the journal", "日志无法写入磁盘") \
    X(SM_SAVE_AS_EXISTS,   "%s exists already: choose another name (a draft is never replaced " \
                           "by save-as)", "%s 已存在：请换一个文件名（另存为不会替换已有的文件）") \
    X(SM_SAVE_AS_LOCKED,   "%s is being edited by %s: choose another name", \
                           "%s 正由 %s 编辑：请换一个文件名") \
    X(SM_SAVE_AS_JOURNAL,  "%s has unsaved changes waiting in its journal: open it to recover " \
                           "them, or choose another name", \
                           "%s 的日志中有未保存的修改：请先打开它处理这些修改，或换一个文件名") \
    X(SM_SAVE_AS_MODE,     "%s cannot be saved under another name in review mode", \
                           "审核模式下不能把 %s 另存为其他文件") \
    X(SM_SAVE_AS_LOCK,     "cannot save as %s: %s", "无法另存为 %s：%s")

typedef enum {
#define STORE_MSG_ENUM(id, en, zh) id,
    STORE_MESSAGES(STORE_MSG_ENUM)
#undef STORE_MSG_ENUM
    SM_COUNT
} smsg_id;

/* Chinese for every message of the table (and errno words) from now on; false: English. */
void smsg_use_chinese(bool zh);
bool smsg_chinese(void);
/* The message's text in the current language, and in a given one (tests). */
const char *smsg(smsg_id id);
const char *smsg_lang(smsg_id id, bool zh);
/* printf of a message of the table into a malloc'd string; NULL only when out of memory. */
char *smsgf(smsg_id id, ...);
/* Plain words for an errno (store/fileio.h fio_errno_words) in the current language. */
const char *smsg_errno(int e);
/* The reason for an errno as a message says it: "the disk is full (No space left on device)"
 * in English (the system's words too, for a bug report), "磁盘已满" in Chinese (the C library
 * would answer in English). malloc'd; NULL only when out of memory. */
char *smsg_reason(int e);

#endif
