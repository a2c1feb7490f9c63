/* bn_recompute.c - batch-norm statistics recomputed over a data set
 * (dropout off): every batch is run in training mode and each layer's
 * batch mean and E[x^2] are pooled, weighted by batch size. */
#include "ml/cnn/cnn_internal.h"

#include <stdlib.h>

#include "ser/util.h"

ser_status ser_cnn_recompute_bn(ser_cnn *net, const float *images, size_t n, ser_error *err)
{
    if (!net || !images)
        return ser_error_set(err, SER_ERR_ARG, "cnn_recompute_bn: NULL argument");
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "cnn_recompute_bn: no images");
    size_t total = 0;
    for (size_t b = 0; b < net->cfg.n_blocks; b++)
        total += net->blocks[b].cout;
    double *acc = ser_calloc_array(2 * total, sizeof *acc); /* sum of means, sum of E[x^2] */
    if (!acc)
        return ser_error_set(err, SER_ERR_NOMEM, "cnn_recompute_bn: out of memory");
    const size_t img = net->cfg.n_mels * net->cfg.n_frames;
    for (size_t s = 0; s < n; s += net->cfg.max_batch) {
        const size_t m = n - s < net->cfg.max_batch ? n - s : net->cfg.max_batch;
        ser__cnn_forward(net, images + s * img, m, SER__CNN_STATS);
        size_t o = 0;
        for (size_t b = 0; b < net->cfg.n_blocks; b++) {
            const ser__cnn_block *bl = &net->blocks[b];
            for (size_t ch = 0; ch < bl->cout; ch++, o++) {
                const double mu = bl->bmean[ch];
                acc[o] += (double)m * mu;
                acc[total + o] += (double)m * ((double)bl->bvar[ch] + mu * mu);
            }
        }
    }
    size_t o = 0;
    for (size_t b = 0; b < net->cfg.n_blocks; b++) {
        ser__cnn_block *bl = &net->blocks[b];
        for (size_t ch = 0; ch < bl->cout; ch++, o++) {
            const double mu = acc[o] / (double)n;
            const double v = acc[total + o] / (double)n - mu * mu;
            bl->mean[ch] = (float)mu;
            bl->var[ch] = (float)(v > 0.0 ? v : 0.0);
        }
    }
    free(acc);
    return SER_OK;
}
