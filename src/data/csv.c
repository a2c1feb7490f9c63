/* RFC 4180 CSV reader (see csv.h). */
#include "data/csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

void ser__csv_init(ser__csv *r, char *buf, size_t len)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->len = len;
    r->line = 1;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF)
        r->pos = 3;
}

void ser__csv_free(ser__csv *r)
{
    free(r->fields);
    r->fields = NULL;
    r->cap = 0;
}

static bool push_field(ser__csv *r, size_t n, char *field)
{
    if (n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        char **grown = ser_alloc_array(cap, sizeof *grown);
        if (!grown)
            return false;
        if (r->cap)
            memcpy(grown, r->fields, r->cap * sizeof *grown);
        free(r->fields);
        r->fields = grown;
        r->cap = cap;
    }
    r->fields[n] = field;
    return true;
}

/* Consume a line break at pos (LF, CRLF or CR); true if there was one. */
static bool eat_newline(ser__csv *r, size_t *pos)
{
    if (*pos < r->len && r->buf[*pos] == '\r') {
        (*pos)++;
        if (*pos < r->len && r->buf[*pos] == '\n')
            (*pos)++;
        return true;
    }
    if (*pos < r->len && r->buf[*pos] == '\n') {
        (*pos)++;
        return true;
    }
    return false;
}

int ser__csv_next(ser__csv *r, char ***fields, size_t *n_fields, size_t *line)
{
    char *b = r->buf;
    size_t p = r->pos;
    while (p < r->len && (b[p] == '\n' || b[p] == '\r')) { /* empty lines */
        eat_newline(r, &p);
        r->line++;
    }
    if (p >= r->len) {
        r->pos = p;
        return 0;
    }
    *line = r->line;
    size_t n = 0, w = p; /* decoded text goes to b[w], w <= p */
    for (;;) {
        char *field = b + w;
        if (p < r->len && b[p] == '"') {
            size_t opened = r->line;
            p++;
            for (;;) {
                if (p >= r->len) {
                    *line = opened;
                    return SER_ERR_PARSE;
                }
                if (b[p] == '"') {
                    if (p + 1 < r->len && b[p + 1] == '"') {
                        b[w++] = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (b[p] == '\n' || (b[p] == '\r' && (p + 1 >= r->len || b[p + 1] != '\n')))
                    r->line++;
                b[w++] = b[p++];
            }
        }
        while (p < r->len && b[p] != ',' && b[p] != '\n' && b[p] != '\r')
            b[w++] = b[p++];
        bool more = p < r->len && b[p] == ',';
        if (more)
            p++;
        else if (eat_newline(r, &p))
            r->line++;
        b[w++] = '\0'; /* w <= p: the separator (or the end) was consumed */
        if (!push_field(r, n++, field))
            return SER_ERR_NOMEM;
        if (!more)
            break;
    }
    r->pos = p;
    *fields = r->fields;
    *n_fields = n;
    return 1;
}

char *ser__read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *grown = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!grown) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(buf);
                buf = NULL;
                errno = e;
            }
            break;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}
