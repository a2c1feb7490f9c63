/* libsndfile virtual I/O over bytes in memory (sf_open_virtual). */
#include "source.h"

#include <stdint.h>
#include <string.h>

static sf_count_t mem_len(void *user)
{
    return ((ser__memfile *)user)->size;
}

static sf_count_t mem_seek(sf_count_t offset, int whence, void *user)
{
    ser__memfile *m = user;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
        return -1;
    sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->size;
    /* offsets come from the file's own chunk sizes: no signed overflow */
    if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
        return -1;
    sf_count_t pos = base + offset;
    m->pos = pos; /* past the end is allowed; reads there return 0 bytes */
    return pos;
}

static sf_count_t mem_read(void *ptr, sf_count_t count, void *user)
{
    ser__memfile *m = user;
    if (count <= 0 || m->pos >= m->size)
        return 0;
    sf_count_t n = m->size - m->pos < count ? m->size - m->pos : count;
    memcpy(ptr, m->data + m->pos, (size_t)n);
    m->pos += n;
    return n;
}

static sf_count_t mem_write(const void *ptr, sf_count_t count, void *user)
{
    (void)ptr;
    (void)count;
    (void)user;
    return 0; /* read-only */
}

static sf_count_t mem_tell(void *user)
{
    return ((ser__memfile *)user)->pos;
}

SF_VIRTUAL_IO ser__memfile_vio(void)
{
    SF_VIRTUAL_IO v;
    v.get_filelen = mem_len;
    v.seek = mem_seek;
    v.read = mem_read;
    v.write = mem_write;
    v.tell = mem_tell;
    return v;
}
