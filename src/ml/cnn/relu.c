/* relu.c - rectified linear unit. */
#include "ml/cnn/cnn_layers.h"

void ser__cnn_relu_forward(const float *x, size_t count, float *y)
{
    for (size_t i = 0; i < count; i++)
        y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

void ser__cnn_relu_backward(const float *y, const float *dy, size_t count, float *dx)
{
    for (size_t i = 0; i < count; i++)
        dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
}
