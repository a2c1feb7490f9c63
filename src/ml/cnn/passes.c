/* passes.c - the network's forward and backward passes over one batch. */
#include "ml/cnn/cnn_internal.h"

#include <string.h>

#include "ml/cnn/cnn_layers.h"

static const float *block_out(const ser__cnn_block *bl) { return bl->p ? bl->p : bl->a; }

void ser__cnn_forward(ser_cnn *net, const float *images, size_t n, ser__cnn_mode mode)
{
    const ser_cnn_config *c = &net->cfg;
    const size_t hh = c->n_mels, ww = c->n_frames;
    for (size_t i = 0; i < n; i++)
        for (size_t m = 0; m < hh; m++) {
            const float mu = net->band_mean[m], inv = 1.0f / net->band_std[m];
            const float *src = images + (i * hh + m) * ww;
            float *dst = net->x0 + (i * hh + m) * ww;
            for (size_t t = 0; t < ww; t++)
                dst[t] = (src[t] - mu) * inv;
        }
    const float *in = net->x0;
    const float *p = net->params;
    for (size_t b = 0; b < c->n_blocks; b++) {
        ser__cnn_block *bl = &net->blocks[b];
        const size_t hw = bl->h * bl->w;
        ser__cnn_conv_forward(in, n, bl->cin, bl->h, bl->w, p + bl->off_w, p + bl->off_b, bl->cout, c->kernel, bl->z,
                              net->col);
        if (mode == SER__CNN_INFER)
            ser__cnn_bn_forward_infer(bl->z, n, bl->cout, hw, p + bl->off_gamma, p + bl->off_beta, bl->mean, bl->var,
                                      c->bn_eps, bl->a);
        else
            ser__cnn_bn_forward_train(bl->z, n, bl->cout, hw, p + bl->off_gamma, p + bl->off_beta, c->bn_eps, bl->a,
                                      bl->bmean, bl->bvar, bl->binvstd);
        ser__cnn_relu_forward(bl->a, n * bl->cout * hw, bl->a);
        if (bl->p)
            ser__cnn_maxpool_forward(bl->a, n, bl->cout, bl->h, bl->w, bl->p, bl->idx);
        in = block_out(bl);
    }
    const ser__cnn_block *last = &net->blocks[c->n_blocks - 1];
    ser__cnn_gap_forward(in, n, net->feat, last->oh * last->ow, net->g);
    if (mode == SER__CNN_TRAIN && c->dropout > 0.0f) {
        ser__cnn_dropout_forward(net->g, n * net->feat, c->dropout, &net->rng, net->mask, net->d);
    } else {
        for (size_t i = 0; i < n * net->feat; i++)
            net->mask[i] = 1.0f;
        memcpy(net->d, net->g, n * net->feat * sizeof *net->d);
    }
    ser__cnn_dense_forward(net->d, n, net->feat, p + net->off_dw, p + net->off_db, c->n_classes, net->logits);
    ser__cnn_softmax_xent(net->logits, NULL, n, c->n_classes, NULL, net->probs, NULL, NULL);
}

void ser__cnn_backward(ser_cnn *net, size_t n)
{
    const ser_cnn_config *c = &net->cfg;
    const float *p = net->params;
    float *g = net->grads;
    float *cur = net->gbuf_a, *other = net->gbuf_b, *tmp;
    ser__cnn_dense_backward(net->d, net->dlogits, n, net->feat, p + net->off_dw, c->n_classes, g + net->off_dw,
                            g + net->off_db, cur);
    ser__cnn_dropout_backward(cur, net->mask, n * net->feat, cur);
    const ser__cnn_block *last = &net->blocks[c->n_blocks - 1];
    ser__cnn_gap_backward(cur, n, net->feat, last->oh * last->ow, other);
    tmp = cur, cur = other, other = tmp;
    for (size_t b = c->n_blocks; b-- > 0;) {
        ser__cnn_block *bl = &net->blocks[b];
        const size_t hw = bl->h * bl->w;
        if (bl->p) {
            ser__cnn_maxpool_backward(cur, bl->idx, n, bl->cout, bl->h, bl->w, other);
            tmp = cur, cur = other, other = tmp;
        }
        ser__cnn_relu_backward(bl->a, cur, n * bl->cout * hw, cur);
        ser__cnn_bn_backward(bl->z, cur, n, bl->cout, hw, p + bl->off_gamma, bl->bmean, bl->binvstd,
                             g + bl->off_gamma, g + bl->off_beta, cur);
        const float *in = b == 0 ? net->x0 : block_out(&net->blocks[b - 1]);
        ser__cnn_conv_backward(in, cur, n, bl->cin, bl->h, bl->w, p + bl->off_w, bl->cout, c->kernel,
                               g + bl->off_w, g + bl->off_b, b == 0 ? NULL : other, net->col);
        tmp = cur, cur = other, other = tmp;
    }
}
