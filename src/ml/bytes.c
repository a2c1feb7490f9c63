/* Little-endian byte buffers (private to src/ml). */
#include "bytes.h"

#include <stdlib.h>
#include <string.h>

static unsigned char *wbuf_reserve(ser__wbuf *b, size_t n)
{
    if (b->failed)
        return NULL;
    if (n > SIZE_MAX - b->len) {
        b->failed = true;
        return NULL;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n) {
            if (cap > SIZE_MAX / 2) {
                cap = b->len + n;
                break;
            }
            cap *= 2;
        }
        unsigned char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = true;
            return NULL;
        }
        b->data = d;
        b->cap = cap;
    }
    unsigned char *p = b->data + b->len;
    b->len += n;
    return p;
}

static void put_le(ser__wbuf *b, uint64_t v, size_t n)
{
    unsigned char *p = wbuf_reserve(b, n);
    if (!p)
        return;
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void ser__wbuf_u8(ser__wbuf *b, uint8_t v) { put_le(b, v, 1); }
void ser__wbuf_u32(ser__wbuf *b, uint32_t v) { put_le(b, v, 4); }
void ser__wbuf_u64(ser__wbuf *b, uint64_t v) { put_le(b, v, 8); }
void ser__wbuf_i32(ser__wbuf *b, int32_t v) { put_le(b, (uint32_t)v, 4); }

void ser__wbuf_f32(ser__wbuf *b, float v)
{
    uint32_t u;
    memcpy(&u, &v, 4);
    put_le(b, u, 4);
}

void ser__wbuf_f64(ser__wbuf *b, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    put_le(b, u, 8);
}

void ser__wbuf_bytes(ser__wbuf *b, const void *p, size_t n)
{
    unsigned char *d = wbuf_reserve(b, n);
    if (d && n)
        memcpy(d, p, n);
}

void ser__wbuf_free(ser__wbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static uint64_t get_le(ser__rbuf *b, size_t n)
{
    if (b->failed || b->len - b->pos < n) {
        b->failed = true;
        return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)b->data[b->pos + i] << (8 * i);
    b->pos += n;
    return v;
}

uint8_t ser__rbuf_u8(ser__rbuf *b) { return (uint8_t)get_le(b, 1); }
uint32_t ser__rbuf_u32(ser__rbuf *b) { return (uint32_t)get_le(b, 4); }
uint64_t ser__rbuf_u64(ser__rbuf *b) { return get_le(b, 8); }
int32_t ser__rbuf_i32(ser__rbuf *b) { return (int32_t)(uint32_t)get_le(b, 4); }

float ser__rbuf_f32(ser__rbuf *b)
{
    uint32_t u = (uint32_t)get_le(b, 4);
    float v;
    memcpy(&v, &u, 4);
    return v;
}

double ser__rbuf_f64(ser__rbuf *b)
{
    uint64_t u = get_le(b, 8);
    double v;
    memcpy(&v, &u, 8);
    return v;
}

bool ser__rbuf_has(const ser__rbuf *b, size_t n, size_t size)
{
    if (b->failed)
        return false;
    size_t left = b->len - b->pos;
    return size == 0 || n <= left / size;
}
