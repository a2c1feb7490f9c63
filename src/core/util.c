#include "ser/util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool ser_size_mul(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return false;
    *out = a * b;
    return true;
}

bool ser_size_add(size_t a, size_t b, size_t *out)
{
    if (b > SIZE_MAX - a)
        return false;
    *out = a + b;
    return true;
}

void *ser_alloc_array(size_t n, size_t size)
{
    size_t bytes;
    if (!ser_size_mul(n, size, &bytes))
        return NULL;
    return malloc(bytes ? bytes : 1);
}

void *ser_calloc_array(size_t n, size_t size)
{
    size_t bytes;
    if (!ser_size_mul(n, size, &bytes))
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

char *ser_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

double ser_amplitude_to_dbfs(double amplitude)
{
    if (amplitude <= 0.0)
        return -INFINITY;
    return 20.0 * log10(amplitude);
}

void ser_csv_write_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
                                                    s[n - 1] == '\t'));
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
