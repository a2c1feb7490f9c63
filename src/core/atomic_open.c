/* The file an atomic write goes to (see atomic_open.h). */
#include "core/atomic_open.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ser__temp_name(const char *path)
{
    static const char suffix[] = ".tmp.XXXXXX";
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0, base = strlen(path) - dir;
    char *tmp = malloc(dir + 1 + base + sizeof suffix);
    if (!tmp)
        return NULL;
    memcpy(tmp, path, dir);
    tmp[dir] = '.';
    memcpy(tmp + dir + 1, path + dir, base);
    memcpy(tmp + dir + 1 + base, suffix, sizeof suffix);
    return tmp;
}

int ser__atomic_open(const char *path, char **tmp)
{
    *tmp = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
        return open(path, O_WRONLY | O_CLOEXEC);
    }
    char *name = ser__temp_name(path);
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    int fd = mkstemp(name);
    if (fd < 0) {
        int e = errno;
        free(name);
        errno = e;
        return -1;
    }
    (void)fchmod(fd, 0644); /* mkstemp makes 0600; these files are not secret */
    *tmp = name;
    return fd;
}
