/* dense.c - fully connected layer, weights (out, in) as PyTorch's Linear. */
#include "ml/cnn/cnn_layers.h"

#include <cblas.h>

void ser__cnn_dense_forward(const float *x, size_t n, size_t in, const float *wt, const float *b, size_t out,
                            float *y)
{
    for (size_t i = 0; i < n; i++)
        for (size_t o = 0; o < out; o++)
            y[i * out + o] = b[o];
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)out, (int)in, 1.0f, x, (int)in, wt, (int)in,
                1.0f, y, (int)out);
}

void ser__cnn_dense_backward(const float *x, const float *dy, size_t n, size_t in, const float *wt, size_t out,
                             float *dwt, float *db, float *dx)
{
    for (size_t i = 0; i < n; i++)
        for (size_t o = 0; o < out; o++)
            db[o] += dy[i * out + o];
    /* dwt (out, in) += dy^T (out, n) * x (n, in) */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)out, (int)in, (int)n, 1.0f, dy, (int)out, x, (int)in,
                1.0f, dwt, (int)in);
    if (dx) /* dx (n, in) = dy (n, out) * wt (out, in) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)in, (int)out, 1.0f, dy, (int)out, wt,
                    (int)in, 0.0f, dx, (int)in);
}
