/* Tree ensembles trained with xgboost's C API (random forest or boosting). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"
#include "trees_model.h"

void ser_trees_config_default(ser_trees_config *cfg, ser_trees_mode mode)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->mode = mode;
    cfg->n_estimators = 100;
    cfg->colsample_bytree = 1.0;
    cfg->min_child_weight = 1.0;
    cfg->reg_lambda = 1.0;
    cfg->min_split_loss = 0.0;
    cfg->method = SER_TREES_EXACT;
    cfg->max_bin = 256;
    cfg->class_weight = SER_CLASS_WEIGHT_NONE;
    cfg->nthread = 1;
    cfg->seed = 0;
    if (mode == SER_TREES_FOREST) {
        cfg->max_depth = 0;
        cfg->learning_rate = 1.0;
        cfg->subsample = 0.632;
        cfg->colsample_bynode = 0.0; /* sqrt(d) features */
    } else {
        cfg->max_depth = 6;
        cfg->learning_rate = 0.3;
        cfg->subsample = 1.0;
        cfg->colsample_bynode = 1.0;
    }
}

/* xgboost logs through a process-wide callback and global verbosity;
 * silence both once.  This pthread_once flag is forced by xgboost's API. */
static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
static void log_nothing(const char *s) { (void)s; }
static void make_quiet(void)
{
    XGBRegisterLogCallback(log_nothing);
    XGBSetGlobalConfig("{\"verbosity\": 0}");
}
void ser__xgb_quiet(void) { pthread_once(&quiet_once, make_quiet); }

static bool fraction_ok(double v) { return isfinite(v) && v > 0.0 && v <= 1.0; }

static ser_status check_config(const ser_trees_config *c, ser_error *err)
{
    if (c->mode != SER_TREES_FOREST && c->mode != SER_TREES_BOOST)
        return ser_error_set(err, SER_ERR_ARG, "trees: unknown mode %d", (int)c->mode);
    if (c->n_estimators == 0 || c->n_estimators > 100000)
        return ser_error_set(err, SER_ERR_ARG, "trees: n_estimators = %zu (need 1..100000)", c->n_estimators);
    if (c->max_depth > 1000)
        return ser_error_set(err, SER_ERR_ARG, "trees: max_depth = %zu (need 0..1000)", c->max_depth);
    if (c->mode == SER_TREES_BOOST && !fraction_ok(c->learning_rate))
        return ser_error_set(err, SER_ERR_ARG, "trees: learning_rate = %g (need (0, 1])", c->learning_rate);
    if (!fraction_ok(c->subsample))
        return ser_error_set(err, SER_ERR_ARG, "trees: subsample = %g (need (0, 1])", c->subsample);
    if (c->colsample_bynode != 0.0 && !fraction_ok(c->colsample_bynode))
        return ser_error_set(err, SER_ERR_ARG, "trees: colsample_bynode = %g (need 0 or (0, 1])",
                             c->colsample_bynode);
    if (!fraction_ok(c->colsample_bytree))
        return ser_error_set(err, SER_ERR_ARG, "trees: colsample_bytree = %g (need (0, 1])", c->colsample_bytree);
    if (!isfinite(c->min_child_weight) || c->min_child_weight < 0.0)
        return ser_error_set(err, SER_ERR_ARG, "trees: min_child_weight = %g (need >= 0)", c->min_child_weight);
    if (!isfinite(c->reg_lambda) || c->reg_lambda < 0.0)
        return ser_error_set(err, SER_ERR_ARG, "trees: reg_lambda = %g (need >= 0)", c->reg_lambda);
    if (!isfinite(c->min_split_loss) || c->min_split_loss < 0.0)
        return ser_error_set(err, SER_ERR_ARG, "trees: min_split_loss = %g (need >= 0)", c->min_split_loss);
    if (c->method != SER_TREES_EXACT && c->method != SER_TREES_HIST)
        return ser_error_set(err, SER_ERR_ARG, "trees: unknown tree method %d", (int)c->method);
    if (c->max_bin < 2 || c->max_bin > 65536)
        return ser_error_set(err, SER_ERR_ARG, "trees: max_bin = %zu (need 2..65536)", c->max_bin);
    if (c->nthread < 1 || c->nthread > 1024)
        return ser_error_set(err, SER_ERR_ARG, "trees: nthread = %d (need 1..1024)", c->nthread);
    return SER_OK;
}

/* colsample_bynode giving floor(sqrt(d)) features: xgboost keeps
 * max(1, (int)(fraction * d)) features, so aim half a feature above. */
static double sqrt_fraction(size_t d)
{
    double m = floor(sqrt((double)d));
    if (m < 1.0)
        m = 1.0;
    double f = (m + 0.5) / (double)d;
    return f > 1.0 ? 1.0 : f;
}

static ser_status xgb_fail(ser_error *err, const char *what)
{
    return ser_error_set(err, SER_ERR_EXTERNAL, "trees: xgboost %s failed: %s", what, XGBGetLastError());
}

static ser_status set_param(BoosterHandle b, const char *key, const char *value, ser_error *err)
{
    if (XGBoosterSetParam(b, key, value) != 0)
        return ser_error_set(err, SER_ERR_EXTERNAL, "trees: xgboost rejects %s = %s: %s", key, value,
                             XGBGetLastError());
    return SER_OK;
}

static ser_status set_num(BoosterHandle b, const char *key, double v, ser_error *err)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    return set_param(b, key, buf, err);
}

static ser_status configure(BoosterHandle b, const ser_trees_config *c, size_t n_classes, size_t n_features,
                            ser_error *err)
{
    bool forest = c->mode == SER_TREES_FOREST;
    double bynode = c->colsample_bynode == 0.0 ? sqrt_fraction(n_features) : c->colsample_bynode;
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)(c->seed & 0x7FFFFFFFFFFFFFFFULL));
    ser_status st = SER_OK;
#define P(k, v) \
    if (st == SER_OK) st = set_param(b, k, v, err)
#define N(k, v) \
    if (st == SER_OK) st = set_num(b, k, (double)(v), err)
    P("verbosity", "0");
    P("booster", "gbtree");
    P("objective", "multi:softprob");
    N("num_class", n_classes);
    P("tree_method", c->method == SER_TREES_HIST ? "hist" : "exact");
    N("nthread", c->nthread);
    P("seed", seed);
    N("num_parallel_tree", forest ? c->n_estimators : 1);
    N("eta", forest ? 1.0 : c->learning_rate);
    N("subsample", c->subsample);
    N("colsample_bynode", bynode);
    N("colsample_bytree", c->colsample_bytree);
    N("min_child_weight", c->min_child_weight);
    N("lambda", c->reg_lambda);
    N("gamma", c->min_split_loss);
    if (c->method == SER_TREES_HIST)
        N("max_bin", c->max_bin);
    if (c->max_depth == 0 && c->method == SER_TREES_HIST) {
        P("grow_policy", "lossguide"); /* the only policy where depth 0 = unlimited */
        P("max_depth", "0");
        P("max_leaves", "0");
    } else if (c->max_depth == 0) {
        P("grow_policy", "depthwise");
        N("max_depth", SER_TREES_EXACT_UNLIMITED_DEPTH); /* exact needs a limit */
    } else {
        P("grow_policy", "depthwise");
        N("max_depth", c->max_depth);
    }
#undef P
#undef N
    return st;
}

ser_status ser__trees_train_booster(const double *x, size_t n_rows, size_t n_features, const int *y,
                                    size_t n_classes, const ser_trees_config *cfg, double *weights,
                                    BoosterHandle *booster, ser_error *err)
{
    *booster = NULL;
    if (!x || !y || !cfg)
        return ser_error_set(err, SER_ERR_ARG, "trees: missing data or config");
    if (n_rows == 0 || n_features == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "trees: no training rows or no features");
    if (n_classes < 2)
        return ser_error_set(err, SER_ERR_LABEL, "trees: %zu class(es); a classifier needs at least 2", n_classes);
    if (n_classes > 65536 || n_features > UINT32_MAX || n_rows > UINT32_MAX)
        return ser_error_set(err, SER_ERR_OVERFLOW, "trees: problem too large");
    ser_status st = check_config(cfg, err);
    if (st != SER_OK)
        return st;
    size_t total;
    if (!ser_size_mul(n_rows, n_features, &total))
        return ser_error_set(err, SER_ERR_OVERFLOW, "trees: %zu x %zu matrix too large", n_rows, n_features);
    st = ser_class_weights_compute(y, n_rows, n_classes, cfg->class_weight, cfg->class_weights, weights, err);
    if (st != SER_OK)
        return st;
    ser__xgb_quiet();

    float *xf = ser_alloc_array(total, sizeof *xf);
    float *label = ser_alloc_array(n_rows, sizeof *label);
    float *w = ser_alloc_array(n_rows, sizeof *w);
    size_t *count = ser_calloc_array(n_classes, sizeof *count);
    if (!xf || !label || !w || !count) {
        st = ser_error_set(err, SER_ERR_NOMEM, "trees: out of memory for %zu x %zu matrix", n_rows, n_features);
        goto done;
    }
    for (size_t i = 0; i < total; i++) {
        if (!isfinite(x[i]) || !isfinite((float)x[i])) {
            st = ser_error_set(err, SER_ERR_NONFINITE, "trees: feature %zu of row %zu is not finite (as float)",
                               i % n_features, i / n_features);
            goto done;
        }
        xf[i] = (float)x[i];
    }
    for (size_t i = 0; i < n_rows; i++) {
        label[i] = (float)y[i];
        w[i] = (float)weights[y[i]];
        count[y[i]]++;
    }
    for (size_t k = 0; k < n_classes; k++)
        if (count[k] == 0) {
            st = ser_error_set(err, SER_ERR_LABEL, "trees: class %zu has no training samples", k);
            goto done;
        }

    DMatrixHandle dm = NULL;
    if (XGDMatrixCreateFromMat(xf, (bst_ulong)n_rows, (bst_ulong)n_features, NAN, &dm) != 0) {
        st = xgb_fail(err, "DMatrix creation");
        goto done;
    }
    if (XGDMatrixSetFloatInfo(dm, "label", label, (bst_ulong)n_rows) != 0 ||
        (cfg->class_weight != SER_CLASS_WEIGHT_NONE &&
         XGDMatrixSetFloatInfo(dm, "weight", w, (bst_ulong)n_rows) != 0)) {
        st = xgb_fail(err, "setting labels");
        XGDMatrixFree(dm);
        goto done;
    }
    BoosterHandle b = NULL;
    if (XGBoosterCreate(&dm, 1, &b) != 0) {
        st = xgb_fail(err, "booster creation");
        XGDMatrixFree(dm);
        goto done;
    }
    st = configure(b, cfg, n_classes, n_features, err);
    size_t rounds = cfg->mode == SER_TREES_FOREST ? 1 : cfg->n_estimators;
    for (size_t it = 0; it < rounds && st == SER_OK; it++)
        if (XGBoosterUpdateOneIter(b, (int)it, dm) != 0)
            st = xgb_fail(err, "training");
    XGDMatrixFree(dm);
    if (st != SER_OK)
        XGBoosterFree(b);
    else
        *booster = b;
done:
    free(xf);
    free(label);
    free(w);
    free(count);
    return st;
}

size_t ser__forest_chunk_trees(size_t n_estimators, size_t i)
{
    size_t start = i * SER__FOREST_CHUNK;
    if (start >= n_estimators)
        return 0;
    return n_estimators - start < SER__FOREST_CHUNK ? n_estimators - start : SER__FOREST_CHUNK;
}

uint64_t ser__forest_chunk_seed(uint64_t seed, size_t i)
{
    if (i == 0)
        return seed; /* a forest of one chunk is xgboost's forest with the seed */
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (uint64_t)i; /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The chunks of a forest merged in chunk order; chunk i's leaves times
 * (trees in chunk i) / (trees in all), in float. */
static ser_status merge_chunks(ser_trees **chunk, size_t n_chunks, size_t n_estimators, ser_trees **out,
                               ser_error *err)
{
    size_t n_trees = 0, n_nodes = 0;
    for (size_t i = 0; i < n_chunks; i++) {
        n_trees += chunk[i]->n_trees;
        n_nodes += chunk[i]->n_nodes;
        if (chunk[i]->base_score != chunk[0]->base_score)
            return ser_error_set(err, SER_ERR_FORMAT, "trees: forest chunks with different base scores");
    }
    const ser_trees *c0 = chunk[0];
    ser_trees *t = ser__trees_alloc(c0->n_classes, c0->n_features, n_trees, n_nodes);
    if (!t)
        return ser_error_set(err, SER_ERR_NOMEM, "trees: out of memory for %zu nodes", n_nodes);
    t->cfg = c0->cfg;
    memcpy(t->weights, c0->weights, c0->n_classes * sizeof *t->weights);
    t->base_score = c0->base_score;
    size_t ti = 0, ni = 0;
    for (size_t i = 0; i < n_chunks; i++) {
        const ser_trees *c = chunk[i];
        float scale = (float)ser__forest_chunk_trees(n_estimators, i) / (float)n_estimators;
        for (size_t j = 0; j < c->n_trees; j++, ti++) {
            t->tree_class[ti] = c->tree_class[j];
            t->root[ti] = ni + c->root[j];
            t->size[ti] = c->size[j];
        }
        for (size_t j = 0; j < c->n_nodes; j++, ni++) {
            t->nodes[ni] = c->nodes[j];
            if (t->nodes[ni].left == -1)
                t->nodes[ni].value = c->nodes[j].value * scale;
        }
    }
    ser_status st = ser__trees_validate(t, err);
    if (st) {
        ser_trees_destroy(t);
        return st;
    }
    *out = t;
    return SER_OK;
}

typedef struct chunk_job {
    const double *x;
    size_t n_rows, n_features, n_classes, n_chunks, next;
    const int *y;
    const ser_trees_config *cfg, *c;
    ser_trees **chunk;
    ser_status *status;
    ser_error *err;
    pthread_mutex_t lock;
} chunk_job;

static void *chunk_worker(void *arg)
{
    chunk_job *j = arg;
    double *weights = ser_alloc_array(j->n_classes, sizeof *weights);
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next++;
        pthread_mutex_unlock(&j->lock);
        if (i >= j->n_chunks)
            break;
        if (!weights) {
            j->status[i] = ser_error_set(&j->err[i], SER_ERR_NOMEM, "trees: out of memory");
            continue;
        }
        ser_trees_config ci = *j->cfg;
        ci.n_estimators = ser__forest_chunk_trees(j->cfg->n_estimators, i);
        ci.seed = ser__forest_chunk_seed(j->cfg->seed, i);
        BoosterHandle b;
        j->status[i] = ser__trees_train_booster(j->x, j->n_rows, j->n_features, j->y, j->n_classes, &ci, weights, &b,
                                                &j->err[i]);
        if (!j->status[i]) {
            j->status[i] = ser__trees_from_booster(b, j->n_classes, j->n_features, j->c, weights, &j->chunk[i],
                                                   &j->err[i]);
            XGBoosterFree(b);
        }
    }
    free(weights);
    return NULL;
}

/* One booster per chunk of at most SER__FOREST_CHUNK trees (see
 * trees_model.h), each copied into a ser_trees with config c; chunks on
 * `threads` pthreads (each chunk's trees do not depend on it). */
static ser_status train_chunks(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                               const ser_trees_config *cfg, const ser_trees_config *c, int threads,
                               ser_trees **out, ser_error *err)
{
    size_t n_chunks = (cfg->n_estimators + SER__FOREST_CHUNK - 1) / SER__FOREST_CHUNK;
    chunk_job j = {.x = x, .n_rows = n_rows, .n_features = n_features, .n_classes = n_classes,
                   .n_chunks = n_chunks, .y = y, .cfg = cfg, .c = c};
    j.chunk = ser_calloc_array(n_chunks, sizeof *j.chunk);
    j.status = ser_calloc_array(n_chunks, sizeof *j.status);
    j.err = ser_calloc_array(n_chunks, sizeof *j.err);
    ser_status st = SER_OK;
    if (!j.chunk || !j.status || !j.err) {
        st = ser_error_set(err, SER_ERR_NOMEM, "trees: out of memory");
    } else {
        pthread_mutex_init(&j.lock, NULL);
        size_t nt = threads > 1 ? (size_t)threads : 1, started = 0;
        nt = nt > n_chunks ? n_chunks : nt;
        pthread_t *th = nt > 1 ? ser_alloc_array(nt, sizeof *th) : NULL;
        for (size_t i = 1; th && i < nt; i++, started++)
            if (pthread_create(&th[i], NULL, chunk_worker, &j))
                break;
        chunk_worker(&j);
        for (size_t i = 1; i <= started; i++)
            pthread_join(th[i], NULL);
        free(th);
        pthread_mutex_destroy(&j.lock);
        for (size_t i = 0; i < n_chunks && !st; i++)
            if (j.status[i]) {
                *err = j.err[i];
                st = j.status[i];
            }
        if (!st)
            st = merge_chunks(j.chunk, n_chunks, cfg->n_estimators, out, err);
    }
    for (size_t i = 0; j.chunk && i < n_chunks; i++)
        ser_trees_destroy(j.chunk[i]);
    free(j.chunk);
    free(j.status);
    free(j.err);
    return st;
}

ser_status ser_trees_train(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                           const ser_trees_config *cfg, ser_trees **out, ser_error *err)
{
    return ser__trees_train_threads(x, n_rows, n_features, y, n_classes, cfg, 1, out, err);
}

ser_status ser__trees_train_threads(const double *x, size_t n_rows, size_t n_features, const int *y,
                                    size_t n_classes, const ser_trees_config *cfg, int threads, ser_trees **out,
                                    ser_error *err)
{
    if (!out)
        return ser_error_set(err, SER_ERR_ARG, "trees: no output");
    *out = NULL;
    if (n_classes > 65536)
        return ser_error_set(err, SER_ERR_OVERFLOW, "trees: %zu classes", n_classes);
    double *weights = ser_alloc_array(n_classes ? n_classes : 1, sizeof *weights);
    if (!weights)
        return ser_error_set(err, SER_ERR_NOMEM, "trees: out of memory");
    ser_trees_config c = *cfg;
    if (c.colsample_bynode == 0.0)
        c.colsample_bynode = sqrt_fraction(n_features);
    if (c.mode == SER_TREES_FOREST)
        c.learning_rate = 1.0;
    ser_status st;
    if (cfg->mode == SER_TREES_FOREST && cfg->n_estimators > SER__FOREST_CHUNK) {
        /* The same validation as one booster, before any thread starts. */
        st = check_config(cfg, err);
        if (!st)
            st = ser_class_weights_compute(y, n_rows, n_classes, cfg->class_weight, cfg->class_weights, weights, err);
        if (!st)
            st = train_chunks(x, n_rows, n_features, y, n_classes, cfg, &c, threads, out, err);
    } else {
        BoosterHandle b;
        st = ser__trees_train_booster(x, n_rows, n_features, y, n_classes, cfg, weights, &b, err);
        if (st == SER_OK) {
            st = ser__trees_from_booster(b, n_classes, n_features, &c, weights, out, err);
            XGBoosterFree(b);
        }
    }
    free(weights);
    return st;
}
