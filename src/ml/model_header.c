/* The JSON header of a model file: building it from a new model's parts,
 * and parsing it back.  Doubles are written in their shortest form that
 * reads back to the same bits (cJSON's own printing may drop the last
 * bits), so a scaler survives the file exactly. */
#include <cjson/cJSON.h>
#include <libsvm/svm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xgboost/c_api.h>

#include "model_internal.h"
#include "ser/util.h"
#include "ser/version.h"

/* ---- building ---------------------------------------------------------- */

static cJSON *exact_number(double v)
{
    char buf[40];
    if (!isfinite(v))
        return cJSON_CreateNull();
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return cJSON_CreateRaw(buf);
}

static void add_exact(cJSON *obj, const char *key, double v) { cJSON_AddItemToObject(obj, key, exact_number(v)); }

static cJSON *exact_array(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, exact_number(v[i]));
    return a;
}

static cJSON *string_array(const char *const *s, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(s[i]));
    return a;
}

static void add_hex64(cJSON *obj, const char *key, uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%016llx", (unsigned long long)v);
    cJSON_AddStringToObject(obj, key, buf);
}

/* A u64 as a JSON number when exact (<= 2^53), else as a decimal string. */
static void add_u64(cJSON *obj, const char *key, uint64_t v)
{
    if (v <= (1ULL << 53)) {
        cJSON_AddNumberToObject(obj, key, (double)v);
    } else {
        char buf[24];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
        cJSON_AddStringToObject(obj, key, buf);
    }
}

static ser_status add_json_text(cJSON *obj, const char *key, const char *text, const char *what, ser_error *err)
{
    if (!text) {
        cJSON_AddNullToObject(obj, key);
        return SER_OK;
    }
    cJSON *v = cJSON_Parse(text);
    if (!cJSON_IsObject(v)) {
        cJSON_Delete(v);
        return ser_error_set(err, SER_ERR_PARSE, "model: %s is not a JSON object", what);
    }
    cJSON_AddItemToObject(obj, key, v);
    return SER_OK;
}

static cJSON *svm_hyperparameters(const ser_svm *svm)
{
    ser_svm_config c;
    ser_svm_config_of(svm, &c);
    size_t k = ser_svm_n_classes(svm);
    cJSON *h = cJSON_CreateObject();
    cJSON_AddStringToObject(h, "kernel", c.kernel == SER_SVM_LINEAR ? "linear" : "rbf");
    add_exact(h, "C", c.c);
    if (c.kernel == SER_SVM_RBF) {
        cJSON_AddStringToObject(h, "gamma_mode", c.gamma_mode == SER_SVM_GAMMA_SCALE  ? "scale"
                                                 : c.gamma_mode == SER_SVM_GAMMA_AUTO ? "auto"
                                                                                      : "value");
        add_exact(h, "gamma", c.gamma);
    } else { /* a linear kernel has no gamma */
        cJSON_AddNullToObject(h, "gamma_mode");
        cJSON_AddNullToObject(h, "gamma");
    }
    cJSON_AddStringToObject(h, "class_weight", ser_class_weight_mode_name(c.class_weight));
    cJSON_AddItemToObject(h, "class_weights", exact_array(c.class_weights, k));
    add_exact(h, "tol", c.tol);
    cJSON_AddBoolToObject(h, "shrinking", c.shrinking);
    cJSON *cal = cJSON_AddObjectToObject(h, "calibration");
    cJSON_AddStringToObject(cal, "method", "platt-pairwise-coupling");
    cJSON_AddNumberToObject(cal, "folds", (double)c.calibration_folds);
    add_u64(cal, "seed", c.seed);
    cJSON *nsv = cJSON_AddArrayToObject(h, "n_support");
    for (size_t i = 0; i < k; i++)
        cJSON_AddItemToArray(nsv, cJSON_CreateNumber((double)ser_svm_n_support_class(svm, i)));
    return h;
}

static cJSON *trees_hyperparameters(const ser_trees *t)
{
    ser_trees_config c;
    ser_trees_config_of(t, &c);
    cJSON *h = cJSON_CreateObject();
    cJSON_AddStringToObject(h, "mode", c.mode == SER_TREES_FOREST ? "forest" : "boost");
    cJSON_AddNumberToObject(h, "n_estimators", (double)c.n_estimators);
    if (c.max_depth == 0)
        cJSON_AddNullToObject(h, "max_depth");
    else
        cJSON_AddNumberToObject(h, "max_depth", (double)c.max_depth);
    add_exact(h, "learning_rate", c.learning_rate);
    add_exact(h, "subsample", c.subsample);
    add_exact(h, "colsample_bynode", c.colsample_bynode);
    add_exact(h, "colsample_bytree", c.colsample_bytree);
    add_exact(h, "min_child_weight", c.min_child_weight);
    add_exact(h, "reg_lambda", c.reg_lambda);
    add_exact(h, "min_split_loss", c.min_split_loss);
    cJSON_AddStringToObject(h, "tree_method", c.method == SER_TREES_HIST ? "hist" : "exact");
    if (c.method == SER_TREES_HIST)
        cJSON_AddNumberToObject(h, "max_bin", (double)c.max_bin);
    else
        cJSON_AddNullToObject(h, "max_bin");
    cJSON_AddStringToObject(h, "class_weight", ser_class_weight_mode_name(c.class_weight));
    cJSON_AddItemToObject(h, "class_weights", exact_array(c.class_weights, ser_trees_n_classes(t)));
    cJSON_AddNumberToObject(h, "nthread", c.nthread);
    add_u64(h, "seed", c.seed);
    cJSON_AddNumberToObject(h, "n_trees", (double)ser_trees_n_trees(t));
    cJSON_AddNumberToObject(h, "n_nodes", (double)ser_trees_n_nodes(t));
    return h;
}

static cJSON *cnn_hyperparameters(const ser_cnn *net)
{
    const ser_cnn_config *c = ser_cnn_get_config(net);
    cJSON *h = cJSON_CreateObject();
    cJSON_AddNumberToObject(h, "n_mels", (double)c->n_mels);
    cJSON_AddNumberToObject(h, "n_frames", (double)c->n_frames);
    cJSON_AddNumberToObject(h, "n_blocks", (double)c->n_blocks);
    cJSON *f = cJSON_AddArrayToObject(h, "filters");
    cJSON *p = cJSON_AddArrayToObject(h, "pool");
    for (size_t b = 0; b < c->n_blocks; b++) {
        cJSON_AddItemToArray(f, cJSON_CreateNumber((double)c->filters[b]));
        cJSON_AddItemToArray(p, cJSON_CreateBool(c->pool[b]));
    }
    cJSON_AddNumberToObject(h, "kernel", (double)c->kernel);
    add_exact(h, "dropout", c->dropout);
    add_exact(h, "bn_eps", c->bn_eps);
    add_u64(h, "init_seed", c->seed);
    cJSON_AddNumberToObject(h, "n_params", (double)ser_cnn_param_count(net));
    return h;
}

ser_status ser__model_header_build(const ser_model_meta *meta, const ser_scaler *scaler, const ser_svm *svm,
                                   const ser_trees *trees, const ser_cnn *cnn, char **text, ser_error *err)
{
    *text = NULL;
    ser_model_kind kind = cnn ? SER_MODEL_CNN : SER_MODEL_SVM;
    if (trees) {
        ser_trees_config c;
        ser_trees_config_of(trees, &c);
        kind = c.mode == SER_TREES_FOREST ? SER_MODEL_FOREST : SER_MODEL_BOOST;
    }
    size_t d = meta->n_features;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "ser-model");
    cJSON_AddNumberToObject(root, "format_version", SER_MODEL_FORMAT_VERSION);
    cJSON_AddStringToObject(root, "kind", ser_model_kind_name(kind));

    cJSON *f = cJSON_AddObjectToObject(root, "features");
    cJSON_AddStringToObject(f, "set", meta->feature_set);
    cJSON_AddNumberToObject(f, "dim", (double)d);
    add_hex64(f, "layout_hash", ser_feature_layout_hash(meta->feature_names, d));
    if (cnn) /* generated: "mel<m>_t<t>" */
        cJSON_AddNullToObject(f, "names");
    else
        cJSON_AddItemToObject(f, "names", string_array(meta->feature_names, d));
    ser_status st = add_json_text(f, "config", meta->feature_config_json, "the feature configuration", err);

    add_exact(root, "sample_rate", meta->sample_rate);
    cJSON_AddItemToObject(root, "labels", string_array(meta->label_names, meta->n_classes));
    if (cnn) {
        cJSON_AddNullToObject(root, "scaler");
    } else {
        cJSON *s = cJSON_AddObjectToObject(root, "scaler");
        cJSON_AddItemToObject(s, "mean", exact_array(ser_scaler_mean(scaler), d));
        cJSON_AddItemToObject(s, "scale", exact_array(ser_scaler_scale(scaler), d));
    }
    if (!cnn && meta->speaker_norm_mean && meta->speaker_norm_std) {
        cJSON *sn = cJSON_AddObjectToObject(root, "speaker_norm");
        cJSON_AddItemToObject(sn, "prior_mean", exact_array(meta->speaker_norm_mean, d));
        cJSON_AddItemToObject(sn, "prior_std", exact_array(meta->speaker_norm_std, d));
    }
    cJSON_AddItemToObject(root, "hyperparameters", cnn   ? cnn_hyperparameters(cnn)
                                                   : svm ? svm_hyperparameters(svm)
                                                         : trees_hyperparameters(trees));

    cJSON *tr = cJSON_AddObjectToObject(root, "training");
    cJSON_AddNumberToObject(tr, "n_samples", (double)meta->n_train);
    add_hex64(tr, "fingerprint", meta->data_fingerprint);
    if (st == SER_OK)
        st = add_json_text(root, "cv_metrics", meta->cv_metrics_json, "the CV metrics", err);

    cJSON *p = cJSON_AddObjectToObject(root, "provenance");
    cJSON_AddStringToObject(p, "ser_version", ser_version());
    char lib[32];
    if (svm) {
        snprintf(lib, sizeof lib, "%d", libsvm_version);
        cJSON_AddStringToObject(p, "libsvm_version", lib);
    } else if (trees) {
        int ma, mi, pa;
        XGBoostVersion(&ma, &mi, &pa);
        snprintf(lib, sizeof lib, "%d.%d.%d", ma, mi, pa);
        cJSON_AddStringToObject(p, "xgboost_version", lib);
    }
    if (meta->command_line)
        cJSON_AddStringToObject(p, "command_line", meta->command_line);
    else
        cJSON_AddNullToObject(p, "command_line");
    add_u64(p, "seed", meta->seed);
    if (meta->created)
        cJSON_AddStringToObject(p, "created", meta->created);
    else
        cJSON_AddNullToObject(p, "created");

    if (st == SER_OK) {
        *text = cJSON_PrintUnformatted(root);
        if (!*text)
            st = ser_error_set(err, SER_ERR_NOMEM, "model: out of memory for the header");
    }
    cJSON_Delete(root);
    return st;
}

/* ---- parsing ----------------------------------------------------------- */

static char **strings_of(const cJSON *a, size_t n)
{
    char **out = ser_calloc_array(n ? n : 1, sizeof *out);
    if (!out)
        return NULL;
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (i >= n || !cJSON_IsString(e) || !(out[i] = ser_strdup(e->valuestring))) {
            for (size_t j = 0; j < i; j++)
                free(out[j]);
            free(out);
            return NULL;
        }
        i++;
    }
    return out;
}

static bool doubles_of(const cJSON *a, double *out, size_t n)
{
    if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
        return false;
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (!cJSON_IsNumber(e))
            return false;
        out[i++] = e->valuedouble;
    }
    return true;
}

static const cJSON *get(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }

ser_status ser__model_header_parse(const char *text, size_t len, const char *name, ser_model **out,
                                   ser_error *err)
{
    *out = NULL;
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return ser_error_set(err, SER_ERR_PARSE, "%s: the model header is not valid JSON", name);
    }
    ser_model *m = calloc(1, sizeof *m);
    double *mean = NULL, *scale = NULL;
    ser_status st = SER_OK;
    const char *bad = NULL;
    if (!m) {
        st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", name);
        goto done;
    }
    const cJSON *fmt = get(root, "format"), *ver = get(root, "format_version"), *kind = get(root, "kind");
    const cJSON *feat = get(root, "features"), *labels = get(root, "labels"), *sr = get(root, "sample_rate");
    const cJSON *sc = get(root, "scaler");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "ser-model") != 0) {
        bad = "\"format\" is not \"ser-model\"";
    } else if (!cJSON_IsNumber(ver) || ver->valuedouble != SER_MODEL_FORMAT_VERSION) {
        st = ser_error_set(err, SER_ERR_VERSION, "%s: header format_version is not %u", name,
                           SER_MODEL_FORMAT_VERSION);
        goto done;
    } else if (!cJSON_IsString(kind)) {
        bad = "no \"kind\"";
    } else if (strcmp(kind->valuestring, "svm") == 0) {
        m->kind = SER_MODEL_SVM;
    } else if (strcmp(kind->valuestring, "forest") == 0) {
        m->kind = SER_MODEL_FOREST;
    } else if (strcmp(kind->valuestring, "boost") == 0) {
        m->kind = SER_MODEL_BOOST;
    } else if (strcmp(kind->valuestring, "cnn") == 0) {
        m->kind = SER_MODEL_CNN;
    } else {
        st = ser_error_set(err, SER_ERR_UNSUPPORTED, "%s: unknown model kind \"%s\"", name, kind->valuestring);
        goto done;
    }
    const cJSON *set = get(feat, "set"), *dim = get(feat, "dim"), *names = get(feat, "names");
    const cJSON *hash = get(feat, "layout_hash");
    const bool cnn = !bad && m->kind == SER_MODEL_CNN; /* generated names, no scaler */
    if (!bad && (!cJSON_IsString(set) || !cJSON_IsNumber(dim) || dim->valuedouble < 1 || dim->valuedouble > 1e7 ||
                 (cnn ? !cJSON_IsNull(names)
                      : (!cJSON_IsArray(names) || (double)cJSON_GetArraySize(names) != dim->valuedouble)) ||
                 !cJSON_IsString(hash)))
        bad = "bad \"features\"";
    if (!bad && (!cJSON_IsArray(labels) || cJSON_GetArraySize(labels) < 2 || cJSON_GetArraySize(labels) > 65536))
        bad = "bad \"labels\" (need 2 or more)";
    if (!bad && (!cJSON_IsNumber(sr) || !(sr->valuedouble >= 0.0)))
        bad = "bad \"sample_rate\"";
    if (bad) {
        st = ser_error_set(err, SER_ERR_FORMAT, "%s: model header: %s", name, bad);
        goto done;
    }
    m->n_features = (size_t)dim->valuedouble;
    m->n_classes = (size_t)cJSON_GetArraySize(labels);
    m->sample_rate = sr->valuedouble;
    m->feature_set = ser_strdup(set->valuestring);
    if (cnn) { /* the names follow from the image size, checked against the payload when assembling */
        const cJSON *hp = get(root, "hyperparameters"), *nm = get(hp, "n_mels"), *nf = get(hp, "n_frames");
        if (!cJSON_IsNumber(nm) || !cJSON_IsNumber(nf) || nm->valuedouble < 1 || nf->valuedouble < 1 ||
            nm->valuedouble * nf->valuedouble != dim->valuedouble) {
            st = ser_error_set(err, SER_ERR_LAYOUT, "%s: model header: cnn image size does not match \"dim\"", name);
            goto done;
        }
        m->feature_names = ser__cnn_feature_names((size_t)nm->valuedouble, (size_t)nf->valuedouble);
    } else {
        m->feature_names = strings_of(names, m->n_features);
    }
    m->labels = strings_of(labels, m->n_classes);
    mean = ser_alloc_array(m->n_features, sizeof *mean);
    scale = ser_alloc_array(m->n_features, sizeof *scale);
    m->header_json = malloc(len + 1);
    if (!m->feature_set || !m->feature_names || !m->labels || !mean || !scale || !m->header_json) {
        /* strings_of also fails on a non-string entry: say so, not NOMEM */
        bool types_ok = true;
        const cJSON *e;
        if (!cnn)
            cJSON_ArrayForEach(e, names) types_ok = types_ok && cJSON_IsString(e);
        cJSON_ArrayForEach(e, labels) types_ok = types_ok && cJSON_IsString(e);
        st = types_ok ? ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", name)
                      : ser_error_set(err, SER_ERR_FORMAT, "%s: model header: a feature or label name is not a "
                                      "string", name);
        goto done;
    }
    memcpy(m->header_json, text, len);
    m->header_json[len] = '\0';
    for (size_t i = 0; i < m->n_classes; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->labels[i], m->labels[j]) == 0) {
                st = ser_error_set(err, SER_ERR_LABEL, "%s: label \"%s\" appears twice", name, m->labels[i]);
                goto done;
            }
    m->layout_hash = ser_feature_layout_hash((const char *const *)m->feature_names, m->n_features);
    char hex[24];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)m->layout_hash);
    if (strcmp(hex, hash->valuestring) != 0) {
        st = ser_error_set(err, SER_ERR_LAYOUT, "%s: layout hash %s does not match the feature names (%s)", name,
                           hash->valuestring, hex);
        goto done;
    }
    if (cnn) {
        if (!cJSON_IsNull(sc))
            st = ser_error_set(err, SER_ERR_FORMAT, "%s: model header: a cnn model has no scaler", name);
        goto done;
    }
    if (!doubles_of(get(sc, "mean"), mean, m->n_features) || !doubles_of(get(sc, "scale"), scale, m->n_features)) {
        st = ser_error_set(err, SER_ERR_LAYOUT, "%s: scaler does not have %zu means and scales", name,
                           m->n_features);
        goto done;
    }
    ser_error why;
    if (ser_scaler_create(mean, scale, m->n_features, &m->scaler, &why) != SER_OK) {
        st = ser_error_set(err, SER_ERR_FORMAT, "%s: invalid scaler in the header (%s)", name, why.message);
        goto done;
    }
    const cJSON *sn = get(root, "speaker_norm");
    if (sn && !cJSON_IsNull(sn)) {
        m->sn_mean = ser_alloc_array(m->n_features, sizeof *m->sn_mean);
        m->sn_std = ser_alloc_array(m->n_features, sizeof *m->sn_std);
        if (!m->sn_mean || !m->sn_std) {
            st = ser_error_set(err, SER_ERR_NOMEM, "%s: out of memory", name);
            goto done;
        }
        bool ok = doubles_of(get(sn, "prior_mean"), m->sn_mean, m->n_features) &&
                  doubles_of(get(sn, "prior_std"), m->sn_std, m->n_features);
        for (size_t j = 0; ok && j < m->n_features; j++)
            ok = isfinite(m->sn_mean[j]) && isfinite(m->sn_std[j]) && m->sn_std[j] > 0.0;
        if (!ok)
            st = ser_error_set(err, SER_ERR_LAYOUT, "%s: \"speaker_norm\" does not have %zu finite prior means and "
                               "positive deviations", name, m->n_features);
    }
done:
    free(mean);
    free(scale);
    cJSON_Delete(root);
    if (st != SER_OK) {
        ser_model_destroy(m);
        return st;
    }
    *out = m;
    return SER_OK;
}
