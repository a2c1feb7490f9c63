/* batchnorm.c - spatial batch normalisation (per channel over batch and
 * positions): training mode with batch statistics, inference mode with
 * given statistics, and the backward pass of training mode. */
#include "ml/cnn/cnn_layers.h"

#include <math.h>

void ser__cnn_bn_forward_train(const float *x, size_t n, size_t c, size_t hw, const float *gamma, const float *beta,
                               float eps, float *y, float *mean, float *var, float *invstd)
{
    const double m = (double)(n * hw);
    for (size_t ch = 0; ch < c; ch++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            const float *p = x + (i * c + ch) * hw;
            for (size_t j = 0; j < hw; j++)
                s += p[j];
        }
        const double mu = s / m;
        double ss = 0.0;
        for (size_t i = 0; i < n; i++) {
            const float *p = x + (i * c + ch) * hw;
            for (size_t j = 0; j < hw; j++) {
                const double d = p[j] - mu;
                ss += d * d;
            }
        }
        const double v = ss / m;
        const double is = 1.0 / sqrt(v + (double)eps);
        mean[ch] = (float)mu;
        var[ch] = (float)v;
        invstd[ch] = (float)is;
        const float a = (float)(gamma[ch] * is), bb = (float)(beta[ch] - gamma[ch] * is * mu);
        for (size_t i = 0; i < n; i++) {
            const float *p = x + (i * c + ch) * hw;
            float *q = y + (i * c + ch) * hw;
            for (size_t j = 0; j < hw; j++)
                q[j] = a * p[j] + bb;
        }
    }
}

void ser__cnn_bn_forward_infer(const float *x, size_t n, size_t c, size_t hw, const float *gamma, const float *beta,
                               const float *mean, const float *var, float eps, float *y)
{
    for (size_t ch = 0; ch < c; ch++) {
        const double is = 1.0 / sqrt((double)var[ch] + (double)eps);
        const float a = (float)(gamma[ch] * is), bb = (float)(beta[ch] - gamma[ch] * is * mean[ch]);
        for (size_t i = 0; i < n; i++) {
            const float *p = x + (i * c + ch) * hw;
            float *q = y + (i * c + ch) * hw;
            for (size_t j = 0; j < hw; j++)
                q[j] = a * p[j] + bb;
        }
    }
}

void ser__cnn_bn_backward(const float *x, const float *dy, size_t n, size_t c, size_t hw, const float *gamma,
                          const float *mean, const float *invstd, float *dgamma, float *dbeta, float *dx)
{
    const double m = (double)(n * hw);
    for (size_t ch = 0; ch < c; ch++) {
        const double mu = mean[ch], is = invstd[ch];
        double sdy = 0.0, sdyx = 0.0;
        for (size_t i = 0; i < n; i++) {
            const float *p = x + (i * c + ch) * hw;
            const float *g = dy + (i * c + ch) * hw;
            for (size_t j = 0; j < hw; j++) {
                sdy += g[j];
                sdyx += g[j] * ((p[j] - mu) * is);
            }
        }
        dgamma[ch] += (float)sdyx;
        dbeta[ch] += (float)sdy;
        /* dx = gamma * is / m * (m dy - sum dy - xhat sum(dy xhat)) */
        const double k = gamma[ch] * is / m;
        for (size_t i = 0; i < n; i++) {
            const float *p = x + (i * c + ch) * hw;
            const float *g = dy + (i * c + ch) * hw;
            float *o = dx + (i * c + ch) * hw;
            for (size_t j = 0; j < hw; j++) {
                const double xh = (p[j] - mu) * is;
                o[j] = (float)(k * (m * g[j] - sdy - xh * sdyx));
            }
        }
    }
}
