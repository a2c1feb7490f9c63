/* passes.c - the network's forward and backward passes over one batch.
 *
 * Each conv block runs image by image (data-parallel over the batch on
 * the network's workers, each with its own im2col scratch and, in the
 * backward pass, its own conv-gradient accumulator) with the batch-norm
 * statistics combined between the image passes on the calling thread, in
 * image order.  So results do not depend on which thread ran an image;
 * the only thread-count dependence is the final sum of the per-thread
 * conv gradients (fixed order). */
#include "ml/cnn/cnn_internal.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "ml/cnn/cnn_layers.h"

static const float *block_out(const ser__cnn_block *bl) { return bl->p ? bl->p : bl->a; }
static size_t out_size(const ser__cnn_block *bl) { return bl->cout * bl->oh * bl->ow; }

typedef struct pass_ctx {
    ser_cnn *net;
    size_t b, n;
    const float *images; /* raw input (block 0, forward) */
    const float *in;     /* block input (n, cin, h, w) */
    const float *dy;     /* backward: gradient at the block output */
    float *g;            /* backward: gradient at the batch-norm output, then at the conv output */
    float *dx;           /* backward: gradient at the block input, or NULL */
    int stats;           /* forward: compute plane statistics */
} pass_ctx;

static double *stat_sum(ser_cnn *net, size_t i, size_t c) { return net->pstat + i * c; }
static double *stat_m2(ser_cnn *net, size_t i, size_t c)
{
    return net->pstat + net->cfg.max_batch * net->max_cout + i * c;
}
static float *thread_col(ser_cnn *net, size_t tid) { return tid ? net->tcol[tid - 1] : net->col; }
static float *thread_grads(ser_cnn *net, size_t tid)
{
    return tid ? net->tgrads + (tid - 1) * net->n_params : net->grads;
}

static void normalise(const ser_cnn *net, const float *src, float *dst)
{
    const size_t hh = net->cfg.n_mels, ww = net->cfg.n_frames;
    for (size_t m = 0; m < hh; m++) {
        const float mu = net->band_mean[m], inv = 1.0f / net->band_std[m];
        for (size_t t = 0; t < ww; t++)
            dst[m * ww + t] = (src[m * ww + t] - mu) * inv;
    }
}

/* conv (+ input normalisation for block 0) and plane statistics */
static void conv_forward_task(void *vctx, size_t lo, size_t hi, size_t tid)
{
    pass_ctx *x = vctx;
    ser_cnn *net = x->net;
    const ser__cnn_block *bl = &net->blocks[x->b];
    const size_t hw = bl->h * bl->w, in_sz = bl->cin * hw, k = net->cfg.kernel, ckk = bl->cin * k * k;
    const float *wt = net->params + bl->off_w, *bias = net->params + bl->off_b;
    float *col = thread_col(net, tid);
    for (size_t i = lo; i < hi; i++) {
        if (x->b == 0)
            normalise(net, x->images + i * in_sz, net->x0 + i * in_sz);
        const float *xi = x->in + i * in_sz;
        float *zi = bl->z + i * bl->cout * hw;
        for (size_t o = 0; o < bl->cout; o++)
            for (size_t p = 0; p < hw; p++)
                zi[o * hw + p] = bias[o];
        ser__cnn_im2col(xi, bl->cin, bl->h, bl->w, k, col);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)bl->cout, (int)hw, (int)ckk, 1.0f, wt, (int)ckk,
                    col, (int)hw, 1.0f, zi, (int)hw);
        if (x->stats)
            ser__cnn_plane_stats(zi, bl->cout, hw, stat_sum(net, i, bl->cout), stat_m2(net, i, bl->cout));
    }
}

static void bn_relu_task(void *vctx, size_t lo, size_t hi, size_t tid)
{
    (void)tid;
    pass_ctx *x = vctx;
    ser_cnn *net = x->net;
    ser__cnn_block *bl = &net->blocks[x->b];
    const size_t hw = bl->h * bl->w, osz = out_size(bl);
    for (size_t i = lo; i < hi; i++)
        ser__cnn_bn_relu_pool(bl->z + i * bl->cout * hw, bl->cout, bl->h, bl->w, net->ch_a, net->ch_b,
                              bl->a + i * bl->cout * hw, bl->p ? bl->p + i * osz : NULL,
                              bl->idx ? bl->idx + i * osz : NULL);
}

/* Batch mean / population variance per channel from the plane statistics
 * (Chan's combination, image order). */
static void batch_stats(ser_cnn *net, ser__cnn_block *bl, size_t n, float eps)
{
    const size_t hw = bl->h * bl->w;
    const double m = (double)(n * hw);
    for (size_t ch = 0; ch < bl->cout; ch++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += stat_sum(net, i, bl->cout)[ch];
        const double mu = s / m;
        double m2 = 0.0;
        for (size_t i = 0; i < n; i++) {
            const double d = stat_sum(net, i, bl->cout)[ch] / (double)hw - mu;
            m2 += stat_m2(net, i, bl->cout)[ch] + (double)hw * d * d;
        }
        const double v = m2 / m;
        bl->bmean[ch] = (float)mu;
        bl->bvar[ch] = (float)v;
        bl->binvstd[ch] = (float)(1.0 / sqrt(v + (double)eps));
    }
}

void ser__cnn_forward(ser_cnn *net, const float *images, size_t n, ser__cnn_mode mode)
{
    const ser_cnn_config *c = &net->cfg;
    const float *p = net->params;
    pass_ctx x = {.net = net, .n = n, .images = images, .in = net->x0, .stats = mode != SER__CNN_INFER};
    for (size_t b = 0; b < c->n_blocks; b++) {
        ser__cnn_block *bl = &net->blocks[b];
        x.b = b;
        ser__cnn_workers_run(net->workers, conv_forward_task, &x, n);
        if (mode != SER__CNN_INFER)
            batch_stats(net, bl, n, c->bn_eps);
        const float *gamma = p + bl->off_gamma, *beta = p + bl->off_beta;
        for (size_t ch = 0; ch < bl->cout; ch++) {
            double mu, is;
            if (mode == SER__CNN_INFER) {
                mu = bl->mean[ch];
                is = 1.0 / sqrt((double)bl->var[ch] + (double)c->bn_eps);
            } else {
                mu = bl->bmean[ch];
                is = bl->binvstd[ch];
            }
            net->ch_a[ch] = (float)(gamma[ch] * is);
            net->ch_b[ch] = (float)(beta[ch] - gamma[ch] * is * mu);
        }
        ser__cnn_workers_run(net->workers, bn_relu_task, &x, n);
        x.in = block_out(bl);
    }
    const ser__cnn_block *last = &net->blocks[c->n_blocks - 1];
    ser__cnn_gap_forward(x.in, n, net->feat, last->oh * last->ow, net->g);
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

/* unpool + ReLU mask, then the batch-norm gradient sums per image */
static void bn_backward_task(void *vctx, size_t lo, size_t hi, size_t tid)
{
    (void)tid;
    pass_ctx *x = vctx;
    ser_cnn *net = x->net;
    const ser__cnn_block *bl = &net->blocks[x->b];
    const size_t hw = bl->h * bl->w, osz = out_size(bl), asz = bl->cout * hw;
    for (size_t i = lo; i < hi; i++) {
        float *gi = x->g + i * asz;
        ser__cnn_pool_relu_backward(x->dy + i * osz, bl->a + i * asz, bl->idx ? bl->idx + i * osz : NULL, bl->cout,
                                    bl->h, bl->w, gi);
        ser__cnn_plane_dstats(gi, bl->z + i * asz, bl->cout, hw, bl->bmean, stat_sum(net, i, bl->cout),
                              stat_m2(net, i, bl->cout));
    }
}

/* batch-norm input gradient, then the conv's gradients */
static void conv_backward_task(void *vctx, size_t lo, size_t hi, size_t tid)
{
    pass_ctx *x = vctx;
    ser_cnn *net = x->net;
    const ser__cnn_block *bl = &net->blocks[x->b];
    const size_t hw = bl->h * bl->w, asz = bl->cout * hw, in_sz = bl->cin * hw, k = net->cfg.kernel;
    const size_t ckk = bl->cin * k * k;
    const float *wt = net->params + bl->off_w;
    float *col = thread_col(net, tid), *gr = thread_grads(net, tid);
    float *dwt = gr + bl->off_w, *db = gr + bl->off_b;
    for (size_t i = lo; i < hi; i++) {
        float *gi = x->g + i * asz;
        ser__cnn_bn_dx(gi, bl->z + i * asz, bl->cout, hw, bl->bmean, net->ch_a, net->ch_b, net->ch_c);
        for (size_t o = 0; o < bl->cout; o++)
            db[o] += (float)ser__cnn_plane_sum(gi + o * hw, hw);
        ser__cnn_im2col(x->in + i * in_sz, bl->cin, bl->h, bl->w, k, col);
        /* dwt (kout, ckk) += dz_i (kout, hw) * col^T (hw, ckk) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)bl->cout, (int)ckk, (int)hw, 1.0f, gi, (int)hw,
                    col, (int)hw, 1.0f, dwt, (int)ckk);
        if (x->dx) {
            /* dcol (ckk, hw) = wt^T (ckk, kout) * dz_i (kout, hw) */
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)ckk, (int)hw, (int)bl->cout, 1.0f, wt,
                        (int)ckk, gi, (int)hw, 0.0f, col, (int)hw);
            ser__cnn_col2im(col, bl->cin, bl->h, bl->w, k, x->dx + i * in_sz);
        }
    }
}

void ser__cnn_backward(ser_cnn *net, size_t n)
{
    const ser_cnn_config *c = &net->cfg;
    const float *p = net->params;
    float *g = net->grads;
    float *cur = net->gbuf_a, *other = net->gbuf_b, *tmp;
    if (net->n_threads > 1)
        memset(net->tgrads, 0, (net->n_threads - 1) * net->n_params * sizeof *net->tgrads);
    ser__cnn_dense_backward(net->d, net->dlogits, n, net->feat, p + net->off_dw, c->n_classes, g + net->off_dw,
                            g + net->off_db, cur);
    ser__cnn_dropout_backward(cur, net->mask, n * net->feat, cur);
    const ser__cnn_block *last = &net->blocks[c->n_blocks - 1];
    ser__cnn_gap_backward(cur, n, net->feat, last->oh * last->ow, other);
    tmp = cur, cur = other, other = tmp;
    pass_ctx x = {.net = net, .n = n};
    for (size_t b = c->n_blocks; b-- > 0;) {
        ser__cnn_block *bl = &net->blocks[b];
        const size_t hw = bl->h * bl->w;
        const double m = (double)(n * hw);
        x.b = b;
        x.dy = cur;
        x.g = other;
        x.in = b == 0 ? net->x0 : block_out(&net->blocks[b - 1]);
        x.dx = b == 0 ? NULL : cur; /* dy is consumed before dx is written */
        ser__cnn_workers_run(net->workers, bn_backward_task, &x, n);
        const float *gamma = p + bl->off_gamma;
        for (size_t ch = 0; ch < bl->cout; ch++) {
            double sdy = 0.0, sdyz = 0.0;
            for (size_t i = 0; i < n; i++) {
                sdy += stat_sum(net, i, bl->cout)[ch];
                sdyz += stat_m2(net, i, bl->cout)[ch];
            }
            const double is = bl->binvstd[ch], ka = gamma[ch] * is;
            g[bl->off_gamma + ch] += (float)(is * sdyz);
            g[bl->off_beta + ch] += (float)sdy;
            net->ch_a[ch] = (float)ka;
            net->ch_b[ch] = (float)(ka * sdy / m);
            net->ch_c[ch] = (float)(ka * is * is * sdyz / m);
        }
        ser__cnn_workers_run(net->workers, conv_backward_task, &x, n);
        /* cur now holds the gradient at the block input */
    }
    for (size_t t = 1; t < net->n_threads; t++) {
        const float *src = net->tgrads + (t - 1) * net->n_params;
        for (size_t i = 0; i < net->n_params; i++)
            g[i] += src[i];
    }
}
