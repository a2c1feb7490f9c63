/* SVM training through libsvm (C-SVC, one-vs-one), copied into a ser_svm. */
#include <libsvm/svm.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"
#include "svm_model.h"

void ser_svm_config_default(ser_svm_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->kernel = SER_SVM_RBF;
    cfg->c = 1.0;
    cfg->gamma_mode = SER_SVM_GAMMA_SCALE;
    cfg->gamma = 0.0;
    cfg->class_weight = SER_CLASS_WEIGHT_NONE;
    cfg->class_weights = NULL;
    cfg->tol = 1e-3;
    cfg->cache_mb = 200.0;
    cfg->shrinking = true;
    cfg->probability = true;
    cfg->calibration_folds = 5;
    cfg->seed = 0;
}

/* libsvm prints progress through a process-wide hook; silence it once.
 * This pthread_once flag is the only writable static state in libser's
 * SVM code, forced by libsvm's API. */
static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
static void print_nothing(const char *s) { (void)s; }
static void make_quiet(void) { svm_set_print_string_function(print_nothing); }
void ser__svm_quiet(void) { pthread_once(&quiet_once, make_quiet); }

/* sklearn's gamma='scale': 1 / (n_features * X.var()), X.var() over all
 * entries (population variance); 1.0 when the variance is 0. */
static double gamma_scale(const double *x, size_t total, size_t n_features)
{
    double sum = 0.0;
    for (size_t i = 0; i < total; i++)
        sum += x[i];
    double mean = sum / (double)total, ss = 0.0;
    for (size_t i = 0; i < total; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double var = ss / (double)total;
    return var != 0.0 ? 1.0 / ((double)n_features * var) : 1.0;
}

static ser_status check_config(const ser_svm_config *cfg, ser_error *err)
{
    if (cfg->kernel != SER_SVM_RBF && cfg->kernel != SER_SVM_LINEAR)
        return ser_error_set(err, SER_ERR_ARG, "svm: unknown kernel %d", (int)cfg->kernel);
    if (!isfinite(cfg->c) || !(cfg->c > 0.0))
        return ser_error_set(err, SER_ERR_ARG, "svm: C = %g (must be > 0)", cfg->c);
    if (cfg->gamma_mode != SER_SVM_GAMMA_SCALE && cfg->gamma_mode != SER_SVM_GAMMA_AUTO &&
        cfg->gamma_mode != SER_SVM_GAMMA_VALUE)
        return ser_error_set(err, SER_ERR_ARG, "svm: unknown gamma mode %d", (int)cfg->gamma_mode);
    if (cfg->gamma_mode == SER_SVM_GAMMA_VALUE && (!isfinite(cfg->gamma) || !(cfg->gamma > 0.0)))
        return ser_error_set(err, SER_ERR_ARG, "svm: gamma = %g (must be > 0)", cfg->gamma);
    if (!isfinite(cfg->tol) || !(cfg->tol > 0.0))
        return ser_error_set(err, SER_ERR_ARG, "svm: tol = %g (must be > 0)", cfg->tol);
    if (!isfinite(cfg->cache_mb) || !(cfg->cache_mb > 0.0))
        return ser_error_set(err, SER_ERR_ARG, "svm: cache = %g MiB (must be > 0)", cfg->cache_mb);
    if (cfg->probability && cfg->calibration_folds < 2)
        return ser_error_set(err, SER_ERR_ARG, "svm: %zu calibration folds (need >= 2)", cfg->calibration_folds);
    return SER_OK;
}

ser_status ser__svm_check_problem(const double *x, size_t n_rows, size_t n_features, const int *y,
                                 size_t n_classes, const ser_svm_config *cfg, double *weights, ser_error *err)
{
    if (!x || !y || !cfg)
        return ser_error_set(err, SER_ERR_ARG, "svm: missing data or config");
    if (n_rows == 0 || n_features == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "svm: no training rows or no features");
    if (n_classes < 2)
        return ser_error_set(err, SER_ERR_LABEL, "svm: %zu class(es); a classifier needs at least 2", n_classes);
    if (n_rows > INT32_MAX || n_features >= INT32_MAX || n_classes > 65536)
        return ser_error_set(err, SER_ERR_OVERFLOW, "svm: problem too large for libsvm");
    ser_status st = check_config(cfg, err);
    if (st != SER_OK)
        return st;
    size_t total;
    if (!ser_size_mul(n_rows, n_features, &total))
        return ser_error_set(err, SER_ERR_OVERFLOW, "svm: %zu x %zu matrix too large", n_rows, n_features);
    for (size_t i = 0; i < total; i++)
        if (!isfinite(x[i]))
            return ser_error_set(err, SER_ERR_NONFINITE, "svm: feature %zu of row %zu is not finite",
                                 i % n_features, i / n_features);
    return ser_class_weights_compute(y, n_rows, n_classes, cfg->class_weight, cfg->class_weights, weights, err);
}

ser_status ser__svm_class_order(const int *y, size_t n_rows, size_t n_classes, size_t *order, ser_error *err)
{
    /* Stable counting sort by class: libsvm then sees labels 0, 1, ... in
     * order (it numbers classes by first appearance) and every pairwise
     * sub-problem keeps the caller's row order within each class. */
    size_t *count = ser_calloc_array(n_classes + 1, sizeof *count);
    if (!count)
        return ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory for %zu rows", n_rows);
    for (size_t i = 0; i < n_rows; i++)
        count[y[i] + 1]++;
    for (size_t k = 0; k < n_classes; k++) {
        if (count[k + 1] == 0) {
            free(count);
            return ser_error_set(err, SER_ERR_LABEL, "svm: class %zu has no training samples", k);
        }
        count[k + 1] += count[k];
    }
    for (size_t i = 0; i < n_rows; i++)
        order[count[y[i]]++] = i;
    free(count);
    return SER_OK;
}

void ser__svm_fill_param(const ser_svm_config *cfg, const double *x, size_t n_rows, size_t n_features,
                         size_t n_classes, int *weight_label, double *weights, struct svm_parameter *param)
{
    memset(param, 0, sizeof *param);
    param->svm_type = C_SVC;
    param->kernel_type = cfg->kernel == SER_SVM_LINEAR ? LINEAR : RBF;
    param->degree = 3;
    if (cfg->gamma_mode == SER_SVM_GAMMA_VALUE)
        param->gamma = cfg->gamma;
    else if (cfg->gamma_mode == SER_SVM_GAMMA_AUTO)
        param->gamma = 1.0 / (double)n_features;
    else
        param->gamma = gamma_scale(x, n_rows * n_features, n_features);
    param->coef0 = 0.0;
    param->cache_size = cfg->cache_mb;
    param->eps = cfg->tol;
    param->C = cfg->c;
    param->nr_weight = (int)n_classes;
    for (size_t k = 0; k < n_classes; k++)
        weight_label[k] = (int)k;
    param->weight_label = weight_label;
    param->weight = weights;
    param->nu = 0.5;
    param->p = 0.1;
    param->shrinking = cfg->shrinking ? 1 : 0;
    param->probability = 0; /* libsvm's own calibration uses rand(): never */
}

ser_status ser__svm_prepare(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                            const ser_svm_config *cfg, struct svm_problem *prob, struct svm_parameter *param,
                            int *weight_label, double *weights, void **nodes_out, double **y_out,
                            void **rows_out, ser_error *err)
{
    *nodes_out = NULL;
    *y_out = NULL;
    *rows_out = NULL;
    ser_status st = ser__svm_check_problem(x, n_rows, n_features, y, n_classes, cfg, weights, err);
    if (st != SER_OK)
        return st;
    size_t n_nodes, node_bytes;
    if (!ser_size_mul(n_rows, n_features + 1, &n_nodes) ||
        !ser_size_mul(n_nodes, sizeof(struct svm_node), &node_bytes))
        return ser_error_set(err, SER_ERR_OVERFLOW, "svm: %zu x %zu matrix too large", n_rows, n_features);

    size_t *order = ser_alloc_array(n_rows, sizeof *order);
    struct svm_node *nodes = ser_alloc_array(n_nodes, sizeof *nodes);
    struct svm_node **rows = ser_alloc_array(n_rows, sizeof *rows);
    double *yy = ser_alloc_array(n_rows, sizeof *yy);
    if (!order || !nodes || !rows || !yy)
        st = ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory for %zu x %zu problem", n_rows, n_features);
    else
        st = ser__svm_class_order(y, n_rows, n_classes, order, err);
    if (st != SER_OK) {
        free(order);
        free(nodes);
        free(rows);
        free(yy);
        return st;
    }

    /* Dense nodes (zeros included) so that libsvm sums every feature in
     * index order, exactly as libser's predictor does. */
    for (size_t r = 0; r < n_rows; r++) {
        const double *src = x + order[r] * n_features;
        struct svm_node *row = nodes + r * (n_features + 1);
        for (size_t j = 0; j < n_features; j++) {
            row[j].index = (int)j + 1;
            row[j].value = src[j];
        }
        row[n_features].index = -1;
        row[n_features].value = 0.0;
        rows[r] = row;
        yy[r] = (double)y[order[r]];
    }
    free(order);

    prob->l = (int)n_rows;
    prob->y = yy;
    prob->x = rows;
    ser__svm_fill_param(cfg, x, n_rows, n_features, n_classes, weight_label, weights, param);

    const char *why = svm_check_parameter(prob, param);
    if (why) {
        free(nodes);
        free(rows);
        free(yy);
        return ser_error_set(err, SER_ERR_ARG, "svm: libsvm rejects the parameters: %s", why);
    }
    *nodes_out = nodes;
    *y_out = yy;
    *rows_out = rows;
    return SER_OK;
}

ser_svm *ser__svm_alloc(size_t n_classes, size_t n_features, size_t n_sv, bool with_prob)
{
    size_t n_pairs, sv_len, coef_len;
    if (n_classes < 2 || n_classes > 65536 || !ser_size_mul(n_classes, n_classes - 1, &n_pairs) ||
        !ser_size_mul(n_sv, n_features, &sv_len) || !ser_size_mul(n_classes - 1, n_sv, &coef_len))
        return NULL;
    n_pairs /= 2;
    ser_svm *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->n_classes = n_classes;
    m->n_features = n_features;
    m->n_pairs = n_pairs;
    m->n_sv = n_sv;
    m->weights = ser_alloc_array(n_classes, sizeof *m->weights);
    m->n_sv_class = ser_calloc_array(n_classes, sizeof *m->n_sv_class);
    m->sv_start = ser_calloc_array(n_classes, sizeof *m->sv_start);
    m->sv = ser_calloc_array(sv_len, sizeof *m->sv);
    m->coef = ser_calloc_array(coef_len, sizeof *m->coef);
    m->rho = ser_calloc_array(n_pairs, sizeof *m->rho);
    if (with_prob) {
        m->prob_a = ser_calloc_array(n_pairs, sizeof *m->prob_a);
        m->prob_b = ser_calloc_array(n_pairs, sizeof *m->prob_b);
    }
    if (!m->weights || !m->n_sv_class || !m->sv_start || !m->sv || !m->coef || !m->rho ||
        (with_prob && (!m->prob_a || !m->prob_b))) {
        ser_svm_destroy(m);
        return NULL;
    }
    for (size_t k = 0; k < n_classes; k++)
        m->weights[k] = 1.0;
    ser_svm_config_default(&m->cfg);
    m->cfg.probability = with_prob;
    return m;
}

void ser_svm_destroy(ser_svm *m)
{
    if (!m)
        return;
    free(m->weights);
    free(m->n_sv_class);
    free(m->sv_start);
    free(m->sv);
    free(m->coef);
    free(m->rho);
    free(m->prob_a);
    free(m->prob_b);
    free(m->sv_rows);
    free(m);
}

ser_status ser__svm_from_libsvm(const struct svm_model *model, size_t n_features, ser_svm **out, ser_error *err)
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
    ser_svm *m = ser__svm_alloc((size_t)k, n_features, n_sv, false);
    if (!m)
        return ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory for %zu support vectors", n_sv);
    m->cfg.kernel = model->param.kernel_type == LINEAR ? SER_SVM_LINEAR : SER_SVM_RBF;
    m->cfg.gamma = model->param.gamma;
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
    for (size_t i = 0; i < n_sv; i++)
        for (const struct svm_node *nd = model->SV[i]; nd->index != -1; nd++) {
            if (nd->index < 1 || (size_t)nd->index > n_features) {
                ser_svm_destroy(m);
                return ser_error_set(err, SER_ERR_FORMAT, "svm: support vector feature index %d out of range",
                                     nd->index);
            }
            m->sv[i * n_features + (size_t)(nd->index - 1)] = nd->value;
        }
    for (int c = 0; c < k - 1; c++)
        memcpy(m->coef + (size_t)c * n_sv, model->sv_coef[c], n_sv * sizeof(double));
    memcpy(m->rho, model->rho, m->n_pairs * sizeof(double));
    *out = m;
    return SER_OK;
}

ser_status ser_svm_train(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                         const ser_svm_config *cfg, ser_svm **out, ser_error *err)
{
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "svm: no output");
    *out = NULL;
    ser__svm_quiet();
    if (n_classes > 65536)
        return ser_error_set(err, SER_ERR_OVERFLOW, "svm: %zu classes", n_classes);
    int *weight_label = ser_alloc_array(n_classes ? n_classes : 1, sizeof *weight_label);
    double *weights = ser_alloc_array(n_classes ? n_classes : 1, sizeof *weights);
    if (!weight_label || !weights) {
        free(weight_label);
        free(weights);
        return ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory");
    }
    struct svm_problem prob;
    struct svm_parameter param;
    void *nodes, *rows;
    double *yy;
    ser_status st = ser__svm_prepare(x, n_rows, n_features, y, n_classes, cfg, &prob, &param, weight_label,
                                     weights, &nodes, &yy, &rows, err);
    ser_svm *m = NULL;
    if (st == SER_OK) {
        struct svm_model *model = svm_train(&prob, &param);
        if (!model) {
            st = ser_error_set(err, SER_ERR_EXTERNAL, "svm: libsvm training failed");
        } else {
            st = ser__svm_from_libsvm(model, n_features, &m, err);
            svm_free_and_destroy_model(&model);
        }
    }
    if (st == SER_OK) {
        m->cfg = *cfg;
        m->cfg.gamma = param.gamma;
        memcpy(m->weights, weights, n_classes * sizeof *weights);
        m->cfg.class_weights = NULL;
        if (cfg->probability) {
            m->prob_a = ser_calloc_array(m->n_pairs, sizeof *m->prob_a);
            m->prob_b = ser_calloc_array(m->n_pairs, sizeof *m->prob_b);
            if (!m->prob_a || !m->prob_b)
                st = ser_error_set(err, SER_ERR_NOMEM, "svm: out of memory");
            else
                st = ser__svm_calibrate(m, &prob, &param, err);
        }
    }
    free(nodes);
    free(rows);
    free(yy);
    free(weight_label);
    free(weights);
    if (st != SER_OK) {
        ser_svm_destroy(m);
        return st;
    }
    *out = m;
    return SER_OK;
}
