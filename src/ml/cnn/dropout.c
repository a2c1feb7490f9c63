/* dropout.c - inverted dropout with a seeded generator. */
#include "ml/cnn/cnn_layers.h"

void ser__cnn_dropout_forward(const float *x, size_t count, float p, ser_rng *rng, float *mask, float *y)
{
    const float keep = 1.0f / (1.0f - p);
    for (size_t i = 0; i < count; i++) {
        mask[i] = (p > 0.0f && ser_rng_uniform(rng) < (double)p) ? 0.0f : keep;
        y[i] = x[i] * mask[i];
    }
}

void ser__cnn_dropout_backward(const float *dy, const float *mask, size_t count, float *dx)
{
    for (size_t i = 0; i < count; i++)
        dx[i] = dy[i] * mask[i];
}
