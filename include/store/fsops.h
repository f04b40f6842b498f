/* The file-system calls the store makes, behind one table so tests can fail the k-th call
 * (fault injection) without LD_PRELOAD tricks. Production code uses fsops_real. */
#ifndef SELFEVAL_STORE_FSOPS_H
#define SELFEVAL_STORE_FSOPS_H

#include <stddef.h>
#include <sys/types.h>

typedef struct {
    int     (*open)(const char *path, int flags, mode_t mode);
    ssize_t (*write)(int fd, const void *buf, size_t n);
    int     (*fsync)(int fd);
    int     (*close)(int fd);
    int     (*rename)(const char *from, const char *to);
    int     (*unlink)(const char *path);
    int     (*link)(const char *from, const char *to);
} fsops;

extern const fsops fsops_real;
/* The table in use; tests swap it. */
extern const fsops *fsops_current;

#endif
