/* Files beside a draft (journal, lock, backups, recovered copies, journals set aside) in a
 * folder other users may write to. Another user can plant a symbolic link, a FIFO or a file
 * of their own at any of these names, so:
 *   - we create them only under a fresh name with O_EXCL|O_NOFOLLOW, mode 0600, and then
 *     link or rename that to the name we want (never opening the name itself for writing);
 *   - we read an existing one only when it is a regular file owned by us (or by the draft's
 *     owner) that nobody else may write, opened with O_NOFOLLOW|O_NONBLOCK so that neither a
 *     link nor a FIFO can redirect or block us. */
#ifndef SELFEVAL_STORE_SIDEFILE_H
#define SELFEVAL_STORE_SIDEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SIDE_NO_OWNER ((uid_t)-1)

/* The owner of the draft at `draft_path` (through links), SIDE_NO_OWNER when it has no file. */
uid_t side_draft_owner(const char *draft_path);

/* Opens an existing side file for reading. Returns a descriptor; -1 with errno ENOENT when
 * there is no such file (*why NULL); -1 with *why (malloc'd: the file and the reason, e.g.
 * "d.json.journal is a symbolic link") when it is not safe to use or cannot be opened. `also`
 * is a second owner accepted besides us (the draft's), or SIDE_NO_OWNER. */
int side_open_read(const char *path, uid_t also, char **why);

/* Creates a file under a fresh temporary name beside `final_path` (O_EXCL|O_NOFOLLOW, 0600,
 * plus `extra_flags` such as O_APPEND). Returns the descriptor and *tmp (malloc'd), or -1
 * with errno. */
int side_create_temp(const char *final_path, int extra_flags, char **tmp);

/* Writes `data` to a new private file and gives it the name `final_path` only if that name is
 * free (a planted link or file there is left alone: the name counts as taken). Returns 0, 1
 * when the name is taken, -1 with *err. The file and its name reach the disk (fsync) first. */
int side_publish(const char *final_path, const void *data, size_t len, char **err);

/* Moves `src` to `dst` only if `dst` is free (hard link then unlink, or rename without
 * replacing where hard links are not possible). 0, or an errno (EEXIST: taken). */
int side_move_noreplace(const char *src, const char *dst);

/* fsync of the folder holding `path`, so a new name in it reaches the disk: 0 or an errno
 * (a file system that cannot sync a folder is not an error). */
int sidefile_sync_dir_of(const char *path);

#endif
