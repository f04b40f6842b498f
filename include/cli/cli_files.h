/* Naming many drafts on the command line: files as named, folders walked recursively for
 * *.json files, sorted by path (byte order) within each folder named. */
#ifndef SELFEVAL_CLI_CLI_FILES_H
#define SELFEVAL_CLI_CLI_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct {
    char *path;
    char *error;   /* a folder that could not be read: why (the entry stands for it) */
} cli_file;

typedef struct {
    cli_file *v;
    size_t n, cap;
} cli_files;

/* A file left out of folder walks (the output being written, when it is inside one). */
typedef struct {
    bool set;
    dev_t dev;
    ino_t ino;
} cli_files_skip;

/* 0, or -1 when out of memory (fl holds what was found; free it). */
int cli_files_expand(cli_files *fl, const char *const *args, size_t n,
                     const cli_files_skip *skip);
void cli_files_free(cli_files *fl);

#endif
