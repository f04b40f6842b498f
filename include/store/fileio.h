/* Reading whole files with a size limit, and messages a clerk can act on. */
#ifndef SELFEVAL_STORE_FILEIO_H
#define SELFEVAL_STORE_FILEIO_H

#include <stddef.h>

/* Reads all of `path` into a malloc'd NUL-terminated buffer. Refuses files over max_bytes.
 * On failure returns -1 and sets *err (malloc'd) to e.g.
 * "draft.json: cannot open: Permission denied" or "draft.json: 80 MB is over the 16 MB limit". */
int fio_read_all(const char *path, size_t max_bytes, char **buf, size_t *len, char **err);

/* Line (1-based) and column (1-based, in characters: UTF-8 continuation bytes not counted)
 * of byte offset `off` in buf. */
void fio_line_col(const char *buf, size_t len, size_t off, int *line, int *col);

/* malloc'd printf; NULL only when out of memory. */
char *fio_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Helpers the store's other files share. */

/* Plain words for an errno a clerk can act on: ENOSPC "the disk is full", EROFS "the disk is
 * read-only", EACCES "permission denied", EDQUOT "your disk quota is used up", ... Static text. */
const char *fio_errno_words(int e);

/* Follows symbolic links of the last component of `path` (up to 40), so a draft opened through
 * a link is saved, locked and journalled beside the real file. Returns a malloc'd path of the
 * first non-link (which may not exist yet), or NULL with *err set. */
char *fio_follow_links(const char *path, char **err);

/* "dir/.name.XXXXXX" with six random letters or digits (malloc'd, NULL when out of memory).
 * An empty dir means the current directory. Callers create it with O_EXCL and retry on EEXIST. */
char *fio_temp_path(const char *dir, const char *name);

/* "a/b/c.json" -> "a/b", "c.json" -> ".", "/c.json" -> "/" (malloc'd, NULL when out of memory). */
char *fio_dirname(const char *path);
/* Pointer to the last component inside `path` ("" when path ends in '/'). */
const char *fio_basename(const char *path);

/* *err = msg when err is not NULL, else msg is freed: for functions whose caller may not
 * want the message. */
void fio_set_err(char **err, char *msg);

/* base + suffix as a file name of at most `max` bytes: unchanged when it fits, else the start
 * of base (cut between UTF-8 characters), "~", 8 hex digits of a CRC-32 of the whole base,
 * then suffix. The same base always gives the same name (malloc'd). */
char *fio_fit(const char *base, const char *suffix, size_t max);
/* path + suffix, the last component fitted to NAME_MAX - reserve (reserve: room for what a
 * caller appends later, like "-2"). malloc'd. */
char *fio_with_suffix(const char *path, const char *suffix, size_t reserve);

/* "path" + suffix beside the real file when path is a symbolic link (malloc'd): the journal
 * and the lock of a draft opened by either name are the same files. A name that would be
 * longer than NAME_MAX is shortened (fio_fit). */
char *fio_beside(const char *path, const char *suffix);

#endif
