/* Feature matrices as NumPy .npy, format 1.0, '<f8', C order
 * (include/ser/feature_io.h). */
#include <stdint.h>
#include <string.h>

#include "feature_io_internal.h"
#include "ser/feature_io.h"

static void put_f64le(FILE *f, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    unsigned char b[8];
    for (int k = 0; k < 8; k++)
        b[k] = (unsigned char)(u >> (8 * k));
    fwrite(b, 1, 8, f);
}

ser_status ser__feature_npy_write(const ser_feature_matrix *m, FILE *f)
{
    size_t rows = 0;
    for (size_t i = 0; i < m->n_rows; i++)
        rows += !m->ok || m->ok[i];
    char dict[128];
    int n = snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (%zu, %zu), }", rows,
                     m->dim);
    /* magic (6) + version (2) + header length (2) + dict + pad + '\n' = multiple of 64 */
    size_t total = 10 + (size_t)n + 1;
    size_t pad = (64 - total % 64) % 64;
    size_t hlen = (size_t)n + pad + 1;
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    fputc((int)(hlen & 0xff), f);
    fputc((int)(hlen >> 8), f);
    fwrite(dict, 1, (size_t)n, f);
    for (size_t k = 0; k < pad; k++)
        fputc(' ', f);
    fputc('\n', f);
    for (size_t i = 0; i < m->n_rows; i++) {
        if (m->ok && !m->ok[i])
            continue;
        for (size_t k = 0; k < m->dim; k++)
            put_f64le(f, m->values[i * m->dim + k]);
    }
    return ferror(f) ? SER_ERR_IO : SER_OK;
}
