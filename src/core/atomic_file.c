/* Atomic whole-file write: hidden temp file in the same directory + fsync +
 * rename, or in place for a device or FIFO (core/atomic_open.h). */
#include "ser/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_open.h"

static const char *reason(int e, char *buf, size_t len)
{
    if (e == ENOSPC)
        return "no space left on device (disk full)";
    if (strerror_r(e, buf, len) != 0)
        snprintf(buf, len, "error %d", e);
    return buf;
}

/* Directory part of path ("." when there is none), for fsync after rename. */
static void sync_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if ((size_t)(slash - path) < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd); /* best effort: not every file system supports it */
        close(fd);
    }
}

ser_status ser_write_file_atomic(const char *path, const void *data, size_t len, ser_error *err)
{
    char why[256];
    if (!path || !*path || (!data && len))
        return ser_error_set(err, SER_ERR_ARG, "atomic write: no path or no data");
    char *tmp;
    int fd = ser__atomic_open(path, &tmp);
    if (fd < 0) {
        int e = errno;
        return ser_error_set(err, e == ENOMEM ? SER_ERR_NOMEM : SER_ERR_IO, "%s: cannot %s: %s", path,
                             e == EISDIR ? "write" : "create a temporary file next to it",
                             reason(e, why, sizeof why));
    }
    const unsigned char *p = data;
    size_t left = len;
    int e = 0;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            e = errno;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (!e && tmp && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && tmp && rename(tmp, path) != 0)
        e = errno;
    if (e) {
        if (tmp)
            unlink(tmp);
        free(tmp);
        return ser_error_set(err, SER_ERR_IO, "%s: cannot write: %s", path, reason(e, why, sizeof why));
    }
    if (tmp)
        sync_directory(path);
    free(tmp);
    return SER_OK;
}
