/* testutil.h - shared helpers for the cmocka test suite.
 * Include order for cmocka: stdarg, stddef, stdint, setjmp, then cmocka.h;
 * this header does that for you. */
#ifndef SER_TESTUTIL_H
#define SER_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

/* Path under the shared directory (../shared or $SER_SHARED): writes into buf. */
const char *tu_shared_path(char *buf, size_t len, const char *relative);
/* A fresh path in the test tmp directory (unique per process and call). */
const char *tu_tmp_path(char *buf, size_t len, const char *name);
/* Read a whole file; returns malloc'd buffer (NUL-terminated) or NULL. */
char *tu_read_file(const char *path, size_t *len_out);
/* Write bytes to a file; true on success. */
bool tu_write_file(const char *path, const void *data, size_t len);
/* Combined tolerance check: |a - b| <= atol + rtol * |b|. */
bool tu_close(double a, double b, double atol, double rtol);

#endif
