/* bytes.h - little-endian byte buffers for the model payloads (private).
 *
 * ser__wbuf grows as it is written; a failed allocation sets `failed` and
 * later writes do nothing, so callers check once at the end.  ser__rbuf
 * reads with bounds checks; a short read sets `failed` and yields zeros. */
#ifndef SER_ML_BYTES_H
#define SER_ML_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ser__wbuf {
    unsigned char *data;
    size_t len, cap;
    bool failed;
} ser__wbuf;

void ser__wbuf_u8(ser__wbuf *b, uint8_t v);
void ser__wbuf_u32(ser__wbuf *b, uint32_t v);
void ser__wbuf_u64(ser__wbuf *b, uint64_t v);
void ser__wbuf_i32(ser__wbuf *b, int32_t v);
void ser__wbuf_f32(ser__wbuf *b, float v);
void ser__wbuf_f64(ser__wbuf *b, double v);
void ser__wbuf_bytes(ser__wbuf *b, const void *p, size_t n);
void ser__wbuf_free(ser__wbuf *b);

typedef struct ser__rbuf {
    const unsigned char *data;
    size_t len, pos;
    bool failed;
} ser__rbuf;

uint8_t ser__rbuf_u8(ser__rbuf *b);
uint32_t ser__rbuf_u32(ser__rbuf *b);
uint64_t ser__rbuf_u64(ser__rbuf *b);
int32_t ser__rbuf_i32(ser__rbuf *b);
float ser__rbuf_f32(ser__rbuf *b);
double ser__rbuf_f64(ser__rbuf *b);
/* True when at least n * size more bytes remain (overflow-safe); used to
 * reject absurd counts before allocating for them. */
bool ser__rbuf_has(const ser__rbuf *b, size_t n, size_t size);

#endif
