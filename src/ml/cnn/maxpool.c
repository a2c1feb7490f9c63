/* maxpool.c - 2x2 max-pool, stride 2, floor (odd last row/column dropped). */
#include "ml/cnn/cnn_layers.h"

#include <string.h>

void ser__cnn_maxpool_forward(const float *x, size_t n, size_t c, size_t h, size_t w, float *y, int32_t *idx)
{
    const size_t oh = h / 2, ow = w / 2;
    for (size_t p = 0; p < n * c; p++) {
        const float *in = x + p * h * w;
        float *out = y + p * oh * ow;
        int32_t *ix = idx + p * oh * ow;
        for (size_t i = 0; i < oh; i++) {
            for (size_t j = 0; j < ow; j++) {
                size_t best = 2 * i * w + 2 * j;
                const size_t cand[3] = {best + 1, best + w, best + w + 1};
                for (int q = 0; q < 3; q++)
                    if (in[cand[q]] > in[best])
                        best = cand[q];
                out[i * ow + j] = in[best];
                ix[i * ow + j] = (int32_t)best;
            }
        }
    }
}

void ser__cnn_maxpool_backward(const float *dy, const int32_t *idx, size_t n, size_t c, size_t h, size_t w,
                               float *dx)
{
    const size_t o = (h / 2) * (w / 2);
    memset(dx, 0, n * c * h * w * sizeof *dx);
    for (size_t p = 0; p < n * c; p++)
        for (size_t q = 0; q < o; q++)
            dx[p * h * w + (size_t)idx[p * o + q]] += dy[p * o + q];
}
