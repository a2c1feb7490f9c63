/* test_cnn_gradcheck.c - finite-difference gradient check of every CNN
 * layer and of a whole small network.
 *
 * Each layer's output y is reduced to L = sum(y * r) for a fixed random r,
 * so dL/dy = r; the backward pass's input and parameter gradients are
 * compared with central differences (L(v + eps) - L(v - eps)) / (2 eps)
 * for EVERY element, computed on small tensors in float32 with the loss
 * summed in double.  Tolerance: |numeric - analytic| <= 2e-3 + 2e-2
 * |analytic| (eps = 1e-2 for the layers that are linear in the checked
 * value, 1e-3 for batch norm and softmax, 3e-4 for the whole network;
 * float32 rounding over ~100-term sums is ~1e-6 / (2 eps)).  Layer inputs
 * keep away from ReLU and max-pool kinks (|x| >= 0.05, distinct values
 * 0.05 apart) so the functions are smooth within eps; in the whole
 * network eps = 1e-3 already crosses a ReLU kink for one weight (numeric
 * -0.0045 vs analytic -0.0061, agreeing at 3e-4 and 1e-4), hence 3e-4. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/cnn/cnn_internal.h"
#include "ml/cnn/cnn_layers.h"
#include "ser/rng.h"
#include "testutil.h"

#define ATOL 2e-3
#define RTOL 2e-2

typedef double (*loss_fn)(void *ctx);

static void fill(ser_rng *rng, float *v, size_t n, double scale)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (float)(scale * (2.0 * ser_rng_uniform(rng) - 1.0));
}

/* Values +-(0.05 .. 0.05 n) in a random order: distinct, away from 0. */
static void fill_distinct(ser_rng *rng, float *v, size_t n)
{
    size_t *p = malloc(n * sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[i] = i;
    ser_rng_shuffle(rng, p, n);
    for (size_t i = 0; i < n; i++)
        v[i] = (float)(0.05 * (double)(p[i] + 1) * ((p[i] % 2) ? 1.0 : -1.0));
    free(p);
}

static double dot(const float *y, const float *r, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)y[i] * (double)r[i];
    return s;
}

/* Compares analytic[i] with the central difference of loss over v[i]. */
static double fd_check(loss_fn loss, void *ctx, float *v, size_t n, const float *analytic, double eps,
                       const char *what)
{
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        const float keep = v[i];
        v[i] = keep + (float)eps;
        const double lp = loss(ctx);
        v[i] = keep - (float)eps;
        const double lm = loss(ctx);
        v[i] = keep;
        const double h = (double)(keep + (float)eps) - (double)(keep - (float)eps);
        const double num = (lp - lm) / h;
        const double err = fabs(num - analytic[i]);
        const double rel = err / (ATOL + RTOL * fabs(analytic[i]));
        if (rel > worst) {
            worst = rel;
            if (getenv("CNN_GRADCHECK_VERBOSE"))
                printf("    %s[%zu] numeric %.7g analytic %.7g\n", what, i, num, (double)analytic[i]);
        }
        if (err > ATOL + RTOL * fabs(analytic[i]))
            fail_msg("%s[%zu]: numeric %.6g vs analytic %.6g", what, i, num, (double)analytic[i]);
    }
    printf("  %-22s %4zu values, worst error %.3f of tolerance\n", what, n, worst);
    return worst;
}

/* ---- conv2d ---- */
enum { CN = 2, CC = 2, CH = 5, CW = 4, CK = 3, CKOUT = 3 };
typedef struct conv_ctx {
    float x[CN * CC * CH * CW], w[CKOUT * CC * CK * CK], b[CKOUT], y[CN * CKOUT * CH * CW], r[CN * CKOUT * CH * CW];
    float col[CC * CK * CK * CH * CW];
} conv_ctx;

static double conv_loss(void *p)
{
    conv_ctx *c = p;
    ser__cnn_conv_forward(c->x, CN, CC, CH, CW, c->w, c->b, CKOUT, CK, c->y, c->col);
    return dot(c->y, c->r, sizeof c->y / sizeof *c->y);
}

static void test_conv(void **state)
{
    (void)state;
    conv_ctx c;
    ser_rng rng;
    ser_rng_seed(&rng, 1);
    fill(&rng, c.x, sizeof c.x / 4, 1.0);
    fill(&rng, c.w, sizeof c.w / 4, 0.5);
    fill(&rng, c.b, CKOUT, 0.5);
    fill(&rng, c.r, sizeof c.r / 4, 1.0);
    float dx[sizeof c.x / 4], dw[sizeof c.w / 4] = {0}, db[CKOUT] = {0};
    ser__cnn_conv_backward(c.x, c.r, CN, CC, CH, CW, c.w, CKOUT, CK, dw, db, dx, c.col);
    fd_check(conv_loss, &c, c.x, sizeof c.x / 4, dx, 1e-2, "conv dx");
    fd_check(conv_loss, &c, c.w, sizeof c.w / 4, dw, 1e-2, "conv dw");
    fd_check(conv_loss, &c, c.b, CKOUT, db, 1e-2, "conv db");
}

/* ---- batch norm (training mode) ---- */
enum { BN_N = 3, BN_C = 2, BN_HW = 5 };
typedef struct bn_ctx {
    float x[BN_N * BN_C * BN_HW], g[BN_C], b[BN_C], y[BN_N * BN_C * BN_HW], r[BN_N * BN_C * BN_HW];
    float mean[BN_C], var[BN_C], inv[BN_C];
} bn_ctx;

static double bn_loss(void *p)
{
    bn_ctx *c = p;
    ser__cnn_bn_forward_train(c->x, BN_N, BN_C, BN_HW, c->g, c->b, 1e-5f, c->y, c->mean, c->var, c->inv);
    return dot(c->y, c->r, sizeof c->y / 4);
}

static void test_batchnorm(void **state)
{
    (void)state;
    bn_ctx c;
    ser_rng rng;
    ser_rng_seed(&rng, 2);
    fill(&rng, c.x, sizeof c.x / 4, 1.0);
    fill(&rng, c.g, BN_C, 1.0);
    fill(&rng, c.b, BN_C, 1.0);
    fill(&rng, c.r, sizeof c.r / 4, 1.0);
    bn_loss(&c);
    float dx[sizeof c.x / 4], dg[BN_C] = {0}, db[BN_C] = {0};
    ser__cnn_bn_backward(c.x, c.r, BN_N, BN_C, BN_HW, c.g, c.mean, c.inv, dg, db, dx);
    fd_check(bn_loss, &c, c.x, sizeof c.x / 4, dx, 1e-3, "batchnorm dx");
    fd_check(bn_loss, &c, c.g, BN_C, dg, 1e-3, "batchnorm dgamma");
    fd_check(bn_loss, &c, c.b, BN_C, db, 1e-3, "batchnorm dbeta");
    /* Inference mode with the batch's own statistics = training mode. */
    bn_loss(&c);
    float yi[sizeof c.x / 4];
    ser__cnn_bn_forward_infer(c.x, BN_N, BN_C, BN_HW, c.g, c.b, c.mean, c.var, 1e-5f, yi);
    for (size_t i = 0; i < sizeof c.x / 4; i++)
        assert_true(tu_close(yi[i], c.y[i], 1e-5, 1e-5));
}

/* ---- relu, max-pool, gap, dropout ---- */
enum { PN = 2, PC = 2, PH = 5, PW = 4 };
typedef struct pw_ctx {
    float x[PN * PC * PH * PW], y[PN * PC * PH * PW], r[PN * PC * PH * PW];
    int32_t idx[PN * PC * PH * PW];
    float mask[PN * PC * PH * PW];
    int which; /* 0 relu, 1 maxpool, 2 gap, 3 dropout */
} pw_ctx;

static double pw_loss(void *p)
{
    pw_ctx *c = p;
    const size_t n = PN * PC * PH * PW;
    ser_rng rng;
    switch (c->which) {
    case 0:
        ser__cnn_relu_forward(c->x, n, c->y);
        return dot(c->y, c->r, n);
    case 1:
        ser__cnn_maxpool_forward(c->x, PN, PC, PH, PW, c->y, c->idx);
        return dot(c->y, c->r, PN * PC * (PH / 2) * (PW / 2));
    case 2:
        ser__cnn_gap_forward(c->x, PN, PC, PH * PW, c->y);
        return dot(c->y, c->r, PN * PC);
    default:
        ser_rng_seed(&rng, 9); /* the same mask every time */
        ser__cnn_dropout_forward(c->x, n, 0.4f, &rng, c->mask, c->y);
        return dot(c->y, c->r, n);
    }
}

static void test_pointwise(void **state)
{
    (void)state;
    static const char *names[4] = {"relu dx", "maxpool dx", "gap dx", "dropout dx"};
    const size_t n = PN * PC * PH * PW;
    for (int which = 0; which < 4; which++) {
        pw_ctx c;
        ser_rng rng;
        ser_rng_seed(&rng, 3 + (uint64_t)which);
        c.which = which;
        fill_distinct(&rng, c.x, n);
        fill(&rng, c.r, n, 1.0);
        pw_loss(&c);
        float dx[PN * PC * PH * PW];
        if (which == 0)
            ser__cnn_relu_backward(c.y, c.r, n, dx);
        else if (which == 1)
            ser__cnn_maxpool_backward(c.r, c.idx, PN, PC, PH, PW, dx);
        else if (which == 2)
            ser__cnn_gap_backward(c.r, PN, PC, PH * PW, dx);
        else
            ser__cnn_dropout_backward(c.r, c.mask, n, dx);
        fd_check(pw_loss, &c, c.x, n, dx, 1e-2, names[which]);
    }
}

/* ---- dense ---- */
enum { DN = 3, DIN = 5, DOUT = 4 };
typedef struct dense_ctx {
    float x[DN * DIN], w[DOUT * DIN], b[DOUT], y[DN * DOUT], r[DN * DOUT];
} dense_ctx;

static double dense_loss(void *p)
{
    dense_ctx *c = p;
    ser__cnn_dense_forward(c->x, DN, DIN, c->w, c->b, DOUT, c->y);
    return dot(c->y, c->r, DN * DOUT);
}

static void test_dense(void **state)
{
    (void)state;
    dense_ctx c;
    ser_rng rng;
    ser_rng_seed(&rng, 4);
    fill(&rng, c.x, DN * DIN, 1.0);
    fill(&rng, c.w, DOUT * DIN, 1.0);
    fill(&rng, c.b, DOUT, 1.0);
    fill(&rng, c.r, DN * DOUT, 1.0);
    float dx[DN * DIN], dw[DOUT * DIN] = {0}, db[DOUT] = {0};
    ser__cnn_dense_backward(c.x, c.r, DN, DIN, c.w, DOUT, dw, db, dx);
    fd_check(dense_loss, &c, c.x, DN * DIN, dx, 1e-2, "dense dx");
    fd_check(dense_loss, &c, c.w, DOUT * DIN, dw, 1e-2, "dense dw");
    fd_check(dense_loss, &c, c.b, DOUT, db, 1e-2, "dense db");
}

/* ---- softmax cross-entropy with class weights ---- */
enum { SN = 4, SK = 3 };
typedef struct sx_ctx {
    float z[SN * SK], p[SN * SK];
    int y[SN];
    double w[SK];
} sx_ctx;

static double sx_loss(void *p)
{
    sx_ctx *c = p;
    return ser__cnn_softmax_xent(c->z, c->y, SN, SK, c->w, c->p, NULL, NULL);
}

static void test_softmax_xent(void **state)
{
    (void)state;
    sx_ctx c = {.y = {0, 2, 1, 2}, .w = {0.5, 2.0, 1.25}};
    ser_rng rng;
    ser_rng_seed(&rng, 5);
    fill(&rng, c.z, SN * SK, 2.0);
    float dz[SN * SK];
    const double loss = ser__cnn_softmax_xent(c.z, c.y, SN, SK, c.w, c.p, dz, NULL);
    fd_check(sx_loss, &c, c.z, SN * SK, dz, 1e-3, "softmax-xent dlogits");
    /* PyTorch's CrossEntropyLoss(weight=w): sum_i w[y_i] nll_i / sum_i w[y_i] */
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < SN; i++) {
        double s = 0.0;
        for (size_t j = 0; j < SK; j++)
            s += exp((double)c.z[i * SK + j]);
        num += c.w[c.y[i]] * (log(s) - (double)c.z[i * SK + (size_t)c.y[i]]);
        den += c.w[c.y[i]];
    }
    assert_true(tu_close(loss, num / den, 1e-9, 1e-12));
    for (size_t i = 0; i < SN; i++) {
        double s = 0.0;
        for (size_t j = 0; j < SK; j++)
            s += c.p[i * SK + j];
        assert_true(tu_close(s, 1.0, 1e-6, 0.0));
    }
}

/* ---- a whole small network: every parameter ---- */
typedef struct net_ctx {
    ser_cnn *net;
    float *x;
    int y[3];
} net_ctx;

static double net_loss(void *p)
{
    net_ctx *c = p;
    ser__cnn_forward(c->net, c->x, 3, SER__CNN_STATS);
    return ser__cnn_softmax_xent(c->net->logits, c->y, 3, c->net->cfg.n_classes, NULL, c->net->probs, NULL, NULL);
}

static void test_network(void **state)
{
    (void)state;
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    cfg.n_mels = 6;
    cfg.n_frames = 5;
    cfg.n_classes = 3;
    cfg.n_blocks = 2;
    cfg.filters[0] = 3;
    cfg.filters[1] = 4;
    cfg.pool[0] = 1;
    cfg.pool[1] = 0;
    cfg.dropout = 0.0f;
    cfg.max_batch = 3;
    cfg.seed = 11;
    ser_cnn *net = ser_cnn_create(&cfg, NULL, NULL);
    assert_non_null(net);
    net_ctx c = {.net = net, .y = {2, 0, 1}};
    float x[3 * 6 * 5];
    ser_rng rng;
    ser_rng_seed(&rng, 6);
    fill(&rng, x, sizeof x / 4, 2.0);
    c.x = x;
    const double l = net_loss(&c);
    ser__cnn_softmax_xent(net->logits, c.y, 3, 3, NULL, net->probs, net->dlogits, NULL);
    memset(net->grads, 0, net->n_params * sizeof(float));
    ser__cnn_backward(net, 3);
    printf("  network: %zu parameters, loss %.6f\n", net->n_params, l);
    float *g = malloc(net->n_params * sizeof *g);
    memcpy(g, net->grads, net->n_params * sizeof *g);
    fd_check(net_loss, &c, net->params, net->n_params, g, 3e-4, "network params");
    free(g);
    ser_cnn_destroy(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conv),          cmocka_unit_test(test_batchnorm), cmocka_unit_test(test_pointwise),
        cmocka_unit_test(test_dense),         cmocka_unit_test(test_softmax_xent),
        cmocka_unit_test(test_network),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
