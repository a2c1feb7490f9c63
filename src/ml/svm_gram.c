/* SVM training on a precomputed kernel matrix (libsvm's PRECOMPUTED
 * kernel type), for searches that train many SVMs on the same rows: the
 * squared distances (or dot products) of the rows are computed once with
 * BLAS and each fit only maps them through its gamma.  The resulting
 * ser_svm holds the support vectors themselves (copied from the rows), so
 * it predicts with the ordinary allocation-free code (svm_predict.c).
 *
 * libsvm's precomputed rows: node 0 holds the row's serial number
 * (1-based), node j (j = 1..n) the kernel value against training row j,
 * then the terminator; libsvm looks kernel values up by serial number. */
#include <cblas.h>
#include <libsvm/svm.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"
#include "svm_model.h"

static double kernel_of(ser_svm_kernel kernel, double gamma, double base)
{
    return kernel == SER_SVM_LINEAR ? base : exp(-gamma * base);
}

static double sqnorm(const double *v, size_t d)
{
    double s = 0.0;
    for (size_t t = 0; t < d; t++)
        s += v[t] * v[t];
    return s;
}

ser_status ser__svm_gram_base(ser_svm_kernel kernel, const double *a, size_t na, const double *b, size_t nb,
                              size_t d, double *out, ser_error *err)
{
    if (na > INT32_MAX || nb > INT32_MAX || d > INT32_MAX)
        return ser_error_set(err, SER_ERR_OVERFLOW, "svm: %zu x %zu kernel matrix too large for BLAS", na, nb);
    bool same = a == b && na == nb;
    if (same) {
        /* Upper triangle of A A^T, mirrored: exactly symmetric. */
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)na, (int)d, 1.0, a, (int)d, 0.0, out, (int)na);
        if (kernel == SER_SVM_RBF) {
            /* |a_i|^2 + |a_j|^2 - 2 a_i.a_j from the Gram diagonal; 0 on it. */
            for (size_t i = 0; i < na; i++)
                for (size_t j = i + 1; j < na; j++) {
                    double v = out[i * na + i] + out[j * na + j] - 2.0 * out[i * na + j];
                    out[i * na + j] = v > 0.0 ? v : 0.0; /* rounding can dip below 0 */
                }
            for (size_t i = 0; i < na; i++)
                out[i * na + i] = 0.0;
        }
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < i; j++)
                out[i * na + j] = out[j * na + i];
        return SER_OK;
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)na, (int)nb, (int)d, 1.0, a, (int)d, b, (int)d, 0.0,
                out, (int)nb);
    if (kernel == SER_SVM_LINEAR)
        return SER_OK;
    double *bn = ser_alloc_array(nb ? nb : 1, sizeof *bn);
    if (!bn)
        return ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory");
    for (size_t j = 0; j < nb; j++)
        bn[j] = sqnorm(b + j * d, d);
    for (size_t i = 0; i < na; i++) {
        double ai = sqnorm(a + i * d, d);
        for (size_t j = 0; j < nb; j++) {
            double v = ai + bn[j] - 2.0 * out[i * nb + j];
            out[i * nb + j] = v > 0.0 ? v : 0.0;
        }
    }
    free(bn);
    return SER_OK;
}

/* A libsvm model trained on precomputed rows of x into a ser_svm: the
 * support vectors are the rows their serial numbers name. */
static ser_status from_libsvm_gram(const struct svm_model *model, const double *x, size_t n_rows, size_t d,
                                   ser_svm **out, ser_error *err)
{
    *out = NULL;
    int k = svm_get_nr_class(model);
    if (svm_get_svm_type(model) != C_SVC || k < 2)
        return ser_error_set(err, SER_ERR_FORMAT, "svm: libsvm model is not a multi-class C-SVC");
    for (int c = 0; c < k; c++)
        if (model->label[c] != c)
            return ser_error_set(err, SER_ERR_FORMAT, "svm: libsvm class %d has label %d (expected %d)", c,
                                 model->label[c], c);
    size_t n_sv = (size_t)model->l;
    ser_svm *m = ser__svm_alloc((size_t)k, d, n_sv, false);
    if (m && !(m->sv_rows = ser_alloc_array(n_sv ? n_sv : 1, sizeof *m->sv_rows))) {
        ser_svm_destroy(m);
        m = NULL;
    }
    if (!m)
        return ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory for %zu support vectors", n_sv);
    size_t start = 0;
    for (int c = 0; c < k; c++) {
        m->n_sv_class[c] = (size_t)model->nSV[c];
        m->sv_start[c] = start;
        start += (size_t)model->nSV[c];
    }
    if (start != n_sv) {
        ser_svm_destroy(m);
        return ser_error_set(err, SER_ERR_FORMAT, "svm: libsvm nSV sum %zu != l %zu", start, n_sv);
    }
    for (size_t i = 0; i < n_sv; i++) {
        double serial = model->SV[i][0].value;
        if (!(serial >= 1.0 && serial <= (double)n_rows)) {
            ser_svm_destroy(m);
            return ser_error_set(err, SER_ERR_FORMAT, "svm: support vector serial number %g out of range", serial);
        }
        size_t r = (size_t)serial - 1;
        m->sv_rows[i] = r;
        memcpy(m->sv + i * d, x + r * d, d * sizeof *x);
    }
    for (int c = 0; c < k - 1; c++)
        memcpy(m->coef + (size_t)c * n_sv, model->sv_coef[c], n_sv * sizeof(double));
    memcpy(m->rho, model->rho, m->n_pairs * sizeof(double));
    *out = m;
    return SER_OK;
}

ser_status ser__svm_train_gram(const double *x, size_t n_rows, size_t d, const double *base, const int *y,
                               size_t n_classes, const ser_svm_config *cfg, ser_svm **out, ser_error *err)
{
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "svm: no output");
    *out = NULL;
    ser__svm_quiet();
    if (n_classes > 65536)
        return ser_error_set(err, SER_ERR_OVERFLOW, "svm: %zu classes", n_classes);
    if (!base)
        return ser_error_set(err, SER_ERR_ARG, "svm: missing kernel matrix");
    size_t width = n_rows + 2, n_nodes;
    if (n_rows >= INT32_MAX - 2 || !ser_size_mul(n_rows, width, &n_nodes) ||
        n_nodes > SIZE_MAX / sizeof(struct svm_node))
        return ser_error_set(err, SER_ERR_OVERFLOW, "svm: %zu x %zu kernel matrix too large", n_rows, n_rows);
    int *weight_label = ser_alloc_array(n_classes ? n_classes : 1, sizeof *weight_label);
    double *weights = ser_alloc_array(n_classes ? n_classes : 1, sizeof *weights);
    size_t *order = NULL;
    struct svm_node *nodes = NULL, **rows = NULL;
    double *yy = NULL;
    ser_svm *m = NULL;
    ser_status st = SER_OK;
    if (!weight_label || !weights) {
        st = ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory");
        goto done;
    }
    st = ser__svm_check_problem(x, n_rows, d, y, n_classes, cfg, weights, err);
    if (st != SER_OK)
        goto done;
    order = ser_alloc_array(n_rows, sizeof *order);
    nodes = ser_alloc_array(n_nodes, sizeof *nodes);
    rows = ser_alloc_array(n_rows, sizeof *rows);
    yy = ser_alloc_array(n_rows, sizeof *yy);
    if (!order || !nodes || !rows || !yy) {
        st = ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory for a %zu x %zu kernel matrix", n_rows, n_rows);
        goto done;
    }
    if ((st = ser__svm_class_order(y, n_rows, n_classes, order, err)) != SER_OK)
        goto done;
    struct svm_parameter param;
    ser__svm_fill_param(cfg, x, n_rows, d, n_classes, weight_label, weights, &param);
    double gamma = param.gamma;
    param.kernel_type = PRECOMPUTED;
    for (size_t r = 0; r < n_rows; r++) {
        size_t i = order[r];
        struct svm_node *row = nodes + r * width;
        const double *bi = base + i * n_rows;
        row[0].index = 0;
        row[0].value = (double)(i + 1);
        for (size_t j = 0; j < n_rows; j++) {
            row[j + 1].index = (int)(j + 1);
            row[j + 1].value = kernel_of(cfg->kernel, gamma, bi[j]);
        }
        row[n_rows + 1].index = -1;
        row[n_rows + 1].value = 0.0;
        rows[r] = row;
        yy[r] = (double)y[i];
    }
    struct svm_problem prob = {(int)n_rows, yy, rows};
    const char *why = svm_check_parameter(&prob, &param);
    if (why) {
        st = ser_error_set(err, SER_ERR_ARG, "svm: libsvm rejects the parameters: %s", why);
        goto done;
    }
    struct svm_model *model = svm_train(&prob, &param);
    if (!model) {
        st = ser_error_set(err, SER_ERR_EXTERNAL, "svm: libsvm training failed");
        goto done;
    }
    st = from_libsvm_gram(model, x, n_rows, d, &m, err);
    svm_free_and_destroy_model(&model);
    if (st != SER_OK)
        goto done;
    m->cfg = *cfg;
    m->cfg.gamma = gamma;
    memcpy(m->weights, weights, n_classes * sizeof *weights);
    m->cfg.class_weights = NULL;
    if (cfg->probability) {
        m->prob_a = ser_calloc_array(m->n_pairs, sizeof *m->prob_a);
        m->prob_b = ser_calloc_array(m->n_pairs, sizeof *m->prob_b);
        if (!m->prob_a || !m->prob_b)
            st = ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory");
        else
            st = ser__svm_calibrate(m, &prob, &param, err); /* same precomputed rows */
    }
done:
    free(weight_label);
    free(weights);
    free(order);
    free(nodes);
    free(rows);
    free(yy);
    if (st != SER_OK) {
        ser_svm_destroy(m);
        return st;
    }
    *out = m;
    return SER_OK;
}

int ser__svm_predict_gram(const ser_svm *m, const double *base_row, double *scratch)
{
    double *kv = scratch, *dec = scratch + m->n_sv, *votes = dec + m->n_pairs;
    for (size_t i = 0; i < m->n_sv; i++)
        kv[i] = kernel_of(m->cfg.kernel, m->cfg.gamma, base_row[m->sv_rows[i]]);
    ser__svm_decision_kv(m, kv, dec);
    return ser__svm_vote(m, dec, votes);
}
