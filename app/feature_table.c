/* feature_table.c - read a feature CSV (see feature_table.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/csv.h"
#include "feature_table.h"
#include "ser/util.h"

void feature_table_free(feature_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->paths ? t->paths[i] : NULL);
        free(t->speakers ? t->speakers[i] : NULL);
    }
    for (size_t j = 0; t->names && j < t->dim; j++)
        free(t->names[j]);
    free(t->x);
    free(t->paths);
    free(t->labels);
    free(t->speakers);
    free(t->names);
    free(t->y);
    free(t->speaker_ids);
    free(t->copy_of);
    free(t->use);
    memset(t, 0, sizeof *t);
}

static bool grow(feature_table *t, size_t *cap)
{
    if (t->n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 256;
    double *x = realloc(t->x, c * t->dim * sizeof *x);
    if (x)
        t->x = x;
    char **p = realloc(t->paths, c * sizeof *p);
    if (p)
        t->paths = p;
    ser_label *l = realloc(t->labels, c * sizeof *l);
    if (l)
        t->labels = l;
    char **s = realloc(t->speakers, c * sizeof *s);
    if (s)
        t->speakers = s;
    if (!x || !p || !l || !s)
        return false;
    *cap = c;
    return true;
}

ser_status feature_table_read(const char *path, bool need_labels, feature_table *t, ser_error *err)
{
    memset(t, 0, sizeof *t);
    size_t len;
    char *buf = ser__read_file(path, &len);
    if (!buf)
        return ser_error_set(err, errno == ENOENT ? SER_ERR_NOT_FOUND : SER_ERR_IO, "%s: %s", path, strerror(errno));
    ser__csv r;
    ser__csv_init(&r, buf, len);
    char **f;
    size_t nf, line, cap = 0;
    ser_status st = SER_OK;
    int got = ser__csv_next(&r, &f, &nf, &line);
    if (got <= 0 || nf < 5 || strcmp(f[0], "path") || strcmp(f[1], "label") || strcmp(f[2], "speaker") ||
        strcmp(f[3], "corpus")) {
        st = ser_error_set(err, SER_ERR_FORMAT,
                           "%s: not a feature CSV (want a header path,label,speaker,corpus,<feature names>)", path);
        goto done;
    }
    t->dim = nf - 4;
    if (!(t->names = ser_calloc_array(t->dim, sizeof *t->names))) {
        st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    for (size_t j = 0; j < t->dim; j++)
        if (!(t->names[j] = ser_strdup(f[4 + j]))) {
            st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
    while ((got = ser__csv_next(&r, &f, &nf, &line)) > 0) {
        if (nf != t->dim + 4) {
            st = ser_error_set(err, SER_ERR_FORMAT, "%s line %zu: %zu fields, the header has %zu", path, line, nf,
                               t->dim + 4);
            goto done;
        }
        if (!grow(t, &cap)) {
            st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
        size_t i = t->n;
        t->paths[i] = ser_strdup(f[0]);
        t->speakers[i] = f[2][0] ? ser_strdup(f[2]) : NULL;
        t->n++;
        if (!t->paths[i] || (f[2][0] && !t->speakers[i])) {
            st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
        t->labels[i] = SER_LABEL_NONE;
        if (f[1][0] && ser_label_parse(f[1], &t->labels[i]) != SER_OK) {
            st = ser_error_set(err, SER_ERR_LABEL, "%s line %zu: unknown label '%s'", path, line, f[1]);
            goto done;
        }
        if (need_labels && t->labels[i] == SER_LABEL_NONE) {
            st = ser_error_set(err, SER_ERR_LABEL, "%s line %zu: the row has no label", path, line);
            goto done;
        }
        for (size_t j = 0; j < t->dim; j++) {
            char *end;
            errno = 0;
            double v = strtod(f[4 + j], &end);
            if (end == f[4 + j] || *end || !isfinite(v)) {
                st = ser_error_set(err, SER_ERR_PARSE, "%s line %zu: column %s is not a finite number: '%s'", path,
                                   line, t->names[j], f[4 + j]);
                goto done;
            }
            t->x[i * t->dim + j] = v;
        }
    }
    if (got < 0)
        st = ser_error_set(err, (ser_status)got, "%s line %zu: malformed CSV", path, r.line);
    else if (!t->n)
        st = ser_error_set(err, SER_ERR_EMPTY, "%s: no rows", path);
done:
    ser__csv_free(&r);
    free(buf);
    if (st)
        feature_table_free(t);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ser_status feature_table_classes(feature_table *t, const ser_label_map *map, ser_error *err)
{
    size_t kept = 0;
    for (size_t i = 0; i < t->n; i++) {
        ser_label l = ser_label_map_apply(map, t->labels[i]);
        if (l == SER_LABEL_NONE) {
            free(t->paths[i]);
            free(t->speakers[i]);
            continue;
        }
        memmove(t->x + kept * t->dim, t->x + i * t->dim, t->dim * sizeof *t->x);
        t->paths[kept] = t->paths[i];
        t->speakers[kept] = t->speakers[i];
        t->labels[kept] = l;
        kept++;
    }
    if (t->n_original && kept != t->n)
        return ser_error_set(err, SER_ERR_ARG, "internal: a class selection after the telephone copies were added");
    t->n = kept;
    if (!kept)
        return ser_error_set(err, SER_ERR_EMPTY, "no rows left after the class selection");
    bool present[SER_LABEL_COUNT] = {false};
    for (size_t i = 0; i < t->n; i++)
        present[t->labels[i]] = true;
    int index[SER_LABEL_COUNT];
    t->n_classes = 0;
    for (int l = 0; l < SER_LABEL_COUNT; l++)
        if (present[l]) {
            index[l] = (int)t->n_classes;
            t->class_labels[t->n_classes++] = (ser_label)l;
        }
    t->y = ser_alloc_array(t->n, sizeof *t->y);
    t->speaker_ids = ser_alloc_array(t->n, sizeof *t->speaker_ids);
    char **sorted = ser_alloc_array(t->n, sizeof *sorted);
    if (!t->y || !t->speaker_ids || !sorted) {
        free(sorted);
        return ser_error_set(err, SER_ERR_NOMEM, "out of memory");
    }
    size_t ns = 0;
    for (size_t i = 0; i < t->n; i++) {
        t->y[i] = index[t->labels[i]];
        if (t->speakers[i])
            sorted[ns++] = t->speakers[i];
    }
    qsort(sorted, ns, sizeof *sorted, cmp_str);
    size_t nd = 0;
    for (size_t i = 0; i < ns; i++)
        if (!nd || strcmp(sorted[i], sorted[nd - 1]))
            sorted[nd++] = sorted[i];
    t->n_speakers = nd;
    for (size_t i = 0; i < t->n; i++) {
        t->speaker_ids[i] = -1;
        if (t->speakers[i]) {
            char **hit = bsearch(&t->speakers[i], sorted, nd, sizeof *sorted, cmp_str);
            t->speaker_ids[i] = (int)(hit - sorted);
        }
    }
    free(sorted);
    return SER_OK;
}

void feature_table_norm_groups(const feature_table *t, int *groups)
{
    for (size_t i = 0; i < t->n; i++) {
        const int s = t->speaker_ids[i];
        groups[i] = s < 0 ? -1 : (t->n_original && i >= t->n_original ? (int)t->n_speakers + s : s);
    }
}
