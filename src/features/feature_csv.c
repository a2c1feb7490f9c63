/* Feature matrices as CSV: writer and reader (include/ser/feature_io.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../data/csv.h"
#include "feature_io_internal.h"
#include "ser/feature_io.h"
#include "ser/util.h"
#include "core/format_g9.h"

static const char *const meta_cols[4] = {"path", "label", "speaker", "corpus"};



ser_status ser__feature_csv_write(const ser_feature_matrix *m, FILE *f)
{
    for (size_t k = 0; k < 4; k++)
        fprintf(f, "%s%s", k ? "," : "", meta_cols[k]);
    for (size_t k = 0; k < m->dim; k++) {
        fputc(',', f);
        ser_csv_write_field(f, m->names[k]);
    }
    fputc('\n', f);
    for (size_t i = 0; i < m->n_rows; i++) {
        if (m->ok && !m->ok[i])
            continue;
        ser_csv_write_field(f, m->paths ? m->paths[i] : "");
        fputc(',', f);
        ser_csv_write_field(f, m->labels ? m->labels[i] : "");
        fputc(',', f);
        ser_csv_write_field(f, m->speakers ? m->speakers[i] : "");
        fputc(',', f);
        ser_csv_write_field(f, m->corpora ? m->corpora[i] : "");
        const double *row = m->values + i * m->dim;
        for (size_t k = 0; k < m->dim; k++) { /* fprintf(f, ",%.9g", row[k]), faster */
            char num[SER__G9_MAX + 1];
            num[0] = ',';
            size_t len = ser__format_g9(row[k], num + 1);
            fwrite(num, 1, len + 1, f);
        }
        fputc('\n', f);
    }
    return ferror(f) ? SER_ERR_IO : SER_OK;
}

static bool push_row(ser_feature_matrix *m, size_t *cap, char **fields)
{
    if (m->n_rows == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        double *v = realloc(m->values, nc * m->dim * sizeof(double) + 1);
        if (!v)
            return false;
        m->values = v;
        char ***lists[4] = {&m->paths, &m->labels, &m->speakers, &m->corpora};
        for (size_t k = 0; k < 4; k++) {
            char **l = realloc(*lists[k], nc * sizeof(char *));
            if (!l)
                return false;
            *lists[k] = l;
        }
        *cap = nc;
    }
    size_t i = m->n_rows;
    char ***lists[4] = {&m->paths, &m->labels, &m->speakers, &m->corpora};
    size_t k;
    for (k = 0; k < 4; k++)
        if (!((*lists[k])[i] = ser_strdup(fields[k])))
            break;
    if (k < 4) {
        while (k-- > 0)
            free((*lists[k])[i]);
        return false;
    }
    m->n_rows++;
    return true;
}

ser_status ser_feature_csv_read(const char *path, ser_feature_matrix *out, ser_error *err)
{
    if (!path || !out)
        return ser_error_set(err, SER_ERR_ARG, "feature CSV: invalid argument");
    memset(out, 0, sizeof *out);
    size_t len;
    char *buf = ser__read_file(path, &len);
    if (!buf)
        return ser_error_set(err, errno == ENOMEM ? SER_ERR_NOMEM : SER_ERR_IO, "%s: cannot read: %s", path,
                             strerror(errno));
    ser__csv r;
    ser__csv_init(&r, buf, len);
    char **fields;
    size_t nf, line, cap = 0;
    ser_status st = SER_OK;
    int rc = ser__csv_next(&r, &fields, &nf, &line);
    if (rc <= 0) {
        ser_error_set(err, rc == 0 ? SER_ERR_EMPTY : SER_ERR_FORMAT, "%s: %s", path,
                      rc == 0 ? "empty file" : "malformed CSV header");
        st = rc == 0 ? SER_ERR_EMPTY : SER_ERR_FORMAT;
        goto done;
    }
    if (nf < 5) {
        st = ser_error_set(err, SER_ERR_FORMAT, "%s line %zu: expected path,label,speaker,corpus and feature "
                           "columns, got %zu column(s)", path, line, nf);
        goto done;
    }
    for (size_t k = 0; k < 4; k++)
        if (strcmp(fields[k], meta_cols[k]) != 0) {
            st = ser_error_set(err, SER_ERR_FORMAT, "%s line %zu: column %zu is '%s', expected '%s'", path, line,
                               k + 1, fields[k], meta_cols[k]);
            goto done;
        }
    out->dim = nf - 4;
    if (!(out->names = calloc(out->dim, sizeof(char *)))) {
        st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    for (size_t k = 0; k < out->dim; k++)
        if (!(out->names[k] = ser_strdup(fields[4 + k]))) {
            st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
    while ((rc = ser__csv_next(&r, &fields, &nf, &line)) > 0) {
        if (nf != out->dim + 4) {
            st = ser_error_set(err, SER_ERR_FORMAT, "%s line %zu: %zu fields, the header has %zu", path, line, nf,
                               out->dim + 4);
            goto done;
        }
        if (!push_row(out, &cap, fields)) {
            st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
        double *row = out->values + (out->n_rows - 1) * out->dim;
        for (size_t k = 0; k < out->dim; k++) {
            const char *s = fields[4 + k];
            char *end;
            errno = 0;
            row[k] = strtod(s, &end);
            if (*s == '\0' || *end != '\0') {
                st = ser_error_set(err, SER_ERR_PARSE, "%s line %zu: column '%s': '%s' is not a number", path,
                                   line, out->names[k], s);
                goto done;
            }
        }
    }
    if (rc < 0) {
        st = ser_error_set(err, SER_ERR_PARSE, "%s line %zu: unterminated quoted field", path, line);
        goto done;
    }
    if (out->n_rows == 0) {
        st = ser_error_set(err, SER_ERR_EMPTY, "%s: no rows", path);
        goto done;
    }
    if (!(out->ok = malloc(out->n_rows * sizeof *out->ok)) || !(out->errors = calloc(out->n_rows, sizeof(char *)))) {
        st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    for (size_t i = 0; i < out->n_rows; i++)
        out->ok[i] = true;
done:
    ser__csv_free(&r);
    free(buf);
    if (st != SER_OK) {
        /* n_rows counts the rows whose strings exist; free handles the rest. */
        free(out->ok);
        out->ok = NULL;
        ser_feature_matrix_free(out);
    }
    return st;
}
