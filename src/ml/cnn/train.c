/* train.c - mini-batch training with a stratified validation split,
 * seeded shuffling, batch-norm statistics recomputed after each epoch and
 * early stopping on validation loss (restore-best). */
#include "ml/cnn/cnn_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ml/cnn/cnn_layers.h"
#include "ser/util.h"

void ser_cnn_train_config_default(ser_cnn_train_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->epochs = 30;
    cfg->batch_size = 32;
    cfg->val_fraction = 0.1;
    cfg->patience = 5;
    cfg->restore_best = 1;
    cfg->recompute_bn = 1;
    cfg->class_weights = NULL;
    cfg->freq_mask_max = 16;
    cfg->time_mask_max = 16;
    cfg->seed = 0;
    ser_cnn_optim_config_default(&cfg->optim);
}

void ser_cnn_curves_free(ser_cnn_curves *curves)
{
    if (!curves)
        return;
    free(curves->train_loss);
    memset(curves, 0, sizeof *curves);
}

/* Stratified split: from each class, round(frac * count) (at most
 * count - 1) seeded-random images go to validation. */
static void split(const int *y, size_t n, size_t k, double frac, ser_rng *rng, size_t *train, size_t *n_train,
                  size_t *val, size_t *n_val, size_t *scratch)
{
    *n_train = *n_val = 0;
    for (size_t c = 0; c < k; c++) {
        size_t cnt = 0;
        for (size_t i = 0; i < n; i++)
            if ((size_t)y[i] == c)
                scratch[cnt++] = i;
        ser_rng_shuffle(rng, scratch, cnt);
        size_t nv = (size_t)floor(frac * (double)cnt + 0.5);
        if (cnt && nv >= cnt)
            nv = cnt - 1;
        for (size_t j = 0; j < cnt; j++) {
            if (j < nv)
                val[(*n_val)++] = scratch[j];
            else
                train[(*n_train)++] = scratch[j];
        }
    }
}

static void gather(const float *images, const int *y, const size_t *idx, size_t m, size_t img, float *out,
                   int *yo)
{
    for (size_t j = 0; j < m; j++) {
        memcpy(out + j * img, images + idx[j] * img, img * sizeof *out);
        yo[j] = y[idx[j]];
    }
}

/* Gamma(a, 1) (Marsaglia and Tsang 2000; a < 1 by the boost U^(1/a)). */
static double gamma_draw(ser_rng *rng, double a)
{
    double boost = 1.0;
    if (a < 1.0) {
        double u = ser_rng_uniform(rng);
        boost = pow(u > 0.0 ? u : 1e-300, 1.0 / a);
        a += 1.0;
    }
    const double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double z = ser_rng_normal(rng), v = 1.0 + c * z;
        if (v <= 0.0)
            continue;
        v = v * v * v;
        const double u = ser_rng_uniform(rng);
        if (u < 1.0 - 0.0331 * z * z * z * z || log(u > 0.0 ? u : 1e-300) < 0.5 * z * z + d * (1.0 - v + log(v)))
            return boost * d * v;
    }
}

/* mixup of a batch of m images in place: x = lam x + (1 - lam) x[perm]
 * with perm a seeded permutation (partner labels into ymix).  Returns lam. */
static double mixup(float *x, const int *yb, int *ymix, size_t m, size_t img, double alpha, ser_rng *rng,
                    size_t *perm, float *tmp)
{
    const double g1 = gamma_draw(rng, alpha), g2 = gamma_draw(rng, alpha);
    const double lam = g1 + g2 > 0.0 ? g1 / (g1 + g2) : 0.5;
    for (size_t j = 0; j < m; j++)
        perm[j] = j;
    ser_rng_shuffle(rng, perm, m);
    memcpy(tmp, x, m * img * sizeof *tmp);
    const float a = (float)lam, b = (float)(1.0 - lam);
    for (size_t j = 0; j < m; j++) {
        float *dst = x + j * img;
        const float *src = tmp + perm[j] * img;
        for (size_t q = 0; q < img; q++)
            dst[q] = a * dst[q] + b * src[q];
        ymix[j] = yb[perm[j]];
    }
    return lam;
}

/* Inference-mode loss and accuracy over n images. */
static void evaluate(ser_cnn *net, const float *images, const int *y, size_t n, const double *cw, double *loss,
                     double *acc)
{
    const size_t img = net->cfg.n_mels * net->cfg.n_frames, k = net->cfg.n_classes;
    double num = 0.0, den = 0.0;
    size_t hits = 0;
    for (size_t s = 0; s < n; s += net->cfg.max_batch) {
        const size_t m = n - s < net->cfg.max_batch ? n - s : net->cfg.max_batch;
        ser__cnn_forward(net, images + s * img, m, SER__CNN_INFER);
        size_t h = 0;
        double w = 0.0;
        for (size_t j = 0; j < m; j++)
            w += cw ? cw[y[s + j]] : 1.0;
        const double l = ser__cnn_softmax_xent(net->logits, y + s, m, k, cw, net->probs, NULL, &h);
        num += l * w;
        den += w;
        hits += h;
    }
    *loss = den > 0.0 ? num / den : NAN;
    *acc = n ? (double)hits / (double)n : NAN;
}

typedef struct snapshot {
    float *params, *stats;
} snapshot;

static void snap_save(const ser_cnn *net, snapshot *s)
{
    memcpy(s->params, net->params, net->n_params * sizeof *s->params);
    size_t o = 0;
    for (size_t b = 0; b < net->cfg.n_blocks; b++) {
        const ser__cnn_block *bl = &net->blocks[b];
        memcpy(s->stats + o, bl->mean, bl->cout * sizeof(float));
        memcpy(s->stats + o + bl->cout, bl->var, bl->cout * sizeof(float));
        o += 2 * bl->cout;
    }
}

static void snap_restore(ser_cnn *net, const snapshot *s)
{
    memcpy(net->params, s->params, net->n_params * sizeof *s->params);
    size_t o = 0;
    for (size_t b = 0; b < net->cfg.n_blocks; b++) {
        ser__cnn_block *bl = &net->blocks[b];
        memcpy(bl->mean, s->stats + o, bl->cout * sizeof(float));
        memcpy(bl->var, s->stats + o + bl->cout, bl->cout * sizeof(float));
        o += 2 * bl->cout;
    }
}

static ser_status check(const ser_cnn *net, const float *images, const int *y, size_t n,
                        const ser_cnn_train_config *cfg, ser_error *err)
{
    if (!net || !images || !y || !cfg)
        return ser_error_set(err, SER_ERR_ARG, "cnn_train: NULL argument");
    if (n < 2)
        return ser_error_set(err, SER_ERR_EMPTY, "cnn_train: need at least 2 images (got %zu)", n);
    if (cfg->batch_size < 2 || cfg->batch_size > net->cfg.max_batch)
        return ser_error_set(err, SER_ERR_ARG, "cnn_train: batch_size %zu not in 2..max_batch (%zu)",
                             cfg->batch_size, net->cfg.max_batch);
    if (!(cfg->val_fraction >= 0.0 && cfg->val_fraction < 1.0))
        return ser_error_set(err, SER_ERR_ARG, "cnn_train: val_fraction must be in [0, 1)");
    if (!(cfg->mixup_alpha >= 0.0) || !isfinite(cfg->mixup_alpha))
        return ser_error_set(err, SER_ERR_ARG, "cnn_train: mixup alpha must be >= 0");
    if (!(cfg->optim.lr > 0.0) || !isfinite(cfg->optim.lr))
        return ser_error_set(err, SER_ERR_ARG, "cnn_train: learning rate must be > 0");
    for (size_t i = 0; i < n; i++)
        if (y[i] < 0 || (size_t)y[i] >= net->cfg.n_classes)
            return ser_error_set(err, SER_ERR_LABEL, "cnn_train: label %d of image %zu out of range", y[i], i);
    if (cfg->class_weights)
        for (size_t c = 0; c < net->cfg.n_classes; c++)
            if (!(cfg->class_weights[c] > 0.0) || !isfinite(cfg->class_weights[c]))
                return ser_error_set(err, SER_ERR_ARG, "cnn_train: class weight %zu must be finite and > 0", c);
    return SER_OK;
}

ser_status ser_cnn_train(ser_cnn *net, const float *images, const int *y, size_t n, const ser_cnn_train_config *cfg,
                         ser_cnn_curves *curves, ser_error *err)
{
    ser_status st = check(net, images, y, n, cfg, err);
    if (st != SER_OK)
        return st;
    if (curves)
        memset(curves, 0, sizeof *curves);
    const size_t img = net->cfg.n_mels * net->cfg.n_frames, k = net->cfg.n_classes, bs = cfg->batch_size;
    const size_t epochs = cfg->epochs;
    size_t n_stats = 0;
    for (size_t b = 0; b < net->cfg.n_blocks; b++)
        n_stats += 2 * net->blocks[b].cout;
    size_t *idx = ser_alloc_array(3 * n, sizeof *idx);
    int *yall = ser_alloc_array(n + (cfg->extra_images ? cfg->n_extra : 0) + 2 * bs, sizeof *yall);
    const int mix = cfg->mixup_alpha > 0.0;
    float *xmix = mix ? ser_alloc_array(bs, img * sizeof(float)) : NULL;
    float *dmix = mix ? ser_alloc_array(bs, k * sizeof(float)) : NULL;
    size_t *perm = mix ? ser_alloc_array(bs, sizeof *perm) : NULL;
    size_t n_ex = cfg->extra_images ? cfg->n_extra : 0;
    float *xall = ser_alloc_array(n + n_ex, img * sizeof(float));
    unsigned char *in_train = ser_calloc_array(n, 1);
    size_t *order = NULL;
    float *xbatch = ser_alloc_array(bs, img * sizeof(float));
    double *cur = ser_calloc_array(4 * (epochs ? epochs : 1), sizeof *cur);
    snapshot snap = {ser_alloc_array(net->n_params, sizeof(float)), ser_alloc_array(n_stats ? n_stats : 1, 4)};
    ser__cnn_optim opt = {0};
    if (!idx || !yall || !xall || !in_train || !xbatch || !cur || !snap.params || !snap.stats ||
        (mix && (!xmix || !dmix || !perm)) ||
        ser__cnn_optim_init(&opt, &cfg->optim, net->n_params) != SER_OK) {
        st = ser_error_set(err, SER_ERR_NOMEM, "cnn_train: out of memory for %zu images", n);
        goto done;
    }
    ser_rng rng;
    ser_rng_seed(&rng, cfg->seed);
    ser_rng_seed(&net->rng, cfg->seed ^ 0x64726f706f7574ULL);
    ser_rng arng; /* SpecAugment: its own stream, so masks leave the split and shuffling as they are */
    ser_rng_seed(&arng, cfg->seed ^ 0x73706563617567ULL); /* "specaug" */
    ser_rng mrng; /* mixup: its own stream too */
    ser_rng_seed(&mrng, cfg->seed ^ 0x6d69787570ULL); /* "mixup" */
    size_t *tr = idx, *va = idx + n, n_tr = 0, n_va = 0;
    split(y, n, k, cfg->val_fraction, &rng, tr, &n_tr, va, &n_va, idx + 2 * n);
    if (n_tr < 2) {
        st = ser_error_set(err, SER_ERR_EMPTY, "cnn_train: %zu training images after the split", n_tr);
        goto done;
    }
    /* Contiguous copies: training images first, then the copies of
     * training images (augmentation), validation last. */
    for (size_t i = 0; i < n_tr; i++)
        in_train[tr[i]] = 1;
    gather(images, y, tr, n_tr, img, xall, yall);
    size_t n_aug = 0;
    for (size_t j = 0; j < n_ex; j++) {
        const size_t src = cfg->extra_source[j];
        if (src >= n) {
            st = ser_error_set(err, SER_ERR_ARG, "cnn_train: extra image %zu copies image %zu of %zu", j, src, n);
            goto done;
        }
        if (!in_train[src])
            continue;
        memcpy(xall + (n_tr + n_aug) * img, cfg->extra_images + j * img, img * sizeof(float));
        yall[n_tr + n_aug++] = y[src];
    }
    const size_t n_fit = n_tr + n_aug; /* images the optimiser sees */
    int *ytr = yall, *yva = yall + n_fit, *ybatch = yall + n_fit + n_va, *ypartner = ybatch + bs;
    gather(images, y, va, n_va, img, xall + n_fit * img, yva);
    const float *xtr = xall, *xva = xall + n_fit * img;
    if ((st = ser_cnn_fit_normalisation(net, xtr, n_tr, err)) != SER_OK)
        goto done;
    order = ser_alloc_array(n_fit, sizeof *order);
    if (!order) {
        st = ser_error_set(err, SER_ERR_NOMEM, "cnn_train: out of memory for %zu images", n_fit);
        goto done;
    }
    for (size_t i = 0; i < n_fit; i++)
        order[i] = i;
    double best = INFINITY;
    size_t best_epoch = 0, wait = 0, ran = 0;
    for (size_t e = 0; e < epochs; e++) {
        const double lr = ser_cnn_learning_rate(&cfg->optim, e, epochs);
        ser_rng_shuffle(&rng, order, n_fit);
        double lsum = 0.0, wsum = 0.0;
        size_t hits = 0, seen = 0;
        for (size_t s = 0; s + 2 <= n_fit; s += bs) { /* a last batch of 1 is dropped (batch norm) */
            const size_t m = n_fit - s < bs ? n_fit - s : bs;
            gather(xtr, ytr, order + s, m, img, xbatch, ybatch);
            if (cfg->freq_masks || cfg->time_masks)
                for (size_t j = 0; j < m; j++)
                    ser_cnn_spec_augment(xbatch + j * img, net->cfg.n_mels, net->cfg.n_frames, net->band_mean,
                                         cfg->freq_masks, cfg->freq_mask_max, cfg->time_masks, cfg->time_mask_max,
                                         &arng);
            const double lam = mix ? mixup(xbatch, ybatch, ypartner, m, img, cfg->mixup_alpha, &mrng, perm, xmix) : 1.0;
            ser__cnn_forward(net, xbatch, m, SER__CNN_TRAIN);
            size_t h = 0;
            double l = ser__cnn_softmax_xent(net->logits, ybatch, m, k, cfg->class_weights, net->probs,
                                             net->dlogits, &h);
            if (mix) { /* lam CE(y) + (1 - lam) CE(partner), and their gradients */
                size_t h2 = 0;
                const double l2 = ser__cnn_softmax_xent(net->logits, ypartner, m, k, cfg->class_weights, net->probs,
                                                        dmix, &h2);
                l = lam * l + (1.0 - lam) * l2;
                for (size_t q = 0; q < m * k; q++)
                    net->dlogits[q] = (float)(lam * net->dlogits[q] + (1.0 - lam) * dmix[q]);
                if (lam < 0.5)
                    h = h2;
            }
            if (!isfinite(l)) {
                st = ser_error_set(err, SER_ERR_NONFINITE, "cnn_train: loss is not finite at epoch %zu", e);
                goto done;
            }
            lsum += l * (double)m;
            wsum += (double)m;
            hits += h;
            seen += m;
            memset(net->grads, 0, net->n_params * sizeof *net->grads);
            ser__cnn_backward(net, m);
            ser__cnn_optim_step(&opt, net->params, net->grads, lr);
        }
        if (cfg->recompute_bn && (st = ser_cnn_recompute_bn(net, xtr, n_tr, err)) != SER_OK)
            goto done;
        double vl = NAN, vacc = NAN;
        if (n_va)
            evaluate(net, xva, yva, n_va, cfg->class_weights, &vl, &vacc);
        cur[4 * e] = wsum > 0.0 ? lsum / wsum : NAN;
        cur[4 * e + 1] = seen ? (double)hits / (double)seen : NAN;
        cur[4 * e + 2] = vl;
        cur[4 * e + 3] = vacc;
        ran = e + 1;
        if (cfg->on_epoch)
            cfg->on_epoch(cfg->user, e, cur[4 * e], cur[4 * e + 1], vl, vacc);
        if (!n_va) {
            best_epoch = e;
            continue;
        }
        if (vl < best) {
            best = vl;
            best_epoch = e;
            wait = 0;
            snap_save(net, &snap);
        } else if (cfg->patience && ++wait >= cfg->patience) {
            break;
        }
    }
    if (n_va && cfg->restore_best && ran > 0 && isfinite(best))
        snap_restore(net, &snap);
    if (curves && ran > 0) {
        double *a = ser_alloc_array(4 * ran, sizeof *a);
        if (!a) {
            st = ser_error_set(err, SER_ERR_NOMEM, "cnn_train: out of memory for the curves");
            goto done;
        }
        curves->n_epochs = ran;
        curves->best_epoch = best_epoch;
        curves->train_loss = a;
        curves->train_acc = a + ran;
        curves->val_loss = a + 2 * ran;
        curves->val_acc = a + 3 * ran;
        for (size_t e = 0; e < ran; e++)
            for (int q = 0; q < 4; q++)
                a[q * ran + e] = cur[4 * e + (size_t)q];
    }
done:
    free(order);
    free(xmix);
    free(dmix);
    free(perm);
    free(in_train);
    ser__cnn_optim_free(&opt);
    free(snap.params);
    free(snap.stats);
    free(cur);
    free(xbatch);
    free(xall);
    free(yall);
    free(idx);
    return st;
}
