/* softmax_xent.c - softmax cross-entropy with class weights. */
#include "ml/cnn/cnn_layers.h"

#include <math.h>

double ser__cnn_softmax_xent(const float *logits, const int *labels, size_t n, size_t k, const double *class_w,
                             float *probs, float *dlogits, size_t *correct)
{
    double num = 0.0, den = 0.0;
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        const float *z = logits + i * k;
        float *p = probs + i * k;
        size_t arg = 0;
        for (size_t j = 1; j < k; j++)
            if (z[j] > z[arg])
                arg = j;
        double s = 0.0;
        for (size_t j = 0; j < k; j++)
            s += exp((double)z[j] - (double)z[arg]);
        const double lse = (double)z[arg] + log(s);
        for (size_t j = 0; j < k; j++)
            p[j] = (float)exp((double)z[j] - lse);
        if (labels) {
            const size_t y = (size_t)labels[i];
            const double w = class_w ? class_w[y] : 1.0;
            num += w * (lse - (double)z[y]);
            den += w;
            hits += arg == y;
        }
    }
    if (correct)
        *correct = hits;
    if (!labels)
        return 0.0;
    if (dlogits) {
        for (size_t i = 0; i < n; i++) {
            const size_t y = (size_t)labels[i];
            const double w = (class_w ? class_w[y] : 1.0) / den;
            for (size_t j = 0; j < k; j++)
                dlogits[i * k + j] = (float)(w * ((double)probs[i * k + j] - (j == y ? 1.0 : 0.0)));
        }
    }
    return den > 0.0 ? num / den : 0.0;
}
