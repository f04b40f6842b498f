/* The real file-system calls behind the fsops table. Tests point fsops_current at a table of
 * their own that fails the k-th call; production never changes it. */
#include "store/fsops.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* open(2) is variadic, so it needs a wrapper to fit the table's fixed signature. */
static int real_open(const char *path, int flags, mode_t mode)
{
    return open(path, flags, mode);
}

const fsops fsops_real = {
    .open = real_open,
    .write = write,
    .fsync = fsync,
    .close = close,
    .rename = rename,
    .unlink = unlink,
    .link = link,
};

const fsops *fsops_current = &fsops_real;
