/* Delta features, librosa.feature.delta(width, order=1, mode='interp'). */
#include "ser/delta.h"

/* Least-squares slope of x[first + k*rows], k in [0, len), per frame step. */
static double slope(const float *x, size_t first, size_t len, size_t rows)
{
    if (len < 2)
        return 0.0;
    double c = 0.5 * (double)(len - 1), num = 0.0, den = 0.0;
    for (size_t k = 0; k < len; k++) {
        double d = (double)k - c;
        num += d * (double)x[first + k * rows];
        den += d * d;
    }
    return num / den;
}

ser_status ser_delta_frames(const float *x, size_t n_frames, size_t n_rows, size_t width, float *out)
{
    if (width < 3 || width % 2 == 0 || (!x && n_frames) || (!out && n_frames))
        return SER_ERR_ARG;
    size_t T = n_frames, h = width / 2;
    for (size_t r = 0; r < n_rows; r++) {
        if (T < width) {
            float v = (float)slope(x, r, T, n_rows);
            for (size_t t = 0; t < T; t++)
                out[t * n_rows + r] = v;
            continue;
        }
        for (size_t t = h; t < T - h; t++)
            out[t * n_rows + r] = (float)slope(x, (t - h) * n_rows + r, width, n_rows);
        for (size_t t = 0; t < h; t++) {
            out[t * n_rows + r] = out[h * n_rows + r];
            out[(T - 1 - t) * n_rows + r] = out[(T - 1 - h) * n_rows + r];
        }
    }
    return SER_OK;
}
