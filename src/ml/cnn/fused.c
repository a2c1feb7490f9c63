/* fused.c - one image's element-wise passes of a conv block, fused so
 * each activation is read once per pass: plane statistics for batch
 * norm, batch norm + ReLU (+ 2x2 max-pool), and their backward.  Sums
 * run in 8 double lanes (vectorisable, fixed order). */
#include "ml/cnn/cnn_layers.h"

#include <string.h>

enum { LANES = 8 };

static double lanes_total(const double *acc)
{
    double s = 0.0;
    for (int l = 0; l < LANES; l++)
        s += acc[l];
    return s;
}

double ser__cnn_plane_sum(const float *p, size_t n)
{
    double acc[LANES] = {0};
    size_t j = 0;
    for (; j + LANES <= n; j += LANES)
        for (int l = 0; l < LANES; l++)
            acc[l] += p[j + (size_t)l];
    double s = lanes_total(acc);
    for (; j < n; j++)
        s += p[j];
    return s;
}

static double plane_dev2(const float *p, size_t n, double mu)
{
    double acc[LANES] = {0};
    size_t j = 0;
    for (; j + LANES <= n; j += LANES)
        for (int l = 0; l < LANES; l++) {
            const double d = (double)p[j + (size_t)l] - mu;
            acc[l] += d * d;
        }
    double s = lanes_total(acc);
    for (; j < n; j++) {
        const double d = (double)p[j] - mu;
        s += d * d;
    }
    return s;
}

void ser__cnn_plane_stats(const float *z, size_t c, size_t hw, double *sum, double *m2)
{
    for (size_t ch = 0; ch < c; ch++) {
        const float *p = z + ch * hw;
        const double s = ser__cnn_plane_sum(p, hw);
        sum[ch] = s;
        m2[ch] = plane_dev2(p, hw, s / (double)hw);
    }
}

void ser__cnn_bn_relu_pool(const float *z, size_t c, size_t h, size_t w, const float *scale, const float *shift,
                           float *a, float *p, int32_t *idx)
{
    const size_t hw = h * w, oh = h / 2, ow = w / 2;
    for (size_t ch = 0; ch < c; ch++) {
        const float sc = scale[ch], sh = shift[ch];
        const float *restrict zi = z + ch * hw;
        float *restrict ai = a + ch * hw;
        for (size_t j = 0; j < hw; j++) {
            const float v = sc * zi[j] + sh;
            ai[j] = v > 0.0f ? v : 0.0f;
        }
        if (!p)
            continue;
        float *po = p + ch * oh * ow;
        int32_t *io = idx + ch * oh * ow;
        for (size_t i = 0; i < oh; i++) {
            const float *r0 = ai + 2 * i * w, *r1 = r0 + w;
            const int32_t base = (int32_t)(2 * i * w);
            for (size_t j = 0; j < ow; j++) {
                /* first maximum wins, in the order (0,0) (0,1) (1,0) (1,1) */
                float m = r0[2 * j];
                int32_t k = base + (int32_t)(2 * j);
                const float v1 = r0[2 * j + 1], v2 = r1[2 * j], v3 = r1[2 * j + 1];
                k = v1 > m ? base + (int32_t)(2 * j + 1) : k;
                m = v1 > m ? v1 : m;
                k = v2 > m ? base + (int32_t)(w + 2 * j) : k;
                m = v2 > m ? v2 : m;
                k = v3 > m ? base + (int32_t)(w + 2 * j + 1) : k;
                m = v3 > m ? v3 : m;
                po[i * ow + j] = m;
                io[i * ow + j] = k;
            }
        }
    }
}

void ser__cnn_pool_relu_backward(const float *dy, const float *a, const int32_t *idx, size_t c, size_t h, size_t w,
                                 float *g)
{
    const size_t hw = h * w;
    if (!idx) {
        for (size_t j = 0; j < c * hw; j++) {
            const float d = dy[j];
            g[j] = a[j] > 0.0f ? d : 0.0f;
        }
        return;
    }
    const size_t o = (h / 2) * (w / 2);
    memset(g, 0, c * hw * sizeof *g);
    for (size_t ch = 0; ch < c; ch++) {
        const float *d = dy + ch * o, *ai = a + ch * hw;
        const int32_t *ix = idx + ch * o;
        float *gi = g + ch * hw;
        for (size_t q = 0; q < o; q++) {
            const size_t at = (size_t)ix[q];
            gi[at] = ai[at] > 0.0f ? d[q] : 0.0f;
        }
    }
}

void ser__cnn_plane_dstats(const float *g, const float *z, size_t c, size_t hw, const float *mean, double *sdy,
                           double *sdyz)
{
    for (size_t ch = 0; ch < c; ch++) {
        const float *gi = g + ch * hw, *zi = z + ch * hw;
        const float mu = mean[ch];
        double a1[LANES] = {0}, a2[LANES] = {0};
        size_t j = 0;
        for (; j + LANES <= hw; j += LANES)
            for (int l = 0; l < LANES; l++) {
                const double gv = gi[j + (size_t)l];
                a1[l] += gv;
                a2[l] += gv * (double)(zi[j + (size_t)l] - mu);
            }
        double s1 = lanes_total(a1), s2 = lanes_total(a2);
        for (; j < hw; j++) {
            s1 += gi[j];
            s2 += (double)gi[j] * (double)(zi[j] - mu);
        }
        sdy[ch] = s1;
        sdyz[ch] = s2;
    }
}

void ser__cnn_bn_dx(float *g, const float *z, size_t c, size_t hw, const float *mean, const float *ka,
                    const float *kb, const float *kc)
{
    for (size_t ch = 0; ch < c; ch++) {
        float *restrict gi = g + ch * hw;
        const float *restrict zi = z + ch * hw;
        const float mu = mean[ch], a = ka[ch], b = kb[ch], cc = kc[ch];
        for (size_t j = 0; j < hw; j++)
            gi[j] = a * gi[j] - b - cc * (zi[j] - mu);
    }
}
