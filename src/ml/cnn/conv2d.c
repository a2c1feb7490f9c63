/* conv2d.c - 2-D convolution, stride 1, "same" zero padding, by im2col
 * and one cblas_sgemm per image. */
#include "ml/cnn/cnn_layers.h"

#include <cblas.h>
#include <string.h>

/* col (c*k*k, h*w): row (ci, ki, kj) holds x[ci, y+ki-pad, x+kj-pad] or 0. */
static void im2col(const float *x, size_t c, size_t h, size_t w, size_t k, float *col)
{
    const long pad = (long)(k / 2);
    const size_t hw = h * w;
    for (size_t ci = 0; ci < c; ci++) {
        const float *plane = x + ci * hw;
        for (size_t ki = 0; ki < k; ki++) {
            for (size_t kj = 0; kj < k; kj++) {
                float *row = col + ((ci * k + ki) * k + kj) * hw;
                const long dy = (long)ki - pad, dx = (long)kj - pad;
                for (size_t yy = 0; yy < h; yy++) {
                    const long sy = (long)yy + dy;
                    float *out = row + yy * w;
                    if (sy < 0 || sy >= (long)h) {
                        memset(out, 0, w * sizeof *out);
                        continue;
                    }
                    const float *in = plane + (size_t)sy * w;
                    for (size_t xx = 0; xx < w; xx++) {
                        const long sx = (long)xx + dx;
                        out[xx] = (sx < 0 || sx >= (long)w) ? 0.0f : in[sx];
                    }
                }
            }
        }
    }
}

/* dx (c, h, w) = sum of col rows back at their source positions. */
static void col2im(const float *col, size_t c, size_t h, size_t w, size_t k, float *dx)
{
    const long pad = (long)(k / 2);
    const size_t hw = h * w;
    memset(dx, 0, c * hw * sizeof *dx);
    for (size_t ci = 0; ci < c; ci++) {
        float *plane = dx + ci * hw;
        for (size_t ki = 0; ki < k; ki++) {
            for (size_t kj = 0; kj < k; kj++) {
                const float *row = col + ((ci * k + ki) * k + kj) * hw;
                const long dy = (long)ki - pad, dxo = (long)kj - pad;
                for (size_t yy = 0; yy < h; yy++) {
                    const long sy = (long)yy + dy;
                    if (sy < 0 || sy >= (long)h)
                        continue;
                    float *out = plane + (size_t)sy * w;
                    const float *in = row + yy * w;
                    for (size_t xx = 0; xx < w; xx++) {
                        const long sx = (long)xx + dxo;
                        if (sx >= 0 && sx < (long)w)
                            out[sx] += in[xx];
                    }
                }
            }
        }
    }
}

void ser__cnn_conv_forward(const float *x, size_t n, size_t c, size_t h, size_t w, const float *wt, const float *b,
                           size_t kout, size_t k, float *y, float *col)
{
    const size_t hw = h * w, ckk = c * k * k;
    for (size_t i = 0; i < n; i++) {
        float *yi = y + i * kout * hw;
        for (size_t o = 0; o < kout; o++)
            for (size_t p = 0; p < hw; p++)
                yi[o * hw + p] = b[o];
        im2col(x + i * c * hw, c, h, w, k, col);
        /* y_i (kout, hw) += wt (kout, ckk) * col (ckk, hw) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)kout, (int)hw, (int)ckk, 1.0f, wt, (int)ckk,
                    col, (int)hw, 1.0f, yi, (int)hw);
    }
}

void ser__cnn_conv_backward(const float *x, const float *dy, size_t n, size_t c, size_t h, size_t w,
                            const float *wt, size_t kout, size_t k, float *dwt, float *db, float *dx, float *col)
{
    const size_t hw = h * w, ckk = c * k * k;
    for (size_t i = 0; i < n; i++) {
        const float *dyi = dy + i * kout * hw;
        for (size_t o = 0; o < kout; o++) {
            double s = 0.0;
            for (size_t p = 0; p < hw; p++)
                s += dyi[o * hw + p];
            db[o] += (float)s;
        }
        im2col(x + i * c * hw, c, h, w, k, col);
        /* dwt (kout, ckk) += dy_i (kout, hw) * col^T (hw, ckk) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)kout, (int)ckk, (int)hw, 1.0f, dyi, (int)hw, col,
                    (int)hw, 1.0f, dwt, (int)ckk);
        if (dx) {
            /* dcol (ckk, hw) = wt^T (ckk, kout) * dy_i (kout, hw) */
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ckk, (int)hw, (int)kout, 1.0f, wt, (int)ckk,
                        dyi, (int)hw, 0.0f, col, (int)hw);
            col2im(col, c, h, w, k, dx + i * c * hw);
        }
    }
}
