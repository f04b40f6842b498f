/* Draft files on disk: read strictly, saved atomically (docs/draft-format.md). */
#ifndef SELFEVAL_STORE_DRAFT_FILE_H
#define SELFEVAL_STORE_DRAFT_FILE_H

#include "core/draft.h"
#include "store/atomic.h"
#include "core/sha256.h"

#include <stdbool.h>
#include <stdint.h>

/* Reads and parses a draft file (at most DRAFT_MAX_BYTES). On failure NULL and *err
 * (malloc'd) naming the path as given: "draft.json line 12, column 7: expected a string
 * (amounts are stored as text)", "draft.json: no such file". */
draft *draft_file_read(const char *path, char **err);
/* The same, and the SHA-256 of the bytes parsed (hash may be NULL). */
draft *draft_file_read_hashed(const char *path, char hash[SHA256_HEX_LEN + 1], char **err);
/* The SHA-256 of a draft file's bytes (at most DRAFT_MAX_BYTES); false ("" ) when it cannot be
 * read. */
bool draft_file_hash(const char *path, char hash[SHA256_HEX_LEN + 1]);

/* Prints the draft and saves it with atomic_save (opts NULL: atomic_defaults()). On failure
 * the file on disk is unchanged and *err says why. Returns 0 or -1. */
int draft_file_save(const char *path, const draft *d, const atomic_opts *opts, char **err);

/* Size and modification time (ns since the epoch) of a file: what a journal header records
 * about the draft it belongs to. Returns false (both 0) when the file does not exist. */
bool draft_file_stamp(const char *path, uint64_t *size, uint64_t *mtime_ns);

#endif
