/* The drafts a command over many files is given: files as named, folders walked recursively
 * for *.json (sorted by path, so a run's order is the same on every machine). */
#ifndef SELFEVAL_CLI_DRAFT_FILES_H
#define SELFEVAL_CLI_DRAFT_FILES_H

#include <stddef.h>

typedef struct {
    char **v;          /* malloc'd paths, in order */
    size_t len, cap;
} draft_files;

/* Appends `arg`: a folder adds every *.json below it (sorted; hidden entries and symbolic
 * links to folders skipped), anything else is added as named (a missing file is reported when
 * it is opened, with the others). 0, or -1 and *err (a folder that cannot be read, out of
 * memory). */
int draft_files_add(draft_files *l, const char *arg, char **err);
void draft_files_free(draft_files *l);

#endif
