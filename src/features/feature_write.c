/* Feature matrix writers: format dispatch, streams and atomic files. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "feature_io_internal.h"
#include "ser/atomic_file.h"
#include "ser/feature_io.h"

ser_status ser_feature_format_parse(const char *text, ser_feature_format *out)
{
    static const char *const names[3] = {"csv", "json", "npy"};
    for (int k = 0; text && k < 3; k++)
        if (strcmp(text, names[k]) == 0) {
            *out = (ser_feature_format)k;
            return SER_OK;
        }
    return SER_ERR_PARSE;
}

ser_status ser_feature_write_stream(const ser_feature_matrix *m, ser_feature_format fmt, FILE *out,
                                    ser_error *err)
{
    if (!m || !out || (m->dim && !m->names))
        return ser_error_set(err, SER_ERR_ARG, "feature writer: invalid argument");
    ser_status st;
    switch (fmt) {
    case SER_FEATURE_CSV: st = ser__feature_csv_write(m, out); break;
    case SER_FEATURE_JSON: st = ser__feature_json_write(m, out); break;
    case SER_FEATURE_NPY: st = ser__feature_npy_write(m, out); break;
    default: return ser_error_set(err, SER_ERR_ARG, "feature writer: unknown format %d", (int)fmt);
    }
    if (st != SER_OK)
        return ser_error_set(err, st, "feature writer: write failed: %s", strerror(errno));
    return SER_OK;
}

ser_status ser_feature_write_file(const ser_feature_matrix *m, ser_feature_format fmt, const char *path,
                                  ser_error *err)
{
    if (!path)
        return ser_error_set(err, SER_ERR_ARG, "feature writer: no path");
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    if (!f)
        return ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
    ser_status st = ser_feature_write_stream(m, fmt, f, err);
    if (fclose(f) != 0 && st == SER_OK)
        st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", path);
    if (st == SER_OK)
        st = ser_write_file_atomic(path, data, len, err);
    free(data);
    return st;
}
