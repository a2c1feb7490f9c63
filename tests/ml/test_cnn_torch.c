/* test_cnn_torch.c - the CNN's forward and backward pass against PyTorch
 * 1.13 (tests/ml/make_cnn_reference.py -> tests/ml/data/cnn_reference.json,
 * computed in float64 from float32 weights and input).
 *
 * Network: conv(1->4)-bn-relu-maxpool-conv(4->8)-bn-relu-gap-dense(8->4),
 * 4 images of 8 x 10, weighted cross-entropy, training mode.
 * Tolerances (float32 here vs float64 there): logits, probabilities,
 * loss and every parameter gradient |c - ref| <= 1e-5 + 1e-4 |ref|;
 * optimiser steps (2 x Adam, 2 x SGD momentum, weight decay)
 * |c - ref| <= 1e-6 + 1e-5 |ref|. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_ref.h"
#include "ml/cnn/cnn_internal.h"
#include "ml/cnn/cnn_layers.h"

typedef struct ref {
    cJSON *root;
    size_t n, h, w, k;
} ref;

static double max_err(const float *c, const double *r, size_t n, double atol, double rtol, const char *what)
{
    double worst = 0.0, worst_abs = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double e = fabs((double)c[i] - r[i]);
        if (e > worst_abs)
            worst_abs = e;
        const double q = e / (atol + rtol * fabs(r[i]));
        if (q > worst)
            worst = q;
        if (!tu_close(c[i], r[i], atol, rtol))
            fail_msg("%s[%zu]: %.9g vs PyTorch %.9g", what, i, (double)c[i], r[i]);
    }
    printf("  %-10s %4zu values: max |diff| %.3g, worst %.3f of tolerance\n", what, n, worst_abs, worst);
    return worst;
}

static ser_cnn *make_net(const ref *r)
{
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    cfg.n_mels = r->h;
    cfg.n_frames = r->w;
    cfg.n_classes = r->k;
    cfg.n_blocks = 2;
    cfg.filters[0] = 4;
    cfg.filters[1] = 8;
    cfg.pool[0] = 1;
    cfg.pool[1] = 0;
    cfg.dropout = 0.0f;
    cfg.max_batch = r->n;
    ser_cnn *net = ser_cnn_create(&cfg, NULL, NULL);
    assert_non_null(net);
    size_t np = 0;
    double *p = ref_doubles(r->root, "params", &np);
    assert_int_equal(np, ser_cnn_param_count(net));
    for (size_t i = 0; i < np; i++)
        ser__cnn_params(net)[i] = (float)p[i];
    free(p);
    return net;
}

static float *to_float(const double *d, size_t n)
{
    float *f = malloc(n * sizeof *f);
    for (size_t i = 0; i < n; i++)
        f[i] = (float)d[i];
    return f;
}

static void test_forward_backward(void **state)
{
    ref *r = *state;
    ser_cnn *net = make_net(r);
    size_t nx, ny, nw, nl, ng, npr;
    double *xd = ref_doubles(r->root, "input", &nx);
    int *y = ref_ints(r->root, "labels", &ny);
    double *cw = ref_doubles(r->root, "class_weights", &nw);
    double *logits = ref_doubles(r->root, "logits", &nl);
    double *probs = ref_doubles(r->root, "probs", &npr);
    double *grads = ref_doubles(r->root, "grads", &ng);
    float *x = to_float(xd, nx);
    assert_int_equal(nx, r->n * r->h * r->w);
    assert_int_equal(ng, ser_cnn_param_count(net));

    ser__cnn_forward(net, x, r->n, SER__CNN_STATS);
    max_err(net->logits, logits, nl, 1e-5, 1e-4, "logits");
    const double loss = ser__cnn_softmax_xent(net->logits, y, r->n, r->k, cw, net->probs, net->dlogits, NULL);
    printf("  loss %.9g vs PyTorch %.9g\n", loss, ref_num(r->root, "loss"));
    assert_true(tu_close(loss, ref_num(r->root, "loss"), 1e-5, 1e-4));
    max_err(net->probs, probs, npr, 1e-5, 1e-4, "probs");
    memset(ser__cnn_grads(net), 0, ng * sizeof(float));
    ser__cnn_backward(net, r->n);
    max_err(ser__cnn_grads(net), grads, ng, 1e-5, 1e-4, "grads");

    /* Batch-norm statistics recomputed over these same images: inference
     * then equals the training-mode pass. */
    assert_int_equal(ser_cnn_recompute_bn(net, x, r->n, NULL), SER_OK);
    float *pr = malloc(npr * sizeof *pr);
    assert_int_equal(ser_cnn_predict(net, x, r->n, pr, NULL), SER_OK);
    max_err(pr, probs, npr, 1e-5, 1e-4, "infer");
    free(pr);
    free(x);
    free(xd);
    free(y);
    free(cw);
    free(logits);
    free(probs);
    free(grads);
    ser_cnn_destroy(net);
}

static void check_optim(const ref *r, const char *key, ser_cnn_optimizer kind)
{
    const cJSON *o = ref_get(r->root, key);
    size_t np, ng, nt;
    double *p = ref_doubles(r->root, "params", &np);
    double *g = ref_doubles(r->root, "grads", &ng);
    double *target = ref_doubles(o, "params", &nt);
    float *pf = to_float(p, np), *gf = to_float(g, ng);
    ser_cnn_optim_config cfg;
    ser_cnn_optim_config_default(&cfg);
    cfg.kind = kind;
    cfg.lr = ref_num(o, "lr");
    cfg.weight_decay = ref_num(o, "weight_decay");
    if (kind == SER_CNN_ADAM) {
        cfg.beta1 = ref_num(o, "beta1");
        cfg.beta2 = ref_num(o, "beta2");
        cfg.eps = ref_num(o, "eps");
    } else {
        cfg.momentum = ref_num(o, "momentum");
    }
    ser__cnn_optim opt;
    assert_int_equal(ser__cnn_optim_init(&opt, &cfg, np), SER_OK);
    for (int s = 0; s < (int)ref_num(o, "steps"); s++)
        ser__cnn_optim_step(&opt, pf, gf, cfg.lr);
    max_err(pf, target, nt, 1e-6, 1e-5, key);
    ser__cnn_optim_free(&opt);
    free(pf);
    free(gf);
    free(p);
    free(g);
    free(target);
}

static void test_optimisers(void **state)
{
    ref *r = *state;
    check_optim(r, "adam", SER_CNN_ADAM);
    check_optim(r, "sgd", SER_CNN_SGD);
}

static int setup(void **state)
{
    static ref r;
    r.root = ref_load("cnn_reference.json");
    r.n = (size_t)ref_num(r.root, "n");
    r.h = (size_t)ref_num(r.root, "height");
    r.w = (size_t)ref_num(r.root, "width");
    r.k = (size_t)ref_num(r.root, "n_classes");
    *state = &r;
    return 0;
}

static int teardown(void **state)
{
    ref *r = *state;
    cJSON_Delete(r->root);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forward_backward),
        cmocka_unit_test(test_optimisers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
