/* Read all bytes of a pipe, descriptor or stdio stream into memory (for
 * containers libsndfile cannot read from a pipe). */
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ser/util.h"

static ptrdiff_t read_some(const ser__input *in, int fd, unsigned char *buf, size_t n)
{
    if (in->kind == SER__INPUT_STREAM) {
        size_t got = fread(buf, 1, n, in->fp);
        if (got == 0 && ferror(in->fp))
            return -1;
        return (ptrdiff_t)got;
    }
    for (;;) {
        ssize_t got = read(fd, buf, n);
        if (got < 0 && errno == EINTR)
            continue;
        return (ptrdiff_t)got;
    }
}

ser_status ser__slurp(const ser__input *in, int fd, unsigned char **data, size_t *size, ser_error *err)
{
    size_t cap = 1 << 16, len = 0;
    unsigned char *buf = malloc(cap);
    if (!buf)
        return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory reading input", in->name);
    for (;;) {
        if (len == cap) {
            size_t ncap;
            if (!ser_size_mul(cap, 2, &ncap)) {
                free(buf);
                return ser_error_set(err, SER_ERR_OVERFLOW, "%s: input too large for memory", in->name);
            }
            unsigned char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory after %zu bytes", in->name, len);
            }
            buf = nb;
            cap = ncap;
        }
        ptrdiff_t got = read_some(in, fd, buf + len, cap - len);
        if (got < 0) {
            int e = errno;
            free(buf);
            return ser_error_set(err, SER_ERR_IO, "%s: read error: %s", in->name, strerror(e));
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    *data = buf;
    *size = len;
    return SER_OK;
}
