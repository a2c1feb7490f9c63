/* Open an input path with a clear, distinct error for each failure. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

ser_status ser__open_path(const char *path, int *fd, int64_t *size, ser_error *err)
{
    *fd = -1;
    *size = -1;
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            return ser_error_set(err, SER_ERR_NOT_FOUND, "%s: no such file", path);
        if (e == EACCES || e == EPERM)
            return ser_error_set(err, SER_ERR_IO, "%s: permission denied", path);
        return ser_error_set(err, SER_ERR_IO, "%s: cannot open: %s", path, strerror(e));
    }
    struct stat st;
    if (fstat(f, &st) != 0) {
        int e = errno;
        close(f);
        return ser_error_set(err, SER_ERR_IO, "%s: cannot stat: %s", path, strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(f);
        return ser_error_set(err, SER_ERR_IO, "%s: is a directory, not an audio file", path);
    }
    if (S_ISREG(st.st_mode))
        *size = (int64_t)st.st_size;
    *fd = f;
    return SER_OK;
}
