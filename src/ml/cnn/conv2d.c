/* conv2d.c - 2-D convolution, stride 1, "same" zero padding, by im2col
 * and one cblas_sgemm per image; im2col / col2im copy whole valid runs. */
#include "ml/cnn/cnn_layers.h"

#include <cblas.h>
#include <string.h>

/* Columns [x0, x1) of an output row whose source column xx + d lies
 * inside [0, w). */
static void valid_cols(long d, size_t w, size_t *x0, size_t *x1)
{
    long a = d < 0 ? -d : 0, b = d > 0 ? (long)w - d : (long)w;
    if (a > (long)w)
        a = (long)w;
    if (b < a)
        b = a;
    *x0 = (size_t)a;
    *x1 = (size_t)b;
}

void ser__cnn_im2col(const float *x, size_t c, size_t h, size_t w, size_t k, float *col)
{
    const long pad = (long)(k / 2);
    const size_t hw = h * w;
    for (size_t ci = 0; ci < c; ci++) {
        const float *plane = x + ci * hw;
        for (size_t ki = 0; ki < k; ki++) {
            for (size_t kj = 0; kj < k; kj++) {
                float *row = col + ((ci * k + ki) * k + kj) * hw;
                const long dy = (long)ki - pad, dx = (long)kj - pad;
                size_t x0, x1;
                valid_cols(dx, w, &x0, &x1);
                for (size_t yy = 0; yy < h; yy++) {
                    const long sy = (long)yy + dy;
                    float *out = row + yy * w;
                    if (sy < 0 || sy >= (long)h) {
                        memset(out, 0, w * sizeof *out);
                        continue;
                    }
                    const float *in = plane + (size_t)sy * w;
                    for (size_t xx = 0; xx < x0; xx++)
                        out[xx] = 0.0f;
                    if (x1 > x0)
                        memcpy(out + x0, in + (long)x0 + dx, (x1 - x0) * sizeof *out);
                    for (size_t xx = x1; xx < w; xx++)
                        out[xx] = 0.0f;
                }
            }
        }
    }
}

void ser__cnn_col2im(const float *col, size_t c, size_t h, size_t w, size_t k, float *dx)
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
                size_t x0, x1;
                valid_cols(dxo, w, &x0, &x1);
                for (size_t yy = 0; yy < h; yy++) {
                    const long sy = (long)yy + dy;
                    if (sy < 0 || sy >= (long)h)
                        continue;
                    float *restrict out = plane + (size_t)sy * w + (size_t)((long)x0 + dxo);
                    const float *restrict in = row + yy * w + x0;
                    for (size_t j = 0; j < x1 - x0; j++)
                        out[j] += in[j];
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
        ser__cnn_im2col(x + i * c * hw, c, h, w, k, col);
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
        ser__cnn_im2col(x + i * c * hw, c, h, w, k, col);
        /* dwt (kout, ckk) += dy_i (kout, hw) * col^T (hw, ckk) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)kout, (int)ckk, (int)hw, 1.0f, dyi, (int)hw, col,
                    (int)hw, 1.0f, dwt, (int)ckk);
        if (dx) {
            /* dcol (ckk, hw) = wt^T (ckk, kout) * dy_i (kout, hw) */
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ckk, (int)hw, (int)kout, 1.0f, wt, (int)ckk,
                        dyi, (int)hw, 0.0f, col, (int)hw);
            ser__cnn_col2im(col, c, h, w, k, dx + i * c * hw);
        }
    }
}
