/* search.c - random search over learning rate, batch size, filter width
 * and depth (ser_cnn_search): each draw trains a network with early
 * stopping on the validation part of the training data; the draw with
 * the lowest best validation loss wins and its trained network is kept. */
#include "ser/cnn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

void ser_cnn_search_config_default(ser_cnn_search_config *c)
{
    memset(c, 0, sizeof *c);
    c->n_iter = 8;
    c->lr_min = 3e-4;
    c->lr_max = 3e-3;
    c->batch_sizes[0] = 16;
    c->batch_sizes[1] = 32;
    c->batch_sizes[2] = 64;
    c->n_batch_sizes = 3;
    c->widths[0] = 0.5;
    c->widths[1] = 1.0;
    c->n_widths = 2;
    c->depths[0] = 3;
    c->depths[1] = 4;
    c->depths[2] = 5;
    c->n_depths = 3;
    c->threads = 1;
    c->seed = 0;
}

/* Block b's filters at width factor w: w x (32, 64, 128, 128, 256, 256, 256, 256)[b], at least 4. */
static size_t filters_at(size_t b, double w)
{
    static const size_t base[SER_CNN_MAX_BLOCKS] = {32, 64, 128, 128, 256, 256, 256, 256};
    const double f = floor(w * (double)base[b] + 0.5);
    return f < 4.0 ? 4 : (size_t)f;
}

static ser_status check(const ser_cnn_search_config *c, const ser_cnn_config *net, ser_error *err)
{
    if (c->n_iter < 1 || c->n_iter > 1000)
        return ser_error_set(err, SER_ERR_ARG, "cnn_search: n_iter must be 1..1000 (got %zu)", c->n_iter);
    if (!(c->lr_min > 0.0 && c->lr_min <= c->lr_max && isfinite(c->lr_max)))
        return ser_error_set(err, SER_ERR_ARG, "cnn_search: learning rates must satisfy 0 < min <= max");
    if (c->n_batch_sizes < 1 || c->n_batch_sizes > 8 || c->n_widths < 1 || c->n_widths > 8 || c->n_depths < 1 ||
        c->n_depths > 8)
        return ser_error_set(err, SER_ERR_ARG, "cnn_search: 1..8 batch sizes, widths and depths");
    for (size_t i = 0; i < c->n_batch_sizes; i++)
        if (c->batch_sizes[i] < 2 || c->batch_sizes[i] > 4096)
            return ser_error_set(err, SER_ERR_ARG, "cnn_search: batch sizes must be 2..4096");
    for (size_t i = 0; i < c->n_widths; i++)
        if (!(c->widths[i] > 0.0 && c->widths[i] <= 8.0))
            return ser_error_set(err, SER_ERR_ARG, "cnn_search: widths must be in (0, 8]");
    for (size_t i = 0; i < c->n_depths; i++) {
        size_t h = net->n_mels, w = net->n_frames;
        if (c->depths[i] < 1 || c->depths[i] > SER_CNN_MAX_BLOCKS)
            return ser_error_set(err, SER_ERR_ARG, "cnn_search: depths must be 1..%d", SER_CNN_MAX_BLOCKS);
        for (size_t b = 0; b < c->depths[i]; b++, h /= 2, w /= 2)
            if (h < 2 || w < 2)
                return ser_error_set(err, SER_ERR_ARG, "cnn_search: depth %zu pools a %zu x %zu image too far",
                                     c->depths[i], net->n_mels, net->n_frames);
    }
    if (c->threads < 1)
        return ser_error_set(err, SER_ERR_ARG, "cnn_search: threads must be >= 1");
    return SER_OK;
}

void ser_cnn_search_result_free(ser_cnn_search_result *r)
{
    if (!r)
        return;
    free(r->trials);
    memset(r, 0, sizeof *r);
}

ser_cnn *ser_cnn_search(const ser_cnn_config *base, const ser_cnn_train_config *train, const ser_cnn_search_config *sc,
                        const float *images, const int *y, size_t n, ser_cnn_search_result *result,
                        ser_cnn_curves *curves, ser_status *status, ser_error *err)
{
    ser_status st = !base || !train || !sc || !result ? ser_error_set(err, SER_ERR_ARG, "cnn_search: NULL argument")
                                                      : check(sc, base, err);
    if (!st && !(train->val_fraction > 0.0))
        st = ser_error_set(err, SER_ERR_ARG, "cnn_search: needs a validation split (val_fraction > 0)");
    if (st) {
        if (status)
            *status = st;
        return NULL;
    }
    memset(result, 0, sizeof *result);
    if (curves)
        memset(curves, 0, sizeof *curves);
    result->trials = ser_calloc_array(sc->n_iter, sizeof *result->trials);
    if (!result->trials) {
        st = ser_error_set(err, SER_ERR_NOMEM, "cnn_search: out of memory");
        if (status)
            *status = st;
        return NULL;
    }
    ser_rng rng;
    ser_rng_seed(&rng, sc->seed ^ 0x636e6e736561ULL); /* "cnnsea" */
    ser_cnn *best = NULL;
    ser_cnn_curves best_curves;
    memset(&best_curves, 0, sizeof best_curves);
    double best_loss = INFINITY;
    for (size_t it = 0; it < sc->n_iter; it++) {
        ser_cnn_search_trial *t = &result->trials[it];
        t->lr = exp(log(sc->lr_min) + (log(sc->lr_max) - log(sc->lr_min)) * ser_rng_uniform(&rng));
        t->batch_size = sc->batch_sizes[ser_rng_below(&rng, sc->n_batch_sizes)];
        t->width = sc->widths[ser_rng_below(&rng, sc->n_widths)];
        t->depth = sc->depths[ser_rng_below(&rng, sc->n_depths)];
        ser_cnn_config c = *base;
        c.n_blocks = t->depth;
        for (size_t b = 0; b < SER_CNN_MAX_BLOCKS; b++) {
            c.filters[b] = b < t->depth ? filters_at(b, t->width) : 0;
            c.pool[b] = b < t->depth;
        }
        c.max_batch = t->batch_size;
        ser_cnn_train_config tc = *train;
        tc.batch_size = t->batch_size;
        tc.optim.lr = t->lr;
        ser_cnn *net = ser_cnn_create(&c, &st, err);
        if (net && sc->threads > 1)
            st = ser_cnn_set_threads(net, sc->threads, err);
        ser_cnn_curves cv;
        memset(&cv, 0, sizeof cv);
        if (!st)
            st = ser_cnn_train(net, images, y, n, &tc, &cv, err);
        if (st) {
            ser_cnn_destroy(net);
            ser_cnn_destroy(best);
            ser_cnn_curves_free(&best_curves);
            ser_cnn_search_result_free(result);
            if (status)
                *status = st;
            return NULL;
        }
        t->val_loss = cv.val_loss[cv.best_epoch];
        t->val_acc = cv.val_acc[cv.best_epoch];
        t->epochs = cv.n_epochs;
        result->n_trials = it + 1;
        if (sc->on_trial)
            sc->on_trial(sc->user, it, t);
        if (t->val_loss < best_loss || !best) {
            best_loss = t->val_loss;
            result->best = it;
            ser_cnn_destroy(best);
            ser_cnn_curves_free(&best_curves);
            best = net;
            best_curves = cv;
        } else {
            ser_cnn_destroy(net);
            ser_cnn_curves_free(&cv);
        }
    }
    if (curves)
        *curves = best_curves;
    else
        ser_cnn_curves_free(&best_curves);
    if (status)
        *status = SER_OK;
    return best;
}
