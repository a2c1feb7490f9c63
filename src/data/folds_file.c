/* Fold files: CSV "path,fold" (see ser/split.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_open.h"
#include "data/csv.h"
#include "data/dataset_internal.h"
#include "ser/split.h"
#include "ser/util.h"


ser_status ser_folds_write(const char *path, const ser_dataset *ds, const int *fold, ser_error *err)
{
    if (!path || !ds || !fold)
        return ser_error_set(err, SER_ERR_ARG, "ser_folds_write: NULL argument");
    char *tmp;
    int fd = ser__atomic_open(path, &tmp);
    char text[128];
    if (fd < 0) {
        int e = errno;
        return ser_error_set(err, e == ENOMEM ? SER_ERR_NOMEM : SER_ERR_IO, "%s: cannot create: %s", path,
                             ser__errno_text(e, text, sizeof text));
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        if (tmp)
            unlink(tmp);
        free(tmp);
        return ser_error_set(err, SER_ERR_IO, "%s: cannot write", path);
    }
    fputs("path,fold\n", f);
    for (size_t i = 0; i < ser_dataset_count(ds); i++) {
        ser_csv_write_field(f, ser_dataset_item_at(ds, i)->path);
        fprintf(f, ",%d\n", fold[i]);
    }
    bool ok = !ferror(f);
    ok = fflush(f) == 0 && ok;
    int errnum = errno;
    ok = fclose(f) == 0 && ok;
    if (ok && tmp && rename(tmp, path) != 0) {
        errnum = errno;
        ok = false;
    }
    if (!ok) {
        if (tmp)
            unlink(tmp);
        free(tmp);
        return ser_error_set(err, SER_ERR_IO, "%s: cannot write: %s", path,
                             ser__errno_text(errnum, text, sizeof text));
    }
    free(tmp);
    return SER_OK;
}

typedef struct keyed {
    const char *key;
    size_t index;
} keyed;

static int compare_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static bool parse_fold(const char *s, int *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (errno || end == s || *end || v < SER_FOLD_TRAIN || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

ser_status ser_folds_read(const char *path, const ser_dataset *ds, int *fold, size_t *n_splits, ser_error *err)
{
    if (!path || !ds || !fold || !n_splits)
        return ser_error_set(err, SER_ERR_ARG, "ser_folds_read: NULL argument");
    size_t n = ser_dataset_count(ds), len;
    char text[128];
    char *buf = ser__read_file(path, &len);
    if (!buf)
        return ser_error_set(err, errno == ENOENT ? SER_ERR_NOT_FOUND : SER_ERR_IO, "%s: %s", path,
                             ser__errno_text(errno, text, sizeof text));
    keyed *index = ser_alloc_array(n ? n : 1, sizeof *index);
    unsigned char *seen = calloc(n ? n : 1, 1);
    ser_status st = index && seen ? SER_OK : ser_error_set(err, SER_ERR_NOMEM, "out of memory reading %s", path);
    for (size_t i = 0; st == SER_OK && i < n; i++)
        index[i] = (keyed){ser_dataset_item_at(ds, i)->path, i};
    if (st == SER_OK)
        qsort(index, n, sizeof *index, compare_keyed);
    ser__csv r;
    ser__csv_init(&r, buf, len);
    char **f;
    size_t nf, line = 0;
    int got = 0, highest = SER_FOLD_TRAIN;
    bool first = true;
    while (st == SER_OK && (got = ser__csv_next(&r, &f, &nf, &line)) > 0) {
        if (first && nf >= 2 && strcasecmp(f[0], "path") == 0 && strcasecmp(f[1], "fold") == 0) {
            first = false;
            continue;
        }
        first = false;
        int v;
        if (nf < 2 || !parse_fold(f[1], &v)) {
            st = ser_error_set(err, SER_ERR_PARSE, "%s line %zu: expected path,fold with fold >= -1", path, line);
            break;
        }
        keyed key = {f[0], 0};
        const keyed *at = bsearch(&key, index, n, sizeof *index, compare_keyed);
        if (!at)
            continue; /* not in this dataset (e.g. a class not selected) */
        if (seen[at->index]) {
            st = ser_error_set(err, SER_ERR_PARSE, "%s line %zu: %s is listed twice", path, line, f[0]);
            break;
        }
        seen[at->index] = 1;
        fold[at->index] = v;
        highest = v > highest ? v : highest;
    }
    if (st == SER_OK && got < 0)
        st = got == SER_ERR_PARSE ? ser_error_set(err, SER_ERR_PARSE, "%s line %zu: unterminated quoted field", path, line)
                                  : ser_error_set(err, SER_ERR_NOMEM, "out of memory reading %s", path);
    for (size_t i = 0; st == SER_OK && i < n; i++)
        if (!seen[i])
            st = ser_error_set(err, SER_ERR_NOT_FOUND, "%s has no row for %s", path, ser_dataset_item_at(ds, i)->path);
    if (st == SER_OK && highest < 0)
        st = ser_error_set(err, SER_ERR_EMPTY, "%s puts no item in a test fold", path);
    if (st == SER_OK)
        *n_splits = (size_t)highest + 1;
    ser__csv_free(&r);
    free(buf);
    free(index);
    free(seen);
    return st;
}
