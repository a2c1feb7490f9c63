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
/* The one-vs-one label ser's SVM gives for decision values dec (libsvm's
 * pair order, k classes) when libsvm/scikit-learn said ref_label: the same
 * unless the votes tie, then the tied class with the largest total margin.
 * *tied is set when that differs from ref_label. */
int tu_ovo_label(const double *dec, size_t k, int ref_label, bool *tied);


/* Counting allocator: malloc, calloc, realloc, aligned_alloc and
 * posix_memalign are interposed for the whole test process (glibc's
 * __libc_* do the work), so a test can assert that a hot path never
 * allocates.  Not under AddressSanitizer, which owns malloc: such tests
 * skip when TU_ALLOC_COUNTING_SUPPORTED is 0. */
#if defined(__SANITIZE_ADDRESS__)
#define TU_ALLOC_COUNTING_SUPPORTED 0
#else
#define TU_ALLOC_COUNTING_SUPPORTED 1
#endif
extern volatile int tu_alloc_counting;  /* set to 1 to count into tu_alloc_count */
extern volatile size_t tu_alloc_count;  /* allocations while tu_alloc_counting */
extern volatile size_t tu_alloc_total;  /* every allocation since start */

#endif
