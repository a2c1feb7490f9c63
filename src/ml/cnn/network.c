/* network.c - create a network: check the configuration, lay out the
 * parameters, size every buffer for max_batch, initialise the weights. */
#include "ml/cnn/cnn_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

void ser_cnn_config_default(ser_cnn_config *cfg)
{
    static const size_t filters[4] = {32, 64, 128, 128};
    memset(cfg, 0, sizeof *cfg);
    cfg->n_mels = 128;
    cfg->n_frames = 128;
    cfg->n_blocks = 4;
    for (size_t b = 0; b < 4; b++) {
        cfg->filters[b] = filters[b];
        cfg->pool[b] = 1;
    }
    cfg->kernel = 3;
    cfg->dropout = 0.3f;
    cfg->bn_eps = 1e-5f;
    cfg->max_batch = 32;
    cfg->seed = 0;
}

static ser_status check_config(const ser_cnn_config *c, ser_error *err)
{
    if (c->n_classes < 2)
        return ser_error_set(err, SER_ERR_ARG, "cnn: n_classes must be >= 2 (got %zu)", c->n_classes);
    if (c->n_blocks < 1 || c->n_blocks > SER_CNN_MAX_BLOCKS)
        return ser_error_set(err, SER_ERR_ARG, "cnn: n_blocks must be 1..%d (got %zu)", SER_CNN_MAX_BLOCKS,
                             c->n_blocks);
    if (c->kernel < 1 || c->kernel % 2 == 0 || c->kernel > 15)
        return ser_error_set(err, SER_ERR_ARG, "cnn: kernel must be odd, 1..15 (got %zu)", c->kernel);
    if (!(c->dropout >= 0.0f && c->dropout < 1.0f))
        return ser_error_set(err, SER_ERR_ARG, "cnn: dropout must be in [0, 1)");
    if (!(c->bn_eps > 0.0f))
        return ser_error_set(err, SER_ERR_ARG, "cnn: bn_eps must be > 0");
    if (c->max_batch < 1 || c->max_batch > 65536)
        return ser_error_set(err, SER_ERR_ARG, "cnn: max_batch must be 1..65536 (got %zu)", c->max_batch);
    if (c->n_mels < 1 || c->n_frames < 1 || c->n_mels > 4096 || c->n_frames > 65536)
        return ser_error_set(err, SER_ERR_ARG, "cnn: image %zu x %zu out of range", c->n_mels, c->n_frames);
    size_t h = c->n_mels, w = c->n_frames;
    for (size_t b = 0; b < c->n_blocks; b++) {
        if (c->filters[b] < 1 || c->filters[b] > 4096)
            return ser_error_set(err, SER_ERR_ARG, "cnn: block %zu: filters must be 1..4096", b);
        if (c->pool[b]) {
            if (h < 2 || w < 2)
                return ser_error_set(err, SER_ERR_ARG, "cnn: block %zu: %zu x %zu too small to pool", b, h, w);
            h /= 2;
            w /= 2;
        }
    }
    return SER_OK;
}

static float *falloc(size_t n, size_t m, int *bad)
{
    size_t t;
    if (!ser_size_mul(n, m, &t)) {
        *bad = 1;
        return NULL;
    }
    float *p = ser_calloc_array(t ? t : 1, sizeof(float));
    if (!p)
        *bad = 1;
    return p;
}

static void init_weights(ser_cnn *net)
{
    ser_rng rng;
    ser_rng_seed(&rng, net->cfg.seed);
    float *p = net->params;
    const size_t k2 = net->cfg.kernel * net->cfg.kernel;
    for (size_t b = 0; b < net->cfg.n_blocks; b++) {
        const ser__cnn_block *bl = &net->blocks[b];
        const size_t fan_in = bl->cin * k2;
        const double bound = sqrt(6.0 / (double)fan_in); /* He-uniform */
        for (size_t i = 0; i < bl->cout * fan_in; i++)
            p[bl->off_w + i] = (float)((2.0 * ser_rng_uniform(&rng) - 1.0) * bound);
        for (size_t i = 0; i < bl->cout; i++) {
            p[bl->off_b + i] = 0.0f;
            p[bl->off_gamma + i] = 1.0f;
            p[bl->off_beta + i] = 0.0f;
            bl->mean[i] = 0.0f;
            bl->var[i] = 1.0f;
        }
    }
    const double bound = 1.0 / sqrt((double)net->feat); /* PyTorch Linear default */
    for (size_t i = 0; i < net->cfg.n_classes * net->feat; i++)
        p[net->off_dw + i] = (float)((2.0 * ser_rng_uniform(&rng) - 1.0) * bound);
    for (size_t i = 0; i < net->cfg.n_classes; i++)
        p[net->off_db + i] = 0.0f;
    for (size_t m = 0; m < net->cfg.n_mels; m++) {
        net->band_mean[m] = 0.0f;
        net->band_std[m] = 1.0f;
    }
    ser_rng_seed(&net->rng, net->cfg.seed ^ 0x64726f706f7574ULL); /* "dropout" */
}

ser_cnn *ser_cnn_create(const ser_cnn_config *cfg, ser_status *status, ser_error *err)
{
    ser_status st = cfg ? check_config(cfg, err) : ser_error_set(err, SER_ERR_ARG, "cnn: config is NULL");
    if (st != SER_OK) {
        if (status)
            *status = st;
        return NULL;
    }
    ser_cnn *net = calloc(1, sizeof *net);
    if (!net)
        goto nomem;
    net->cfg = *cfg;
    for (size_t b = cfg->n_blocks; b < SER_CNN_MAX_BLOCKS; b++) {
        net->cfg.filters[b] = 0;
        net->cfg.pool[b] = 0;
    }
    const size_t nb = cfg->max_batch, k2 = cfg->kernel * cfg->kernel;
    size_t h = cfg->n_mels, w = cfg->n_frames, cin = 1, off = 0, col = 1, act = 1;
    int bad = 0;
    for (size_t b = 0; b < cfg->n_blocks; b++) {
        ser__cnn_block *bl = &net->blocks[b];
        bl->cin = cin;
        bl->cout = cfg->filters[b];
        bl->h = h;
        bl->w = w;
        bl->oh = cfg->pool[b] ? h / 2 : h;
        bl->ow = cfg->pool[b] ? w / 2 : w;
        bl->off_w = off;
        off += bl->cout * cin * k2; /* sizes bounded by check_config: no overflow */
        bl->off_b = off;
        off += bl->cout;
        bl->off_gamma = off;
        off += bl->cout;
        bl->off_beta = off;
        off += bl->cout;
        const size_t hw = h * w;
        if (cin * k2 * hw > col)
            col = cin * k2 * hw;
        if (bl->cout * hw > act)
            act = bl->cout * hw;
        bl->z = falloc(nb, bl->cout * hw, &bad);
        bl->a = falloc(nb, bl->cout * hw, &bad);
        if (cfg->pool[b]) {
            bl->p = falloc(nb, bl->cout * bl->oh * bl->ow, &bad);
            size_t ni = 0;
            if (!ser_size_mul(nb, bl->cout * bl->oh * bl->ow, &ni) || !(bl->idx = ser_calloc_array(ni, 4)))
                bad = 1;
        }
        bl->bmean = falloc(5, bl->cout, &bad);
        if (bl->bmean) {
            bl->bvar = bl->bmean + bl->cout;
            bl->binvstd = bl->bvar + bl->cout;
            bl->mean = bl->binvstd + bl->cout;
            bl->var = bl->mean + bl->cout;
        }
        cin = bl->cout;
        h = bl->oh;
        w = bl->ow;
    }
    net->feat = cin;
    net->off_dw = off;
    off += cfg->n_classes * cin;
    net->off_db = off;
    off += cfg->n_classes;
    net->n_params = off;
    net->params = falloc(off, 1, &bad);
    net->grads = falloc(off, 1, &bad);
    net->x0 = falloc(nb, cfg->n_mels * cfg->n_frames, &bad);
    net->g = falloc(nb, net->feat, &bad);
    net->mask = falloc(nb, net->feat, &bad);
    net->d = falloc(nb, net->feat, &bad);
    net->logits = falloc(nb, cfg->n_classes, &bad);
    net->probs = falloc(nb, cfg->n_classes, &bad);
    net->dlogits = falloc(nb, cfg->n_classes, &bad);
    net->col = falloc(col, 1, &bad);
    net->col_size = col;
    net->n_threads = 1;
    for (size_t b = 0; b < cfg->n_blocks; b++)
        if (cfg->filters[b] > net->max_cout)
            net->max_cout = cfg->filters[b];
    net->pstat = ser_calloc_array(2 * nb * net->max_cout, sizeof(double));
    if (!net->pstat)
        bad = 1;
    net->ch_a = falloc(3, net->max_cout, &bad);
    if (net->ch_a) {
        net->ch_b = net->ch_a + net->max_cout;
        net->ch_c = net->ch_b + net->max_cout;
    }
    net->gbuf_a = falloc(nb, act, &bad);
    net->gbuf_b = falloc(nb, act, &bad);
    net->band_mean = falloc(2, cfg->n_mels, &bad);
    if (net->band_mean)
        net->band_std = net->band_mean + cfg->n_mels;
    if (bad)
        goto nomem;
    init_weights(net);
    if (status)
        *status = SER_OK;
    return net;
nomem:
    ser_cnn_destroy(net);
    st = ser_error_set(err, SER_ERR_NOMEM, "cnn: out of memory for a %zu-image batch", cfg->max_batch);
    if (status)
        *status = st;
    return NULL;
}

static void free_threads(ser_cnn *net)
{
    ser__cnn_workers_destroy(net->workers);
    net->workers = NULL;
    if (net->tcol)
        for (size_t t = 0; t + 1 < net->n_threads; t++)
            free(net->tcol[t]);
    free(net->tcol);
    free(net->tgrads);
    net->tcol = NULL;
    net->tgrads = NULL;
    net->n_threads = 1;
}

ser_status ser_cnn_set_threads(ser_cnn *net, size_t n_threads, ser_error *err)
{
    if (!net)
        return ser_error_set(err, SER_ERR_ARG, "cnn_set_threads: NULL network");
    if (n_threads < 1 || n_threads > 256)
        return ser_error_set(err, SER_ERR_ARG, "cnn_set_threads: threads must be 1..256 (got %zu)", n_threads);
    free_threads(net);
    if (n_threads == 1)
        return SER_OK;
    int bad = 0;
    net->tcol = ser_calloc_array(n_threads - 1, sizeof *net->tcol);
    if (!net->tcol)
        return ser_error_set(err, SER_ERR_NOMEM, "cnn_set_threads: out of memory");
    net->n_threads = n_threads;
    for (size_t t = 0; t + 1 < n_threads; t++)
        net->tcol[t] = falloc(net->col_size, 1, &bad);
    net->tgrads = falloc(n_threads - 1, net->n_params, &bad);
    if (!bad && !(net->workers = ser__cnn_workers_create(n_threads))) {
        free_threads(net);
        return ser_error_set(err, SER_ERR_NOMEM, "cnn_set_threads: cannot start %zu threads", n_threads);
    }
    if (bad) {
        free_threads(net);
        return ser_error_set(err, SER_ERR_NOMEM, "cnn_set_threads: out of memory for %zu threads", n_threads);
    }
    return SER_OK;
}

size_t ser_cnn_get_threads(const ser_cnn *net) { return net->n_threads; }

void ser_cnn_destroy(ser_cnn *net)
{
    if (!net)
        return;
    for (size_t b = 0; b < SER_CNN_MAX_BLOCKS; b++) {
        ser__cnn_block *bl = &net->blocks[b];
        free(bl->z);
        free(bl->a);
        free(bl->p);
        free(bl->idx);
        free(bl->bmean);
    }
    free(net->params);
    free(net->grads);
    free(net->x0);
    free(net->g);
    free(net->mask);
    free(net->d);
    free(net->logits);
    free(net->probs);
    free(net->dlogits);
    free(net->col);
    free_threads(net);
    free(net->pstat);
    free(net->ch_a);
    free(net->gbuf_a);
    free(net->gbuf_b);
    free(net->band_mean);
    free(net);
}

const ser_cnn_config *ser_cnn_get_config(const ser_cnn *net) { return &net->cfg; }
size_t ser_cnn_param_count(const ser_cnn *net) { return net->n_params; }
float *ser__cnn_params(ser_cnn *net) { return net->params; }
float *ser__cnn_grads(ser_cnn *net) { return net->grads; }
