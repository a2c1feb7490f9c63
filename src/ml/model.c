/* ser_model: creation from fitted parts, accessors, layout checks and
 * allocation-free prediction through a per-thread context. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "ser/checksum.h"
#include "ser/cnn_codec.h"
#include "ser/util.h"

struct ser_model_ctx {
    const ser_model *cnn_model; /* the cnn model this context's network copies, else NULL */
    ser_cnn *cnn;               /* that copy, batch 1 */
    float *cnn_probs;           /* n_classes */
    size_t capacity;            /* doubles in scratch */
    double scratch[];
};

const char *ser_model_kind_name(ser_model_kind kind)
{
    switch (kind) {
    case SER_MODEL_SVM: return "svm";
    case SER_MODEL_FOREST: return "forest";
    case SER_MODEL_BOOST: return "boost";
    case SER_MODEL_CNN: return "cnn";
    }
    return "unknown";
}

void ser_model_meta_default(ser_model_meta *meta) { memset(meta, 0, sizeof *meta); }

uint64_t ser_feature_layout_hash(const char *const *names, size_t n)
{
    uint64_t h = SER_FNV1A64_INIT;
    for (size_t i = 0; i < n; i++) {
        h = ser_fnv1a64(h, names[i], strlen(names[i]));
        h = ser_fnv1a64(h, "\n", 1);
    }
    return h;
}

static uint64_t hash_u64(uint64_t h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return ser_fnv1a64(h, b, 8);
}

uint64_t ser_data_fingerprint(const double *x, size_t n_rows, size_t n_cols, const int *y)
{
    uint64_t h = hash_u64(hash_u64(SER_FNV1A64_INIT, n_rows), n_cols);
    for (size_t i = 0; i < n_rows * n_cols; i++) {
        uint64_t u;
        memcpy(&u, &x[i], 8);
        h = hash_u64(h, u);
    }
    for (size_t i = 0; y && i < n_rows; i++)
        h = hash_u64(h, (uint64_t)(int64_t)y[i]);
    return h;
}

void ser_model_destroy(ser_model *m)
{
    if (!m)
        return;
    free(m->header_json);
    free(m->feature_set);
    if (m->feature_names)
        for (size_t i = 0; i < m->n_features; i++)
            free(m->feature_names[i]);
    free(m->feature_names);
    if (m->labels)
        for (size_t i = 0; i < m->n_classes; i++)
            free(m->labels[i]);
    free(m->labels);
    ser_scaler_destroy(m->scaler);
    free(m->sn_mean);
    free(m->sn_std);
    ser_svm_destroy(m->svm);
    ser_trees_destroy(m->trees);
    ser_cnn_destroy(m->cnn);
    free(m);
}

static ser_status check_meta(const ser_model_meta *meta, const ser_scaler *scaler, size_t est_features,
                             size_t est_classes, ser_error *err)
{
    if (!meta || !scaler)
        return ser_error_set(err, SER_ERR_ARG, "model: missing meta or scaler");
    if (!meta->feature_set || !*meta->feature_set)
        return ser_error_set(err, SER_ERR_ARG, "model: no feature-set name");
    if (!meta->feature_names || meta->n_features == 0)
        return ser_error_set(err, SER_ERR_ARG, "model: no feature names");
    for (size_t j = 0; j < meta->n_features; j++)
        if (!meta->feature_names[j])
            return ser_error_set(err, SER_ERR_ARG, "model: feature name %zu is missing", j);
    if (ser_scaler_dim(scaler) != meta->n_features || est_features != meta->n_features)
        return ser_error_set(err, SER_ERR_LAYOUT, "model: %zu feature names, scaler of %zu, classifier of %zu",
                             meta->n_features, ser_scaler_dim(scaler), est_features);
    if (!meta->label_names || meta->n_classes != est_classes)
        return ser_error_set(err, SER_ERR_LABEL, "model: %zu label names for a %zu-class classifier",
                             meta->n_classes, est_classes);
    for (size_t k = 0; k < meta->n_classes; k++) {
        if (!meta->label_names[k] || !*meta->label_names[k])
            return ser_error_set(err, SER_ERR_LABEL, "model: label name %zu is empty", k);
        for (size_t j = 0; j < k; j++)
            if (strcmp(meta->label_names[k], meta->label_names[j]) == 0)
                return ser_error_set(err, SER_ERR_LABEL, "model: label \"%s\" appears twice", meta->label_names[k]);
    }
    if (!isfinite(meta->sample_rate) || meta->sample_rate < 0.0)
        return ser_error_set(err, SER_ERR_ARG, "model: sample rate %g Hz", meta->sample_rate);
    return SER_OK;
}

static ser_status create(const ser_model_meta *meta, const ser_scaler *scaler, const ser_svm *svm,
                         const ser_trees *trees, ser_model **out, ser_error *err)
{
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "model: no output");
    *out = NULL;
    ser_status st;
    if (svm)
        st = check_meta(meta, scaler, ser_svm_n_features(svm), ser_svm_n_classes(svm), err);
    else if (trees)
        st = check_meta(meta, scaler, ser_trees_n_features(trees), ser_trees_n_classes(trees), err);
    else
        st = ser_error_set(err, SER_ERR_ARG, "model: no classifier");
    if (st != SER_OK)
        return st;
    if (svm && !ser_svm_has_probability(svm))
        return ser_error_set(err, SER_ERR_ARG, "model: the SVM was trained without probability calibration");
    char *header = NULL;
    unsigned char *payload = NULL;
    size_t plen = 0;
    st = ser__model_header_build(meta, scaler, svm, trees, NULL, &header, err);
    if (st == SER_OK)
        st = svm ? ser_svm_encode(svm, &payload, &plen, err) : ser_trees_encode(trees, &payload, &plen, err);
    if (st == SER_OK)
        st = ser__model_assemble(header, strlen(header), payload, plen, "new model", out, err);
    free(header);
    free(payload);
    return st;
}

ser_status ser_model_create_svm(const ser_model_meta *meta, const ser_scaler *scaler, const ser_svm *svm,
                                ser_model **out, ser_error *err)
{
    if (!svm)
        return ser_error_set(err, SER_ERR_ARG, "model: no SVM");
    return create(meta, scaler, svm, NULL, out, err);
}

ser_status ser_model_create_trees(const ser_model_meta *meta, const ser_scaler *scaler, const ser_trees *trees,
                                  ser_model **out, ser_error *err)
{
    if (!trees)
        return ser_error_set(err, SER_ERR_ARG, "model: no trees");
    return create(meta, scaler, NULL, trees, out, err);
}

char **ser__cnn_feature_names(size_t n_mels, size_t n_frames)
{
    size_t n;
    if (!ser_size_mul(n_mels, n_frames, &n))
        return NULL;
    char **names = ser_calloc_array(n ? n : 1, sizeof *names);
    for (size_t m = 0; names && m < n_mels; m++)
        for (size_t t = 0; t < n_frames; t++) {
            char buf[48];
            snprintf(buf, sizeof buf, "mel%zu_t%zu", m, t);
            if (!(names[m * n_frames + t] = ser_strdup(buf))) {
                ser__free_names(names, n);
                return NULL;
            }
        }
    return names;
}

void ser__free_names(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

ser_status ser_model_create_cnn(const ser_model_meta *meta, const ser_cnn *net, ser_model **out, ser_error *err)
{
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "model: no output");
    *out = NULL;
    if (!meta || !net)
        return ser_error_set(err, SER_ERR_ARG, "model: missing meta or network");
    const ser_cnn_config *c = ser_cnn_get_config(net);
    const size_t dim = c->n_mels * c->n_frames; /* bounded by ser_cnn_create */
    if (!meta->feature_set || !*meta->feature_set)
        return ser_error_set(err, SER_ERR_ARG, "model: no feature-set name");
    if (meta->n_features != 0 && meta->n_features != dim)
        return ser_error_set(err, SER_ERR_LAYOUT, "model: %zu features for a %zu x %zu log-mel image",
                             meta->n_features, c->n_mels, c->n_frames);
    char **gen = ser__cnn_feature_names(c->n_mels, c->n_frames);
    if (!gen)
        return ser_error_set(err, SER_ERR_NOMEM, "model: out of memory");
    ser_model_meta mm = *meta;
    mm.n_features = dim;
    if (meta->feature_names) {
        for (size_t j = 0; j < dim; j++)
            if (!meta->feature_names[j] || strcmp(meta->feature_names[j], gen[j]) != 0) {
                ser__free_names(gen, dim);
                return ser_error_set(err, SER_ERR_LAYOUT, "model: a cnn model's feature %zu must be \"mel%zu_t%zu\"",
                                     j, j / c->n_frames, j % c->n_frames);
            }
    }
    mm.feature_names = (const char *const *)gen;
    ser_status st = SER_OK;
    if (!mm.label_names || mm.n_classes != c->n_classes)
        st = ser_error_set(err, SER_ERR_LABEL, "model: %zu label names for a %zu-class network", mm.n_classes,
                           c->n_classes);
    for (size_t k = 0; st == SER_OK && k < mm.n_classes; k++) {
        if (!mm.label_names[k] || !*mm.label_names[k])
            st = ser_error_set(err, SER_ERR_LABEL, "model: label name %zu is empty", k);
        for (size_t j = 0; st == SER_OK && j < k; j++)
            if (strcmp(mm.label_names[k], mm.label_names[j]) == 0)
                st = ser_error_set(err, SER_ERR_LABEL, "model: label \"%s\" appears twice", mm.label_names[k]);
    }
    if (st == SER_OK && (!isfinite(mm.sample_rate) || mm.sample_rate < 0.0))
        st = ser_error_set(err, SER_ERR_ARG, "model: sample rate %g Hz", mm.sample_rate);
    char *header = NULL;
    unsigned char *payload = NULL;
    size_t plen = 0;
    if (st == SER_OK)
        st = ser__model_header_build(&mm, NULL, NULL, NULL, net, &header, err);
    ser__free_names(gen, dim);
    if (st == SER_OK)
        st = ser_cnn_encode(net, &payload, &plen, err);
    if (st == SER_OK)
        st = ser__model_assemble(header, strlen(header), payload, plen, "new model", out, err);
    free(header);
    free(payload);
    return st;
}

ser_model_kind ser_model_kind_of(const ser_model *m) { return m->kind; }
size_t ser_model_n_classes(const ser_model *m) { return m->n_classes; }
const char *ser_model_label(const ser_model *m, size_t k) { return k < m->n_classes ? m->labels[k] : NULL; }
size_t ser_model_n_features(const ser_model *m) { return m->n_features; }
const char *ser_model_feature_name(const ser_model *m, size_t j)
{
    return j < m->n_features ? m->feature_names[j] : NULL;
}
const char *ser_model_feature_set(const ser_model *m) { return m->feature_set; }
uint64_t ser_model_layout_hash(const ser_model *m) { return m->layout_hash; }
double ser_model_sample_rate(const ser_model *m) { return m->sample_rate; }
const char *ser_model_header_json(const ser_model *m) { return m->header_json; }
const ser_scaler *ser_model_scaler(const ser_model *m) { return m->scaler; }

bool ser_model_speaker_norm(const ser_model *m, const double **prior_mean, const double **prior_std)
{
    if (prior_mean)
        *prior_mean = m->sn_mean;
    if (prior_std)
        *prior_std = m->sn_std;
    return m->sn_mean != NULL;
}
const ser_svm *ser_model_svm(const ser_model *m) { return m->svm; }
const ser_trees *ser_model_trees(const ser_model *m) { return m->trees; }
const ser_cnn *ser_model_cnn(const ser_model *m) { return m->cnn; }

ser_status ser_model_check_layout(const ser_model *m, const char *const *names, size_t n, ser_error *err)
{
    if (!m || (!names && n))
        return ser_error_set(err, SER_ERR_ARG, "layout check: missing argument");
    size_t common = n < m->n_features ? n : m->n_features;
    for (size_t j = 0; j < common; j++)
        if (!names[j] || strcmp(names[j], m->feature_names[j]) != 0)
            return ser_error_set(err, SER_ERR_LAYOUT, "feature layout mismatch at dimension %zu: model has \"%s\", "
                                 "features have \"%s\"", j, m->feature_names[j], names[j] ? names[j] : "(null)");
    if (n != m->n_features)
        return ser_error_set(err, SER_ERR_LAYOUT, "feature layout mismatch: model expects %zu dimensions (set "
                             "\"%s\"), features have %zu", m->n_features, m->feature_set, n);
    return SER_OK;
}

static size_t scratch_needed(const ser_model *m)
{
    if (m->cnn)
        return 0;
    return m->n_features + (m->svm ? ser_svm_scratch_size(m->svm) : 0);
}

ser_status ser_model_ctx_create(const ser_model *m, ser_model_ctx **out)
{
    if (!m || !out)
        return SER_ERR_ARG;
    size_t n = scratch_needed(m), bytes;
    if (!ser_size_mul(n, sizeof(double), &bytes) || !ser_size_add(bytes, sizeof(ser_model_ctx), &bytes))
        return SER_ERR_OVERFLOW;
    ser_model_ctx *c = calloc(1, bytes);
    if (!c)
        return SER_ERR_NOMEM;
    c->capacity = n;
    if (m->cnn) {
        unsigned char *data = NULL;
        size_t len = 0;
        ser_status st = ser_cnn_encode(m->cnn, &data, &len, NULL);
        if (st == SER_OK)
            st = ser_cnn_decode(data, len, 1, &c->cnn, NULL);
        free(data);
        c->cnn_probs = st == SER_OK ? ser_calloc_array(m->n_classes, sizeof(float)) : NULL;
        if (!c->cnn_probs) {
            ser_model_ctx_destroy(c);
            return st == SER_OK ? SER_ERR_NOMEM : st;
        }
        c->cnn_model = m;
    }
    *out = c;
    return SER_OK;
}

void ser_model_ctx_destroy(ser_model_ctx *ctx)
{
    if (!ctx)
        return;
    ser_cnn_destroy(ctx->cnn);
    free(ctx->cnn_probs);
    free(ctx);
}

static ser_status predict_cnn(const ser_model *m, ser_model_ctx *ctx, const float *image, double *probs,
                              int *label)
{
    if (ctx->cnn_model != m)
        return SER_ERR_ARG;
    ser_status st = ser_cnn_predict(ctx->cnn, image, 1, ctx->cnn_probs, NULL);
    if (st != SER_OK)
        return st;
    size_t best = 0;
    for (size_t k = 0; k < m->n_classes; k++) {
        probs[k] = ctx->cnn_probs[k];
        if (probs[k] > probs[best])
            best = k;
    }
    if (label)
        *label = (int)best;
    return SER_OK;
}

ser_status ser_model_predict(const ser_model *m, ser_model_ctx *ctx, const float *features, size_t dim,
                             double *probs, size_t n_probs, int *label)
{
    if (!m || !ctx || !features || !probs)
        return SER_ERR_ARG;
    if (dim != m->n_features)
        return SER_ERR_LAYOUT;
    if (n_probs < m->n_classes || ctx->capacity < scratch_needed(m))
        return SER_ERR_ARG;
    for (size_t j = 0; j < dim; j++)
        if (!isfinite(features[j]))
            return SER_ERR_NONFINITE;
    if (m->cnn)
        return predict_cnn(m, ctx, features, probs, label);
    double *x = ctx->scratch;
    ser_scaler_transform_float(m->scaler, features, x, 1);
    if (m->svm)
        return ser_svm_predict(m->svm, x, label, probs, x + dim);
    ser_trees_predict(m->trees, x, label, probs);
    return SER_OK;
}
