/* The journal: every change to an open draft, appended to DRAFT.journal beside it, so a
 * dropped SSH session, a kill or a power cut loses at most the last moments of typing.
 *
 * Format: one record per line, "J1 <crc32 hex8> <length> <payload>\n", payload a one-line
 * JSON text the caller builds (the store does not interpret it). A torn or corrupt tail is
 * detected by length and CRC and ignored (with a count), never fatal. The first record is a
 * header the caller writes (which draft, its size and mtime at open). */
#ifndef SELFEVAL_STORE_JOURNAL_H
#define SELFEVAL_STORE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

typedef struct journal journal;

/* "dir/draft.json" -> "dir/draft.json.journal" (malloc'd). */
char *journal_path_for(const char *draft_path);

/* Creates the journal for a draft, mode 0600, under a fresh name renamed over DRAFT.journal
 * (a file or link there is replaced, never followed), and fsyncs its folder. Read an
 * existing journal (recovery) before calling this. A draft reached through a symbolic link
 * gets its journal beside the real file. */
int  journal_open(const char *draft_path, journal **out, char **err);
/* The same, but left under its fresh name until journal_publish renames it over
 * DRAFT.journal: a journal being rebuilt (recovery's replay) replaces the old one only once
 * it is complete. Closed with remove_file before publishing, it is removed. */
int  journal_open_unpublished(const char *draft_path, journal **out, char **err);
int  journal_publish(journal *j, char **err);
/* Writes one record to the file at once (one write call), fsyncs later. A payload holding
 * '\n' is refused. A failed write is cut off again, so the journal stays readable. */
int  journal_append(journal *j, const char *payload, size_t len, char **err);
/* fsync when the oldest unsynced change is >= 2 s old or >= 50 changes are unsynced; cheap to
 * call often (the main loop calls it on every tick). `now` from CLOCK_MONOTONIC. */
int  journal_tick(journal *j, const struct timespec *now, char **err);
/* fsync now. A failed fsync is never retried (the kernel may have dropped the pages): from
 * then on journal_sync/journal_tick keep failing with a message to save the draft. */
int  journal_sync(journal *j, char **err);
/* Milliseconds until journal_tick would need to sync (for the main loop's timeout): 0 when due
 * now, -1 when nothing is unsynced. */
int  journal_ms_until_sync(const journal *j, const struct timespec *now);
/* Whether what was written can be read back after a crash: the journal is published, no
 * write or fsync failed, and its name still leads to this file (false when the folder or the
 * file was removed or replaced: the records go to a file nobody can find again). */
bool journal_in_place(const journal *j);
/* Closes; `remove_file` after a successful save of the draft. */
int  journal_close(journal *j, bool remove_file, char **err);

/* Reads a journal: calls `fn` for each intact record in order; stops at the first torn or
 * corrupt one and reports how many bytes were ignored. Returns 0, or -1 with *err (cannot
 * open or read, or `fn` returned non-zero, which stops the reading). */
typedef int (*journal_record_fn)(void *ctx, const char *payload, size_t len);
int journal_read(const char *journal_path, journal_record_fn fn, void *ctx,
                 size_t *ignored_bytes, char **err);
/* The same, for a journal that may have been planted by another user: read only when it is a
 * regular file owned by us or by `also` (the draft's owner; SIDE_NO_OWNER: nobody else) that
 * others cannot write, and never through a link. journal_read accepts only our own. Returns
 * JOURNAL_UNTRUSTED with *err naming the file and why when it is not one to trust. */
#define JOURNAL_UNTRUSTED (-2)
int journal_read_checked(const char *journal_path, uid_t also, journal_record_fn fn,
                         void *ctx, size_t *ignored_bytes, char **err);

#endif
