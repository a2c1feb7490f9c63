/* gap.c - global average pooling over positions. */
#include "ml/cnn/cnn_layers.h"

void ser__cnn_gap_forward(const float *x, size_t n, size_t c, size_t hw, float *y)
{
    for (size_t p = 0; p < n * c; p++) {
        double s = 0.0;
        for (size_t j = 0; j < hw; j++)
            s += x[p * hw + j];
        y[p] = (float)(s / (double)hw);
    }
}

void ser__cnn_gap_backward(const float *dy, size_t n, size_t c, size_t hw, float *dx)
{
    const float inv = 1.0f / (float)hw;
    for (size_t p = 0; p < n * c; p++)
        for (size_t j = 0; j < hw; j++)
            dx[p * hw + j] = dy[p] * inv;
}
