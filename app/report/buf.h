/* buf.h - a growable text buffer for the report writer (SVG and HTML are
 * built in memory, then written to files and inlined in index.html).
 * An allocation failure sets `failed` and later appends do nothing. */
#ifndef SER_REPORT_BUF_H
#define SER_REPORT_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rbuf {
    char *p; /* NUL-terminated when len > 0 */
    size_t len, cap;
    bool failed;
} rbuf;

void rbuf_puts(rbuf *b, const char *s);
void rbuf_printf(rbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append s with &, <, >, " and ' escaped (XML/HTML text and attributes). */
void rbuf_escape(rbuf *b, const char *s);
/* The text ("" when empty). */
const char *rbuf_str(const rbuf *b);
/* Write the buffer to `path`; false (errno set) on failure or when an
 * append failed. */
bool rbuf_write_file(const rbuf *b, const char *path);
void rbuf_free(rbuf *b);

#endif
