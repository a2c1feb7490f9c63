/* Feature matrices as JSON (include/ser/feature_io.h). */
#include <math.h>
#include <string.h>

#include "feature_io_internal.h"

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void put_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.17g", v);
    else
        fputs("null", f);
}

ser_status ser__feature_json_write(const ser_feature_matrix *m, FILE *f)
{
    fputs("{\"set\": ", f);
    if (m->spec)
        put_string(f, m->spec);
    else
        fputs("null", f);
    fprintf(f, ", \"sample_rate\": %d, \"dim\": %zu,\n \"names\": [", m->sample_rate, m->dim);
    for (size_t k = 0; k < m->dim; k++) {
        if (k)
            fputs(", ", f);
        put_string(f, m->names[k]);
    }
    fputs("],\n \"rows\": [", f);
    bool first = true;
    for (size_t i = 0; i < m->n_rows; i++) {
        if (m->ok && !m->ok[i])
            continue;
        fputs(first ? "\n  {\"path\": " : ",\n  {\"path\": ", f);
        first = false;
        put_string(f, m->paths ? m->paths[i] : "");
        fputs(", \"label\": ", f);
        put_string(f, m->labels ? m->labels[i] : "");
        fputs(", \"speaker\": ", f);
        put_string(f, m->speakers ? m->speakers[i] : "");
        fputs(", \"corpus\": ", f);
        put_string(f, m->corpora ? m->corpora[i] : "");
        fputs(", \"values\": [", f);
        for (size_t k = 0; k < m->dim; k++) {
            if (k)
                fputs(", ", f);
            put_number(f, m->values[i * m->dim + k]);
        }
        fputs("]}", f);
    }
    fputs("],\n \"errors\": [", f);
    first = true;
    for (size_t i = 0; m->ok && i < m->n_rows; i++) {
        if (m->ok[i])
            continue;
        fputs(first ? "\n  {\"path\": " : ",\n  {\"path\": ", f);
        first = false;
        put_string(f, m->paths ? m->paths[i] : "");
        fputs(", \"error\": ", f);
        put_string(f, m->errors && m->errors[i] ? m->errors[i] : "");
        fputc('}', f);
    }
    fputs("]}\n", f);
    return ferror(f) ? SER_ERR_IO : SER_OK;
}
