/* Draft files: the bytes on disk <-> core/draft.h. Parsing and printing are the core's;
 * this file only adds reading, the size limit and atomic saving. */
#include "store/draft_file.h"

#include "store/fileio.h"
#include "core/sha256.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

draft *draft_file_read(const char *path, char **err)
{
    return draft_file_read_hashed(path, NULL, err);
}

draft *draft_file_read_hashed(const char *path, char hash[SHA256_HEX_LEN + 1], char **err)
{
    char *buf = NULL;
    size_t len = 0;
    if (err)
        *err = NULL;
    if (fio_read_all(path, DRAFT_MAX_BYTES, &buf, &len, err) != 0)
        return NULL;
    draft *d = draft_parse(buf, len, path, err);
    if (d && hash)
        sha256_hex(buf, len, hash);
    free(buf);
    return d;
}

bool draft_file_hash(const char *path, char hash[SHA256_HEX_LEN + 1])
{
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    hash[0] = '\0';
    if (fio_read_all(path, DRAFT_MAX_BYTES, &buf, &len, &err) != 0) {
        free(err);
        return false;
    }
    sha256_hex(buf, len, hash);
    free(buf);
    return true;
}

int draft_file_save(const char *path, const draft *d, const atomic_opts *opts, char **err)
{
    if (err)
        *err = NULL;
    size_t len = 0;
    char *text = draft_print(d, &len);
    if (!text) {
        if (err)
            *err = fio_strdupf("cannot save %s: out of memory", path);
        return -1;
    }
    atomic_opts def = atomic_defaults();
    int rc = atomic_save(path, text, len, opts ? opts : &def, err);
    free(text);
    return rc;
}

bool draft_file_stamp(const char *path, uint64_t *size, uint64_t *mtime_ns)
{
    struct stat st;
    *size = 0;
    *mtime_ns = 0;
    if (stat(path, &st) != 0)
        return false;
    *size = (uint64_t)st.st_size;
    *mtime_ns = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
    return true;
}
