/* ser/util.h - small helpers shared by libser modules. */
#ifndef SER_UTIL_H
#define SER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* *out = a * b; false (and *out untouched) on size_t overflow. */
bool ser_size_mul(size_t a, size_t b, size_t *out);
/* *out = a + b; false on overflow. */
bool ser_size_add(size_t a, size_t b, size_t *out);

/* malloc of n * size bytes with overflow check; NULL on overflow or failure. */
void *ser_alloc_array(size_t n, size_t size);
/* calloc equivalent with overflow check. */
void *ser_calloc_array(size_t n, size_t size);

/* Duplicate a string (NULL on failure). */
char *ser_strdup(const char *s);

/* Write one CSV field (RFC 4180): quoted when it holds a comma, quote,
 * CR or LF or starts/ends with a space or tab, quotes doubled; NULL is
 * written as an empty field. */
void ser_csv_write_field(FILE *f, const char *s);

/* Amplitude to dBFS: 20*log10(x); -inf for x == 0. */
double ser_amplitude_to_dbfs(double amplitude);

#ifdef __cplusplus
}
#endif
#endif
