/* Naming many drafts (the command line's arguments, the reviewer's inbox folder): files as
 * named, folders walked recursively for *.json files, sorted by path (byte order) within each
 * folder named. A folder walk leaves out the copies a recovery's "Keep both" writes beside a
 * draft (DRAFT.recovered-TIME.json: the same unit's draft again, not a submission of its own)
 * and lists them apart, for the caller to say so; a copy named as a file is taken. */
#ifndef SELFEVAL_STORE_FILES_H
#define SELFEVAL_STORE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct {
    char *path;
    char *error;   /* a folder that could not be read: why (the entry stands for it) */
} file_entry;

typedef struct {
    file_entry *v;
    size_t n, cap;
    char **recovered;     /* recovered copies the folder walks left out, sorted by path */
    size_t nrecovered;
} file_list;

/* Is this (a path or a name) a recovered copy's name: "….recovered-YYYYMMDD-HHMMSS.json", or
 * with "-K" after the time (store/doc.h, RECOVER_KEEP_BOTH)? */
bool file_is_recovered_copy(const char *path);

/* A file left out of folder walks (the output being written, when it is inside one). */
typedef struct {
    bool set;
    dev_t dev;
    ino_t ino;
} file_list_skip;

/* 0, or -1 when out of memory (fl holds what was found; free it). */
int file_list_expand(file_list *fl, const char *const *args, size_t n,
                     const file_list_skip *skip);
void file_list_free(file_list *fl);

#endif
