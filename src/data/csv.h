/* csv.h (private) - an RFC 4180 CSV reader over a whole file held in memory.
 *
 * Fields are separated by ',', records by LF, CRLF or CR.  A field that
 * starts with '"' is quoted: it may hold commas, line breaks and "" (one
 * quote); text after its closing quote is kept literally.  A leading UTF-8
 * BOM is skipped and empty lines are ignored.  Fields are decoded in place
 * (the buffer is modified) and NUL-terminated. */
#ifndef SER_DATA_CSV_H
#define SER_DATA_CSV_H

#include <stddef.h>

#include "ser/status.h"

typedef struct ser__csv {
    char *buf;
    size_t len, pos;
    size_t line; /* 1-based line number where the next record starts */
    char **fields;
    size_t cap;
} ser__csv;

/* Start reading buf[0..len); buf must have room for len + 1 bytes (a NUL
 * is written at buf[len]) and is modified. */
void ser__csv_init(ser__csv *r, char *buf, size_t len);

/* Next record: 1 with *fields / *n_fields / *line (line where the record
 * starts) set, valid until the next call; 0 at the end; SER_ERR_PARSE for
 * an unterminated quoted field (*line: where it starts) or SER_ERR_NOMEM. */
int ser__csv_next(ser__csv *r, char ***fields, size_t *n_fields, size_t *line);

void ser__csv_free(ser__csv *r);

/* Read a whole file into a malloc'd buffer (NUL-terminated); NULL with
 * errno set on failure. */
char *ser__read_file(const char *path, size_t *len);

#endif
