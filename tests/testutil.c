#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *tu_shared_path(char *buf, size_t len, const char *relative)
{
    const char *root = getenv("SER_SHARED");
    if (!root || !*root)
        root = SER_SHARED_DIR;
    snprintf(buf, len, "%s/%s", root, relative);
    return buf;
}

const char *tu_tmp_path(char *buf, size_t len, const char *name)
{
    static unsigned counter; /* test-only helper; tests are single-threaded */
    snprintf(buf, len, "%s/%ld_%u_%s", SER_TEST_TMPDIR, (long)getpid(), counter++, name);
    return buf;
}

char *tu_read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return NULL;
    }
    long n = ftell(f);
    rewind(f);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len_out)
            *len_out = (size_t)n;
    }
    return buf;
}

bool tu_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

bool tu_close(double a, double b, double atol, double rtol)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return fabs(a - b) <= atol + rtol * fabs(b);
}

int tu_ovo_label(const double *dec, size_t k, int ref_label, bool *tied)
{
    double votes[32] = {0}, margin[32] = {0};
    if (k > 32 || ref_label < 0 || (size_t)ref_label >= k)
        return ref_label;
    for (size_t a = 0, p = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++, p++) {
            votes[dec[p] > 0.0 ? a : b] += 1.0;
            margin[a] += dec[p];
            margin[b] -= dec[p];
        }
    int expect = ref_label;
    for (size_t c = 0; c < k; c++)
        if (votes[c] == votes[ref_label] && margin[c] > margin[expect])
            expect = (int)c;
    *tied = expect != ref_label;
    return expect;
}

/* Test-only process state for the counting allocator (see testutil.h). */
volatile int tu_alloc_counting;
volatile size_t tu_alloc_count;
volatile size_t tu_alloc_total;

#if TU_ALLOC_COUNTING_SUPPORTED
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);

static void counted(void)
{
    tu_alloc_total++;
    if (tu_alloc_counting)
        tu_alloc_count++;
}

void *malloc(size_t n)
{
    counted();
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    counted();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    counted();
    return __libc_realloc(p, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    counted();
    return __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    counted();
    *out = __libc_memalign(align, n);
    return *out ? 0 : 12; /* ENOMEM */
}
#endif
