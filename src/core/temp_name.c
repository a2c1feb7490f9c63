/* The hidden temporary name next to a file (see temp_name.h). */
#include "core/temp_name.h"

#include <stdlib.h>
#include <string.h>

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
