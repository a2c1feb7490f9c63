/* ser/feature_io.h - feature matrices to and from files.
 *
 * Only rows with ok[i] are written, in row order.
 *
 * CSV: header "path,label,speaker,corpus,<names...>", one row per clip,
 *   numbers with %.9g ("nan"/"inf" if ever non-finite), fields quoted per
 *   RFC 4180 when they hold ',', '"', CR or LF ('"' doubled); LF line ends.
 *   pandas.read_csv reads it as is.
 * JSON: {"set": spec|null, "sample_rate": Hz (0 native), "dim": d,
 *   "names": [...], "rows": [{"path", "label", "speaker", "corpus",
 *   "values": [...]}...], "errors": [{"path", "error"}...]} with values
 *   in the shortest form that reads back to the same double (%.17g).
 * NPY: NumPy format 1.0, '<f8', C order, shape (rows, dim): values only
 *   (names/paths are in the CSV or JSON output).
 *
 * Files are written atomically (ser/atomic_file.h); *_stream versions
 * write to an open stream (e.g. stdout). */
#ifndef SER_FEATURE_IO_H
#define SER_FEATURE_IO_H

#include <stdio.h>

#include "ser/features.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_feature_format {
    SER_FEATURE_CSV = 0,
    SER_FEATURE_JSON = 1,
    SER_FEATURE_NPY = 2
} ser_feature_format;

/* "csv", "json", "npy" -> format; SER_ERR_PARSE otherwise. */
ser_status ser_feature_format_parse(const char *text, ser_feature_format *out);

ser_status ser_feature_write_stream(const ser_feature_matrix *m, ser_feature_format fmt, FILE *out,
                                    ser_error *err);
ser_status ser_feature_write_file(const ser_feature_matrix *m, ser_feature_format fmt, const char *path,
                                  ser_error *err);

/* Read a CSV written by the CSV writer (or any CSV whose header starts
 * path,label,speaker,corpus and whose other columns are numbers) into *out:
 * every row ok, names/paths/labels/speakers/corpora filled, spec NULL,
 * sample_rate 0.  Errors name the file and the line: SER_ERR_IO (cannot
 * read), SER_ERR_FORMAT (header not as above, a row with a different
 * number of fields), SER_ERR_PARSE (a value that is not a number),
 * SER_ERR_EMPTY (no rows), SER_ERR_NOMEM.  On error *out is empty. */
ser_status ser_feature_csv_read(const char *path, ser_feature_matrix *out, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
